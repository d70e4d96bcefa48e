//! Every construct the generator supports (issue 5, item 2), on a small spec of
//! our own: `tests/fixtures/constructs.yaml`, generated into the committed crate
//! `tests/constructs-client/` (`isc-constructs-client`).
//!
//! - `freshness`: the committed crate is what the generator makes today.
//! - `lowering`: what the IR decides for each construct (names, boxes, shapes).
//! - `decoding`: the generated types against JSON samples.
//! - `http`: the generated client against a mock server on loopback.
//! - `features`: the crate compiles with only one tag's cargo feature.
//! - `regressions`: constructs that were broken once, pinned by behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod decoding;
mod features;
mod freshness;
mod http;
mod lowering;
mod regressions;
mod support;
