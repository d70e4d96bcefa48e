//! Runtime for generated SailPoint Identity Security Cloud (ISC) API clients.
//!
//! Generated code builds a [`Request`], sends it with [`Client::execute`] and turns
//! the [`Response`] into a model or an [`Error`]. This crate supplies everything
//! around that: configuration ([`Config`]), OAuth2 client-credentials tokens
//! ([`auth`]), retries ([`RetryPolicy`]), redirects ([`RedirectPolicy`]),
//! timeouts and the per-call deadline, response size limits, tracing, pagination
//! ([`paginate`]), query parameter styles ([`QueryStyle`]), form and [`Multipart`]
//! bodies, and the value types models use ([`DateTime`], [`Date`], [`JsonMap`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), isc_runtime::Error<serde_json::Value>> {
//! use isc_runtime::{Client, Config, Method, Request};
//!
//! let client = Client::new(Config::builder().tenant("acme").client_credentials("id", "secret").build()?)?;
//! let request = Request::new("listAccounts", Method::GET, "/beta", "/accounts")
//!     .query("limit", &10)
//!     .authenticated();
//! let response = client.execute::<serde_json::Value>(request).await?;
//! let accounts: Vec<serde_json::Value> = match response.status() {
//!     200 => response.json()?,
//!     _ => return Err(response.into_error()),
//! };
//! # let _ = accounts;
//! # Ok(())
//! # }
//! ```
//!
//! Calls need a Tokio runtime with its time and IO drivers enabled.
//!
//! Tracing: each call is one `isc_request` span (at INFO) with the operation id,
//! method, path template, final status, attempt count and latency. Tokens, secrets,
//! query values and bodies are never recorded.

// Library code returns errors instead of panicking; tests may index. No
// unchecked arithmetic or narrowing casts either: many values come from the
// network (modules handling them also deny these in their own tests).
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
#![cfg_attr(
    not(test),
    deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)
)]
#![warn(missing_docs)]

pub mod auth;
mod auth_error;
mod client;
pub mod clock;
pub mod config;
mod decode;
mod encode;
mod error;
mod failures;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
pub mod object;
mod operation;
mod paginate;
mod redirect;
mod request;
mod response;
pub mod retry;
mod string_enum;
mod text;
mod time;
mod transport;

pub use bytes::Bytes;
pub use futures_core::Stream;
/// The HTTP client crate, for custom [`Authenticator`]s and [`ClientBuilder::http_client`].
pub use reqwest;
pub use reqwest::Method;
/// Secret strings as accepted by [`Credentials`] and [`Credential`].
pub use secrecy;

pub use auth::{
    ApiKeyLocation, AuthContext, AuthError, Authenticator, BearerAuth, ClientCredentialsAuth,
    Credential, FixedAuth,
};
pub use client::{Client, ClientBuilder};
pub use clock::{BoxFuture, Clock, ManualClock, TokioClock};
pub use config::{Config, ConfigBuilder, ConfigError, ConfigSources, Credentials};
pub use decode::decode_json;
pub use encode::QueryStyle;
pub use error::{ApiError, Error};
pub use failures::{
    BodyTooLargeError, CallPhase, DecodeError, EncodeError, PaginationError, RedirectError,
    TimeoutError, TimeoutPhase, TransportError,
};
pub use multipart::{FilePart, Multipart};
pub use operation::{CallFuture, Operation, Paged, send, send_page, stream};
pub use paginate::{
    DEFAULT_PAGE_SIZE, Page, PageBounds, PageOptions, PageRequest, paginate, paginate_within,
};
pub use redirect::RedirectPolicy;
pub use request::Request;
pub use response::{ErrorBody, Response};
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use serde;
#[doc(hidden)]
pub use string_enum::deserialize_string_enum;
pub use time::{Date, DateParseError, DateTime, DateTimeParseError};

/// Order-keeping free-form JSON object: keys keep the server's order, and keys that
/// differ only in case (`ImmutableId`, `immutableId`) stay distinct.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
