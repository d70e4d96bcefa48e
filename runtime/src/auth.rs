//! Obtaining the `Authorization` header: OAuth2 client credentials, a static
//! bearer token, or any scheme plugged in through [`Authenticator`].

use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::clock::{BoxFuture, Clock};
use crate::error::truncate_chars;
use crate::retry::{DelayPlan, Outcome, RetryPolicy};

/// Longest token-endpoint body kept in an [`AuthError`].
const AUTH_BODY_CHARS: usize = 1000;

/// The value of an `Authorization` header, kept secret: `Debug` shows no part of it.
#[derive(Clone)]
pub struct Credential {
    header: SecretString,
}

impl Credential {
    /// `Bearer {token}`.
    pub fn bearer(token: &SecretString) -> Self {
        Credential {
            header: SecretString::from(format!("Bearer {}", token.expose_secret())),
        }
    }

    /// A complete header value for another scheme, e.g. `Basic ...`.
    pub fn from_header_value(value: SecretString) -> Self {
        Credential { header: value }
    }

    /// The header value. Handle with care: it is the secret.
    pub fn expose_header_value(&self) -> &str {
        self.header.expose_secret()
    }

    /// The header value, marked sensitive so HTTP layers do not log it.
    pub(crate) fn header_value(&self) -> Result<HeaderValue, AuthError> {
        let mut value = HeaderValue::from_str(self.header.expose_secret()).map_err(|_| {
            AuthError::InvalidToken("the credential is not a valid header value".to_owned())
        })?;
        value.set_sensitive(true);
        Ok(value)
    }

    fn same_as(&self, other: &Credential) -> bool {
        self.header.expose_secret() == other.header.expose_secret()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credential([REDACTED])")
    }
}

/// What an [`Authenticator`] may use: the client's HTTP connection pool, clock and
/// retry policy.
#[derive(Clone, Copy)]
pub struct AuthContext<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) clock: &'a dyn Clock,
    pub(crate) retry: &'a RetryPolicy,
}

