//! OAuth2 client credentials: one cached token per client, fetched by one
//! caller while the others wait for its outcome, and a failed fetch remembered
//! briefly (with backoff) so that N waiting calls cause one token request, not N.
// Lifetimes and retry times come from the network: no unchecked arithmetic.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::fmt;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};

use super::credential::{AuthContext, Authenticator, Credential};
use super::token::{parse_success, refresh_at, rejection};
use crate::auth_error::AuthError;
use crate::clock::BoxFuture;
use crate::failures::{TimeoutError, TimeoutPhase};
use crate::text::Redactor;

/// How long the first failed fetch is remembered; each further failure in a
/// row doubles it, up to [`MAX_FAILURE_MEMORY`].
const FIRST_FAILURE_MEMORY: Duration = Duration::from_secs(1);
const MAX_FAILURE_MEMORY: Duration = Duration::from_secs(10);

/// OAuth2 client-credentials flow against the tenant's token endpoint.
///
/// The token is cached and replaced `refresh_margin` before it expires (but
/// kept for at least half its lifetime; lifetimes are clamped to
/// [`MIN_TOKEN_LIFETIME`](super::MIN_TOKEN_LIFETIME)..=[`MAX_TOKEN_LIFETIME`](super::MAX_TOKEN_LIFETIME)).
/// However many requests need a new token at once, one token request is in
/// flight and the others share its outcome. A failed fetch is remembered for
/// 1 s (doubling per failure in a row, up to 10 s): calls in that time fail at
/// once with [`AuthError::RecentFailure`] instead of asking again. A token that
/// cannot be sent as a header value is rejected and never cached.
pub struct ClientCredentialsAuth {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    refresh_margin: Duration,
    redactor: Redactor,
    // Held across the token request itself, which is what makes fetches single-flight.
    slot: tokio::sync::Mutex<Slot>,
}

#[derive(Default)]
struct Slot {
    token: Option<CachedToken>,
    failure: Option<Remembered>,
}

struct CachedToken {
    credential: Credential,
    refresh_at: Instant,
}

struct Remembered {
    error: AuthError,
    retry_at: Instant,
    /// Failures in a row.
    failures: u32,
}

impl ClientCredentialsAuth {
    /// Exchanges `client_id` / `client_secret` at `token_url`.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: SecretString,
        refresh_margin: Duration,
    ) -> Self {
        let redactor = Redactor::new(&[client_secret.expose_secret()]);
        ClientCredentialsAuth {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret,
            refresh_margin,
            redactor,
            slot: tokio::sync::Mutex::new(Slot::default()),
        }
    }

    async fn fetch(&self, cx: AuthContext<'_>) -> Result<CachedToken, AuthError> {
        let requested_at = cx.clock().now();
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
            return Err(rejection(status, &body, &self.redactor));
        }
        let issued = parse_success(&body)?;
        tracing::debug!(
            lifetime_s = issued.lifetime.as_secs(),
            "obtained access token"
        );
        Ok(CachedToken {
            credential: Credential::from_header_value(issued.header),
            refresh_at: refresh_at(requested_at, issued.lifetime, self.refresh_margin),
        })
    }

    /// Fetches into `slot`, remembering a failure; the caller holds the lock.
    async fn fetch_into(
        &self,
        slot: &mut Slot,
        cx: AuthContext<'_>,
    ) -> Result<Credential, AuthError> {
        match self.fetch(cx).await {
            Ok(token) => {
                let credential = token.credential.clone();
                slot.token = Some(token);
                slot.failure = None;
                Ok(credential)
            }
            Err(error) => {
                // The fetching call's own deadline says nothing about the endpoint.
                let own_deadline = matches!(
                    error,
                    AuthError::Timeout(TimeoutError {
                        phase: TimeoutPhase::Call(_),
                        ..
                    })
                );
                if !own_deadline {
                    let failures = slot
                        .failure
                        .as_ref()
                        .map_or(1, |f| f.failures.saturating_add(1));
                    let now = cx.clock().now();
                    slot.failure = Some(Remembered {
                        error: error.clone(),
                        retry_at: now.checked_add(failure_memory(failures)).unwrap_or(now),
                        failures,
                    });
                }
                Err(error)
            }
        }
    }
}

/// 1 s, 2 s, 4 s, ... up to 10 s.
fn failure_memory(failures: u32) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1));
    FIRST_FAILURE_MEMORY
        .saturating_mul(factor)
        .min(MAX_FAILURE_MEMORY)
}

/// The remembered failure, while it is remembered.
fn recent_failure(slot: &Slot, now: Instant) -> Option<AuthError> {
    let failure = slot.failure.as_ref()?;
    (now < failure.retry_at).then(|| AuthError::RecentFailure {
        retry_in: failure.retry_at.saturating_duration_since(now),
        cause: Box::new(failure.error.clone()),
    })
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
            let mut slot = self.slot.lock().await;
            let now = cx.clock().now();
            if let Some(token) = &slot.token
                && now < token.refresh_at
            {
                return Ok(token.credential.clone());
            }
            if let Some(error) = recent_failure(&slot, now) {
                return Err(error);
            }
            self.fetch_into(&mut slot, cx).await
        })
    }

    fn refresh<'a>(
        &'a self,
        cx: AuthContext<'a>,
        rejected: &'a Credential,
    ) -> BoxFuture<'a, Result<Option<Credential>, AuthError>> {
        Box::pin(async move {
            let mut slot = self.slot.lock().await;
            // Another request already replaced the rejected token: use the new one.
            if let Some(token) = &slot.token
                && !token.credential.same_as(rejected)
            {
                return Ok(Some(token.credential.clone()));
            }
            slot.token = None;
            if let Some(error) = recent_failure(&slot, cx.clock().now()) {
                return Err(error);
            }
            self.fetch_into(&mut slot, cx).await.map(Some)
        })
    }
}
