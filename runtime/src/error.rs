//! The error type every call returns, and the non-generic failure the request
//! loop produces.

use std::fmt;

use crate::auth_error::AuthError;
use crate::config::ConfigError;
use crate::failures::{
    BodyTooLargeError, DecodeError, EncodeError, PaginationError, RedirectError, TimeoutError,
    TransportError,
};
use crate::text::{BoundedDebug, truncate_chars};

/// Characters of the raw body [`ApiError`]'s `Display` shows.
const DISPLAY_CHARS: usize = 200;
/// Bytes of the typed body [`ApiError`]'s `Debug` shows.
const DEBUG_BYTES: usize = 4096;

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
    /// A redirect was not followed (see [`RedirectPolicy`](crate::RedirectPolicy)).
    #[error(transparent)]
    Redirect(#[from] RedirectError),
    /// The response body exceeded `max_response_bytes`.
    #[error(transparent)]
    TooLarge(#[from] BodyTooLargeError),
    /// A paginated list ended because the server contradicted itself.
    #[error(transparent)]
    Pagination(#[from] PaginationError),
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
#[derive(Clone)]
pub struct ApiError<E> {
    /// The HTTP status code.
    pub status: u16,
    /// Typed body when the spec declares one for this status and it decoded.
    pub body: Option<E>,
    /// Set when the spec declares a body for this status but it failed to decode.
    pub decode_error: Option<DecodeError>,
    /// The start of the response body as text (at most 8 KiB; invalid UTF-8
    /// replaced, and a note of how many bytes were left out).
    pub raw: String,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error: HTTP {}", self.status)?;
        let raw = self.raw.trim();
        if !raw.is_empty() {
            write!(f, ": {}", truncate_chars(raw, DISPLAY_CHARS))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    // The typed body may hold a long string from the server: its Debug is cut.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &BoundedDebug(&self.body, DEBUG_BYTES))
            .field("decode_error", &self.decode_error)
            .field("raw", &self.raw)
            .finish()
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.decode_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
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
    Redirect(RedirectError),
    TooLarge(BodyTooLargeError),
}

impl Failure {
    /// A short name for tracing.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Failure::Transport(_) => "transport",
            Failure::Timeout(_) => "timeout",
            Failure::Auth(_) => "auth",
            Failure::Encode(_) => "encode",
            Failure::Redirect(_) => "redirect",
            Failure::TooLarge(_) => "too_large",
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
            Failure::Redirect(e) => Error::Redirect(e),
            Failure::TooLarge(e) => Error::TooLarge(e),
        }
    }
}

impl From<Failure> for AuthError {
    /// A token request's failure (it is never an auth or encode failure itself).
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Transport(e) => AuthError::Transport(e),
            Failure::Timeout(e) => AuthError::Timeout(e),
            Failure::Auth(e) => e,
            Failure::Encode(e) => AuthError::InvalidToken(e.to_string()),
            Failure::Redirect(e) => AuthError::Redirect(e),
            Failure::TooLarge(e) => AuthError::TooLarge(e),
        }
    }
}
