//! The error type every call returns, and its parts.

use std::fmt;
use std::time::Duration;

use crate::auth::AuthError;
use crate::config::ConfigError;

/// Longest body excerpt kept in a [`DecodeError`] and shown in [`ApiError`]'s `Display`.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong in one API call.
///
/// `E` is the operation's error-body type (the generated `<Operation>Error` enum),
/// filled in [`ApiError::body`] when the server answers with a status the spec
/// declares a body for.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The client is not configured well enough to send anything.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The request could not be sent or its response not read.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// A timeout expired before a complete response arrived.
    #[error(transparent)]
    Timeout(#[from] TimeoutError),
    /// No access token could be obtained.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The server answered with a status the operation does not treat as success.
    #[error(transparent)]
    Api(ApiError<E>),
    /// A response body did not decode into the expected type.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A request parameter or body could not be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

impl<E> Error<E> {
    /// The HTTP status of an [`Error::Api`], if this is one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// The typed error body of an [`Error::Api`], if the server sent one the spec declares.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(api) => api.body.as_ref(),
            _ => None,
        }
    }
}

impl<E> From<ApiError<E>> for Error<E> {
    fn from(error: ApiError<E>) -> Self {
        Error::Api(error)
    }
}

/// A non-success answer from the API.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The HTTP status code.
    pub status: u16,
    /// Typed body when the spec declares one for this status and it decoded.
    pub body: Option<E>,
    /// Set when the spec declares a body for this status but it failed to decode.
    pub decode_error: Option<DecodeError>,
    /// The response body as text (invalid UTF-8 replaced).
    pub raw: String,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error: HTTP {}", self.status)?;
        let raw = self.raw.trim();
        if !raw.is_empty() {
            write!(f, ": {}", truncate_chars(raw, SNIPPET_CHARS))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.decode_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// A body that did not decode as the expected JSON type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot decode response at `{path}`: {message} (body: {snippet:?})")]
pub struct DecodeError {
    /// Where in the document decoding failed, e.g. `items[3].created` (`.` for the root).
    pub path: String,
    /// The decoder's message, with line and column.
    pub message: String,
    /// At most 200 characters of the body around the failure.
    pub snippet: String,
}

/// A request part that could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot encode {part}: {message}")]
pub struct EncodeError {
    /// Which part: "request body", "query parameter `name`", "path parameter `id`", ...
    pub part: String,
    /// What was wrong with it.
    pub message: String,
}

impl EncodeError {
    pub(crate) fn new(part: impl Into<String>, message: impl fmt::Display) -> Self {
        EncodeError {
            part: part.into(),
            message: message.to_string(),
        }
    }
}

/// The request could not be sent, or the response could not be read.
#[derive(Debug, thiserror::Error)]
#[error("transport error: {source}")]
pub struct TransportError {
    // URL stripped: its query may hold values that do not belong in logs.
    #[source]
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        TransportError {
            source: source.without_url(),
        }
    }

    /// True when no connection could be made, so the server never saw the request.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// The underlying HTTP client error (its URL removed).
    pub fn inner(&self) -> &reqwest::Error {
        &self.source
    }
}

/// A timeout expired.
#[derive(Debug, thiserror::Error)]
#[error("{phase} timed out after {after:?}")]
pub struct TimeoutError {
    /// Which limit expired.
    pub phase: TimeoutPhase,
    /// The configured limit.
    pub after: Duration,
}

/// The limit a [`TimeoutError`] hit.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection (`connect_timeout`).
    Connect,
    /// One attempt, from sending to the last body byte (`request_timeout`).
    Request,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::Request => "request",
        })
    }
}

/// Failures of `Client::execute` that do not depend on the operation's error type.
///
/// Kept non-generic so the request loop is compiled once, not once per operation.
#[derive(Debug)]
pub(crate) enum Failure {
    Transport(TransportError),
    Timeout(TimeoutError),
    Auth(AuthError),
    Encode(EncodeError),
}

impl Failure {
    /// A short name for tracing.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Failure::Transport(_) => "transport",
            Failure::Timeout(_) => "timeout",
            Failure::Auth(_) => "auth",
            Failure::Encode(_) => "encode",
        }
    }
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Transport(e) => Error::Transport(e),
            Failure::Timeout(e) => Error::Timeout(e),
            Failure::Auth(e) => Error::Auth(e),
            Failure::Encode(e) => Error::Encode(e),
        }
    }
}

/// The first `max` characters of `text`, cut on a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}
