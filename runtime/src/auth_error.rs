//! [`AuthError`]: why no access token could be obtained.

use std::time::Duration;

use crate::failures::{BodyTooLargeError, RedirectError, TimeoutError, TransportError};

/// No usable access token.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused the credentials.
    #[error("token endpoint answered HTTP {status}{}{}: {body}",
        error.as_deref().map(|e| format!(" {e}")).unwrap_or_default(),
        error_description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Rejected {
        /// HTTP status from the token endpoint.
        status: u16,
        /// The OAuth `error` field, when the body is an OAuth error (at most 200
        /// characters, secrets blanked).
        error: Option<String>,
        /// The OAuth `error_description` field (at most 200 characters, secrets blanked).
        error_description: Option<String>,
        /// The start of the body (at most 200 characters), the client secret
        /// blanked in every spelling.
        body: String,
    },
    /// The token endpoint could not be reached or did not answer in time.
    #[error("token request failed: {0}")]
    Transport(#[source] TransportError),
    /// The token fetch ran out of time.
    #[error("token request failed: {0}")]
    Timeout(#[source] TimeoutError),
    /// The token endpoint redirected; token requests follow no redirect.
    #[error("token request failed: {0}")]
    Redirect(#[source] RedirectError),
    /// The token endpoint's answer was larger than the client accepts.
    #[error("token request failed: {0}")]
    TooLarge(#[source] BodyTooLargeError),
    /// The token endpoint's answer holds no usable token.
    #[error("{0}")]
    InvalidToken(String),
    /// A token fetch failed moments ago; callers share that outcome until the
    /// retry time instead of each asking the endpoint again.
    #[error("token request failed recently (next attempt in {retry_in:?}): {cause}")]
    RecentFailure {
        /// How long until a fetch is tried again.
        retry_in: Duration,
        /// The failure that is remembered.
        #[source]
        cause: Box<AuthError>,
    },
    /// The operation needs authentication but the client has no credentials.
    #[error("the operation requires authentication, but no credentials are configured")]
    NoCredentials,
}

impl AuthError {
    /// The token endpoint's status, for [`AuthError::Rejected`] (also when remembered).
    pub fn status(&self) -> Option<u16> {
        match self {
            AuthError::Rejected { status, .. } => Some(*status),
            AuthError::RecentFailure { cause, .. } => cause.status(),
            _ => None,
        }
    }
}