impl<'a> AuthContext<'a> {
    /// The client's HTTP client (timeouts and user agent applied).
    pub fn http(&self) -> &'a reqwest::Client {
        self.http
    }

    /// The client's clock; use it for expiry so tests can move time.
    pub fn clock(&self) -> &'a dyn Clock {
        self.clock
    }

    /// POSTs a form (e.g. to a token endpoint) and returns status, headers and body,
    /// retrying 429, 502, 503, 504 and connection failures as the client's
    /// [`RetryPolicy`] allows: a token request has no side effect, so replaying it is safe.
    pub async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
    ) -> Result<(u16, HeaderMap, Bytes), AuthError> {
        let body = encode_form(form);
        let started = self.clock.now();
        let mut attempt = 1;
        loop {
            let sent = self
                .http
                .post(url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "application/json")
                .body(body.clone())
                .send()
                .await;
            let (outcome, result) = match sent {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(bytes) => (Outcome::Status(status), Ok((status, headers, bytes))),
                        Err(error) => (
                            Outcome::SentThenFailed,
                            Err(AuthError::from_transport(error)),
                        ),
                    }
                }
                Err(error) if error.is_connect() => (
                    Outcome::ConnectFailed,
                    Err(AuthError::from_transport(error)),
                ),
                Err(error) => (
                    Outcome::SentThenFailed,
                    Err(AuthError::from_transport(error)),
                ),
            };
            let headers = result.as_ref().ok().map(|(_, headers, _)| headers);
            let delay = self.retry.next_delay(DelayPlan {
                // Replaying a token request is harmless, so treat it like an idempotent call.
                method: &reqwest::Method::PUT,
                outcome,
                headers,
                attempt,
                elapsed: self.clock.now().saturating_duration_since(started),
                system_now: self.clock.system_now(),
            });
            match delay {
                Some(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        "retrying token request"
                    );
                    self.clock.sleep(delay).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
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

/// OAuth2 client-credentials flow against the tenant's token endpoint.
///
/// The token is cached and replaced `refresh_margin` before it expires. However
/// many requests need a new token at once, only one token request is in flight:
/// the others wait for its result.
pub struct ClientCredentialsAuth {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    refresh_margin: Duration,
    // Held across the token request itself, which is what makes refreshes single-flight.
    cache: tokio::sync::Mutex<Option<CachedToken>>,
}

struct CachedToken {
    credential: Credential,
    /// `None` when the endpoint gave no `expires_in`: used until a 401.
    refresh_at: Option<Instant>,
}

impl ClientCredentialsAuth {
    /// Exchanges `client_id` / `client_secret` at `token_url`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: SecretString,
        refresh_margin: Duration,
    ) -> Self {
        ClientCredentialsAuth {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret,
            refresh_margin,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    async fn fetch(&self, cx: AuthContext<'_>) -> Result<CachedToken, AuthError> {
        let requested_at = cx.clock.now();
        let (status, _, body) = cx
            .post_form(
                &self.token_url,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &self.client_id),
                    ("client_secret", self.client_secret.expose_secret()),
                ],
            )
            .await?;
        if !(200..300).contains(&status) {
            return Err(AuthError::Rejected {
                status,
                body: self.redact(&body),
            });
        }

        #[derive(serde::Deserialize)]
        struct TokenResponse {
            access_token: Option<String>,
            expires_in: Option<serde_json::Value>,
        }
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|error| {
            // The message may quote the token, so only the position is kept.
            AuthError::InvalidToken(format!(
                "token response is not a JSON object (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;
        let token = parsed
            .access_token
            .filter(|t| !t.is_empty())
            .map(SecretString::from)
            .ok_or_else(|| {
                AuthError::InvalidToken("token response has no access_token".to_owned())
            })?;
        // Some servers send expires_in as a string.
        let lifetime = match parsed.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_f64(),
            Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64);
        let refresh_at = lifetime.map(|lifetime| {
            // A margin as long as the lifetime would make every token stale on arrival.
            let margin = self.refresh_margin.min(lifetime / 2);
            requested_at + (lifetime - margin)
        });
        tracing::debug!(
            expires_in_s = lifetime.map(|l| l.as_secs()),
            "obtained access token"
        );
        Ok(CachedToken {
            credential: Credential::bearer(&token),
            refresh_at,
        })
    }

    /// Token-endpoint body for an error, bounded, with the secret blanked should
    /// the endpoint echo it.
    fn redact(&self, body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let secret = self.client_secret.expose_secret();
        let text = if secret.is_empty() {
            text.into_owned()
        } else {
            text.replace(secret, "[REDACTED]")
        };
        truncate_chars(&text, AUTH_BODY_CHARS).to_owned()
    }
}

impl fmt::Debug for ClientCredentialsAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentialsAuth")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl Authenticator for ClientCredentialsAuth {
    fn credential<'a>(
        &'a self,
        cx: AuthContext<'a>,
    ) -> BoxFuture<'a, Result<Credential, AuthError>> {
        Box::pin(async move {
            let mut cache = self.cache.lock().await;
            if let Some(cached) = cache.as_ref() {
                let fresh = cached.refresh_at.is_none_or(|at| cx.clock.now() < at);
                if fresh {
                    return Ok(cached.credential.clone());
                }
            }
            let token = self.fetch(cx).await?;
            let credential = token.credential.clone();
            *cache = Some(token);
            Ok(credential)
        })
    }

    fn refresh<'a>(
        &'a self,
        cx: AuthContext<'a>,
        rejected: &'a Credential,
    ) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        Box::pin(async move {
            let mut cache = self.cache.lock().await;
            // Another request already replaced the rejected token: use the new one.
            if let Some(cached) = cache.as_ref()
                && !cached.credential.same_as(rejected)
            {
                return Ok(Some(cached.credential.clone()));
            }
            *cache = None;
            let token = self.fetch(cx).await?;
            let credential = token.credential.clone();
            *cache = Some(token);
            Ok(Some(credential))
        })
    }
}

/// No usable access token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused the credentials.
    #[error("token endpoint answered HTTP {status}: {body}")]
    Rejected {
        /// HTTP status from the token endpoint.
        status: u16,
        /// Its body (at most 1000 characters; the client secret blanked).
        body: String,
    },
    /// The token endpoint could not be reached or did not answer in time.
    #[error("token request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The token endpoint's answer holds no usable token.
    #[error("{0}")]
    InvalidToken(String),
    /// The operation needs authentication but the client has no credentials.
    #[error("the operation requires authentication, but no credentials are configured")]
    NoCredentials,
}

impl AuthError {
    fn from_transport(error: reqwest::Error) -> Self {
        AuthError::Transport(error.without_url())
    }

    /// The token endpoint's status, for [`AuthError::Rejected`].
    pub fn status(&self) -> Option<u16> {
        match self {
            AuthError::Rejected { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// `application/x-www-form-urlencoded` body.
fn encode_form(pairs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.extend(percent_encoding::utf8_percent_encode(
            name,
            crate::request::COMPONENT,
        ));
        out.push('=');
        out.extend(percent_encoding::utf8_percent_encode(
            value,
            crate::request::COMPONENT,
        ));
    }
    out.into_bytes()
}
