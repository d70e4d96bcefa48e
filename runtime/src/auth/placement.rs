//! Where a credential goes on a request: the `Authorization` header (bearer
//! tokens, basic), another header or a cookie (API keys), or a query
//! parameter (API keys). The transport applies it to each attempt and drops
//! it, whatever its place, on a redirect to another origin.

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::auth_error::AuthError;

/// Where an API key is sent, as the document's `apiKey` scheme says (`in:`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiKeyLocation {
    /// A request header of this name.
    Header(String),
    /// A query parameter of this name.
    Query(String),
    /// A cookie of this name.
    Cookie(String),
}

/// The credential as the transport puts it on one attempt.
pub(crate) enum Applied {
    /// A header (the value is marked sensitive).
    Header(HeaderName, HeaderValue),
    /// A query parameter, appended to the URL of each attempt.
    Query(String, SecretString),
}

/// How a [`Credential`](super::Credential) is placed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Placement {
    Authorization,
    Key(ApiKeyLocation),
}

fn sensitive(value: &str) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        AuthError::InvalidToken("the credential is not a valid header value".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

impl Placement {
    pub(crate) fn apply(&self, secret: &SecretString) -> Result<Applied, AuthError> {
        let secret_text = secret.expose_secret();
        match self {
            Placement::Authorization => Ok(Applied::Header(AUTHORIZATION, sensitive(secret_text)?)),
            Placement::Key(ApiKeyLocation::Header(name)) => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    AuthError::InvalidToken(format!("`{name}` is not a header name"))
                })?;
                Ok(Applied::Header(name, sensitive(secret_text)?))
            }
            Placement::Key(ApiKeyLocation::Cookie(name)) => Ok(Applied::Header(
                COOKIE,
                sensitive(&format!("{name}={secret_text}"))?,
            )),
            Placement::Key(ApiKeyLocation::Query(name)) => {
                Ok(Applied::Query(name.clone(), secret.clone()))
            }
        }
    }
}

impl Applied {
    /// Whether the secret is part of the URL (so errors must not show it).
    pub(crate) fn in_url(&self) -> bool {
        matches!(self, Applied::Query(..))
    }

    /// `url` with the credential's query parameter, when it has one.
    pub(crate) fn url(&self, url: &reqwest::Url) -> reqwest::Url {
        let mut url = url.clone();
        if let Applied::Query(name, key) = self {
            url.query_pairs_mut().append_pair(name, key.expose_secret());
        }
        url
    }
}
