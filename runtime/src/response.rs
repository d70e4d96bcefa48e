//! A complete response, and turning it into values or errors.
// Header values come from the network: no unchecked arithmetic or casts.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::decode::decode_json;
use crate::error::{ApiError, Error};
use crate::failures::DecodeError;
use crate::paginate::Page;
use crate::text::lossy_prefix;

/// Bytes of an error body kept as text in [`ApiError::raw`].
const RAW_BYTES: usize = 8 * 1024;

/// A complete HTTP response: status, headers and the whole body.
#[derive(Clone)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// Builds a response from its parts (useful for tests of generated code).
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header's value, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body as text, invalid UTF-8 replaced by U+FFFD (for `text/plain`,
    /// `text/csv` and similar responses).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Value of X-Total-Count, if present and a whole number ≥ 0 (a negative or
    /// unparsable count is ignored).
    pub fn total_count(&self) -> Option<u64> {
        self.header("x-total-count")?.trim().parse().ok()
    }

    /// Decodes the body as JSON; failure is Error::Decode with the JSON path
    /// (found by a second, path-tracking decode after the failure) and a
    /// bounded snippet of the body.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        decode_json(&self.body).map_err(Error::Decode)
    }

    /// Decodes a JSON array body into a [`Page`] whose total is X-Total-Count.
    pub fn page<T: DeserializeOwned, E>(&self) -> Result<Page<T>, Error<E>> {
        Ok(Page {
            items: self.json()?,
            total: self.total_count(),
        })
    }

    /// For statuses that are not the success status: builds Error::Api with the
    /// status, the raw text and the typed body decoded by `E::decode`.
    pub fn into_error<E: ErrorBody>(self) -> Error<E> {
        let (body, decode_error) = match E::decode(self.status, &self.body) {
            None => (None, None),
            Some(Ok(body)) => (Some(body), None),
            Some(Err(error)) => (None, Some(error)),
        };
        Error::Api(ApiError {
            status: self.status,
            body,
            decode_error,
            raw: lossy_prefix(&self.body, RAW_BYTES),
        })
    }
}

impl std::fmt::Debug for Response {
    // The body can be large and personal; its size is enough to debug with.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Implemented by each generated `<Operation>Error` enum: one variant per error
/// status the spec declares for the operation.
pub trait ErrorBody: Sized {
    /// `None` when the spec declares nothing for this status; `Some(Err)` when it
    /// does but the body does not decode.
    fn decode(status: u16, body: &[u8]) -> Option<Result<Self, DecodeError>>;
}

/// Any JSON error body, for calls without a generated error type. An empty body
/// gives no typed body.
impl ErrorBody for serde_json::Value {
    fn decode(_status: u16, body: &[u8]) -> Option<Result<Self, DecodeError>> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(decode_json(body))
    }
}

/// No error bodies are declared.
impl ErrorBody for () {
    fn decode(_status: u16, _body: &[u8]) -> Option<Result<Self, DecodeError>> {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn text_is_lossy_utf8_and_bytes_are_untouched() {
        let response = Response::new(200, HeaderMap::new(), &b"caf\xc3\xa9 \xff!"[..]);
        assert_eq!(response.text(), "café \u{fffd}!");
        let bytes: &Bytes = response.bytes();
        assert_eq!(bytes.as_ref(), b"caf\xc3\xa9 \xff!");
        assert_eq!(
            Response::new(204, HeaderMap::new(), Bytes::new()).text(),
            ""
        );
    }
}
