//! The error types of single stages (encoding, the wire, redirects, limits,
//! decoding, pagination), which [`Error`](crate::Error) and
//! [`AuthError`](crate::AuthError) wrap. Every message here is bounded: none
//! grows with a response body.

use std::fmt;
use std::time::Duration;

/// Longest body excerpt kept in a [`DecodeError`].
pub(crate) const SNIPPET_CHARS: usize = 200;
/// Longest decoder message or path kept in a [`DecodeError`].
pub(crate) const MESSAGE_CHARS: usize = 300;

/// A body that did not decode as the expected JSON type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot decode response at `{path}`: {message} (body: {snippet:?})")]
pub struct DecodeError {
    /// Where in the document decoding failed, e.g. `items[3].created` (`.` for
    /// the root); at most 300 characters.
    pub path: String,
    /// The decoder's message, with line and column; at most 300 characters.
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
#[derive(Debug, Clone, thiserror::Error)]
#[error("transport error: {source}")]
pub struct TransportError {
    // URL stripped: its query may hold values that do not belong in logs.
    #[source]
    source: std::sync::Arc<reqwest::Error>,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        TransportError {
            source: std::sync::Arc::new(source.without_url()),
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
#[derive(Debug, Clone, thiserror::Error)]
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
    /// One token fetch, its retries included (`token_timeout`).
    TokenFetch,
    /// The whole call (`call_timeout`), which expired while this part was running.
    Call(CallPhase),
}

/// What a call was doing when its overall deadline expired.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallPhase {
    /// Obtaining an access token before an attempt.
    TokenFetch,
    /// Sending a request or reading its response.
    Attempt,
    /// Waiting before a retry (the wait would have ended after the deadline).
    Backoff,
    /// Replacing a token the server answered 401 to.
    Refresh,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutPhase::Connect => f.write_str("connecting"),
            TimeoutPhase::Request => f.write_str("request"),
            TimeoutPhase::TokenFetch => f.write_str("token fetch"),
            TimeoutPhase::Call(phase) => write!(f, "call deadline ({phase})"),
        }
    }
}

impl fmt::Display for CallPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallPhase::TokenFetch => "during the token fetch",
            CallPhase::Attempt => "during an attempt",
            CallPhase::Backoff => "the retry wait would end after it",
            CallPhase::Refresh => "during the token refresh after a 401",
        })
    }
}

/// A redirect the client did not follow.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectError {
    /// The server redirected to another origin (scheme, host or port), which the
    /// [`RedirectPolicy`](crate::RedirectPolicy) does not allow; or a token
    /// endpoint redirected at all.
    #[error("HTTP {status} redirect to {target_origin} not followed: {reason}")]
    Refused {
        /// The 3xx status.
        status: u16,
        /// The target's origin (`https://host:port`); never its path or query.
        target_origin: String,
        /// Why: "cross-origin", "https to http", "token requests follow no redirects", ...
        reason: &'static str,
    },
    /// More redirects in a row than the policy allows (a loop, most likely).
    #[error("more than {max} redirects")]
    TooMany {
        /// The policy's limit.
        max: u32,
    },
}

/// A response body larger than the client accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("response to {operation} exceeds the {limit}-byte limit (max_response_bytes)")]
pub struct BodyTooLargeError {
    /// The operation id (or "token request").
    pub operation: &'static str,
    /// The configured limit in bytes.
    pub limit: u64,
}

/// A list the server contradicted itself on; the stream ends with this error.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    /// A page held exactly the items of the page before it: the server ignores
    /// the offset, and the walk would never end.
    #[error("the page at offset {offset} repeats the previous page")]
    RepeatedPage {
        /// Offset of the repeated page.
        offset: u64,
    },
    /// A page came back shorter than asked before the announced total was
    /// reached: items are missing (the list shrank, or the server is wrong).
    #[error(
        "the page at offset {offset} has {received} items, fewer than asked, but X-Total-Count announced {total}"
    )]
    ShortPage {
        /// Offset of the short page.
        offset: u64,
        /// Items it held.
        received: u64,
        /// The total the first page announced.
        total: u64,
    },
    /// The next offset would not fit the operation's `offset` parameter.
    #[error("the next offset {offset} is beyond the largest the operation accepts ({max})")]
    OffsetOutOfRange {
        /// The offset that would come next (saturated at `u64::MAX`).
        offset: u64,
        /// The largest offset the operation's parameter type holds.
        max: u64,
    },
}
