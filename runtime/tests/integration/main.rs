//! Tests of the runtime against a real HTTP server on loopback (wiremock).
//! One test binary with modules, so the heavy dev-dependencies link once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod auth;
mod bodies;
mod common;
mod config;
mod datetime;
mod deadline;
mod decode;
mod limits;
mod objects;
mod paginate;
mod paginate_guards;
mod parsers;
mod redirects;
mod retry;
mod schemes;
mod secrets;
mod token_failures;
