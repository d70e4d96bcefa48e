//! The [`Authenticator`] trait, the secret [`Credential`] it yields, a static
//! bearer token, and the context an authenticator sends token requests with.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};

use super::placement::{ApiKeyLocation, Applied, Placement};
use secrecy::{ExposeSecret, SecretString};

use crate::auth_error::AuthError;
use crate::clock::{BoxFuture, Clock};
use crate::encode::form_pairs;
use crate::failures::CallPhase;
use crate::redirect::Redirects;
use crate::transport::{self, Deadline, Exchange, NoAuth, Tally, Wire};

/// A secret a request carries: the value of an `Authorization` header, or
/// an API key and where it goes. `Debug` shows no part of it.
#[derive(Clone)]
pub struct Credential {
    header: SecretString,
    placement: Placement,
}

impl Credential {
    /// `Bearer {token}`.
    pub fn bearer(token: &SecretString) -> Self {
        Credential::from_header_value(SecretString::from(format!(
            "Bearer {}",
            token.expose_secret()
        )))
    }

    /// `Basic base64(username:password)` (RFC 7617).
    pub fn basic(username: &str, password: &SecretString) -> Self {
        use base64::Engine as _;
        let pair = format!("{username}:{}", password.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        Credential::from_header_value(SecretString::from(format!("Basic {encoded}")))
    }

    /// An API key sent where `location` says (a header, query parameter or cookie).
    pub fn api_key(location: ApiKeyLocation, key: SecretString) -> Self {
        Credential {
            header: key,
            placement: Placement::Key(location),
        }
    }

    /// A complete `Authorization` header value for another scheme.
    pub fn from_header_value(value: SecretString) -> Self {
        Credential {
            header: value,
            placement: Placement::Authorization,
        }
    }

    /// The secret value (the header value, or the API key). Handle with care.
    pub fn expose_header_value(&self) -> &str {
        self.header.expose_secret()
    }

    /// The credential as the transport puts it on a request.
    pub(crate) fn applied(&self) -> Result<Applied, AuthError> {
        self.placement.apply(&self.header)
    }

    pub(crate) fn same_as(&self, other: &Credential) -> bool {
        self.placement == other.placement
            && self.header.expose_secret() == other.header.expose_secret()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credential([REDACTED])")
    }
}

/// What an [`Authenticator`] may use: the client's HTTP connection pool, clock,
/// retry policy and limits, and the deadline of the call it works for.
#[derive(Clone, Copy)]
pub struct AuthContext<'a> {
    pub(crate) wire: Wire<'a>,
    /// The deadline of the call that needs the token.
    pub(crate) deadline: Deadline,
    /// The limit for one token fetch, retries included.
    pub(crate) token_timeout: Duration,
}

impl<'a> AuthContext<'a> {
    /// The client's HTTP client (timeouts and user agent applied; it follows no
    /// redirects).
    pub fn http(&self) -> &'a reqwest::Client {
        self.wire.http
    }

    /// The client's clock; use it for expiry so tests can move time.
    pub fn clock(&self) -> &'a dyn Clock {
        self.wire.clock
    }

    /// POSTs a form (e.g. to a token endpoint) and returns status, headers and
    /// body. Retries 429, 502, 503, 504 and transport failures as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows (a token request has no side
    /// effect, so replaying it is safe); follows no redirect (a 3xx is
    /// [`AuthError::Redirect`]); reads at most `max_response_bytes`; gives up
    /// after `token_timeout` or at the call's deadline, whichever is first.
    pub async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<(u16, HeaderMap, Bytes), AuthError> {
        let url = reqwest::Url::parse(url)
            .map_err(|_| AuthError::InvalidToken("the token URL is not a URL".to_owned()))?;
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let exchange = Exchange {
            operation: "token request",
            method: Method::POST,
            url,
            headers,
            body: Some(Bytes::from(form_pairs(form.iter().copied()))),
            replay_safe: true,
            redirects: Redirects::Refuse,
        };
        let deadline = self
            .deadline
            .earlier(Deadline::token_fetch(self.wire.clock, self.token_timeout));
        // Also bounds a wait for a response that never starts.
        let raw = deadline
            .within(
                self.wire.clock,
                CallPhase::TokenFetch,
                transport::exchange(
                    self.wire,
                    &exchange,
                    &mut NoAuth,
                    deadline,
                    &mut Tally::default(),
                ),
            )
            .await
            .and_then(|result| result)
            .map_err(AuthError::from)?;
        Ok((raw.status, raw.headers, raw.body))
    }
}

impl fmt::Debug for AuthContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthContext").finish_non_exhaustive()
    }
}

/// Supplies the `Authorization` header for authenticated requests.
///
/// Implementations are shared by all clones of a client and called concurrently.
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// The credential for the next request.
    fn credential<'a>(
        &'a self,
        cx: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<Credential, AuthError>>;

    /// The server answered 401 to a request sent with `rejected`. Returns the
    /// credential to retry with once, or `None` when this scheme cannot do better
    /// (the 401 response is then returned). The default cannot.
    fn refresh<'a>(
        &'a self,
        cx: AuthContext<'a>,
        rejected: &'a Credential,
    ) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        let _ = (cx, rejected);
        Box::pin(std::future::ready(Ok(None)))
    }
}

/// Sends a fixed credential (basic, an API key); it is never refreshed.
pub struct FixedAuth {
    credential: Credential,
}

impl FixedAuth {
    /// Sends `credential` as is.
    pub fn new(credential: Credential) -> Self {
        FixedAuth { credential }
    }
}

impl fmt::Debug for FixedAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FixedAuth([REDACTED])")
    }
}

impl Authenticator for FixedAuth {
    fn credential<'a>(
        &'a self,
        _cx: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<Credential, AuthError>> {
        Box::pin(std::future::ready(Ok(self.credential.clone())))
    }
}

/// Sends a fixed access token; it is never refreshed.
pub struct BearerAuth {
    credential: Credential,
}

impl BearerAuth {
    /// Uses `token` as is.
    pub fn new(token: SecretString) -> Self {
        BearerAuth {
            credential: Credential::bearer(&token),
        }
    }
}

impl fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerAuth([REDACTED])")
    }
}

impl Authenticator for BearerAuth {
    fn credential<'a>(
        &'a self,
        _cx: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<Credential, AuthError>> {
        Box::pin(std::future::ready(Ok(self.credential.clone())))
    }
}
