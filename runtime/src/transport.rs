//! Sending one exchange: the single retry loop behind API calls and token
//! requests. Redirects are decided here (the HTTP client follows none), bodies
//! are read up to a size limit while they stream in, and every attempt, wait
//! and token fetch runs inside a deadline.
// Numbers here come from the network or the caller: no unchecked arithmetic.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::future::Future;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION};

use crate::auth::Applied;
use reqwest::{Method, Url};

use crate::clock::Clock;
use crate::error::Failure;
use crate::failures::{BodyTooLargeError, CallPhase, TimeoutError, TimeoutPhase, TransportError};
use crate::redirect::{Redirects, next_hop};
use crate::retry::{DelayPlan, Outcome, RetryPolicy, is_idempotent};

/// The client's connection pool, clock and limits, as one exchange needs them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Wire<'a> {
    pub http: &'a reqwest::Client,
    pub clock: &'a dyn Clock,
    pub retry: &'a RetryPolicy,
    pub max_body: u64,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

/// When a call (or a token fetch) must be over; `at: None` is no limit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    budget: Duration,
    kind: DeadlineKind,
}

#[derive(Clone, Copy, Debug)]
enum DeadlineKind {
    Call,
    TokenFetch,
}

impl Deadline {
    /// The deadline of a call of at most `budget`, starting now.
    pub(crate) fn call(clock: &dyn Clock, budget: Duration) -> Self {
        Deadline {
            at: clock.now().checked_add(budget),
            budget,
            kind: DeadlineKind::Call,
        }
    }

    /// The deadline of one token fetch of at most `budget`, starting now.
    pub(crate) fn token_fetch(clock: &dyn Clock, budget: Duration) -> Self {
        Deadline {
            at: clock.now().checked_add(budget),
            budget,
            kind: DeadlineKind::TokenFetch,
        }
    }

    /// Whichever of the two ends first.
    pub(crate) fn earlier(self, other: Deadline) -> Deadline {
        match (self.at, other.at) {
            (Some(a), Some(b)) if b < a => other,
            (None, Some(_)) => other,
            _ => self,
        }
    }

    fn remaining(&self, clock: &dyn Clock) -> Option<Duration> {
        self.at.map(|at| at.saturating_duration_since(clock.now()))
    }

    pub(crate) fn expired(&self, phase: CallPhase) -> Failure {
        Failure::Timeout(TimeoutError {
            phase: match self.kind {
                DeadlineKind::Call => TimeoutPhase::Call(phase),
                DeadlineKind::TokenFetch => TimeoutPhase::TokenFetch,
            },
            after: self.budget,
        })
    }

    /// Runs `work`, or fails naming `phase` when the deadline comes first.
    pub(crate) async fn within<T>(
        &self,
        clock: &dyn Clock,
        phase: CallPhase,
        work: impl Future<Output = T>,
    ) -> Result<T, Failure> {
        match self.remaining(clock) {
            None => Ok(work.await),
            Some(left) if left.is_zero() => Err(self.expired(phase)),
            Some(left) => tokio::time::timeout(left, work)
                .await
                .map_err(|_| self.expired(phase)),
        }
    }
}

/// One request as the loop sends it, attempt after attempt.
#[derive(Debug)]
pub(crate) struct Exchange<'a> {
    /// The operation id, or "token request": named in size-limit errors.
    pub operation: &'static str,
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
    /// Sending it again is harmless whatever the method (token requests).
    pub replay_safe: bool,
    pub redirects: Redirects<'a>,
}

/// A complete response.
#[derive(Debug)]
pub(crate) struct Raw {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What the caller adds around attempts: the credential, and the 401 refresh.
pub(crate) trait Attempts: Send {
    /// The credential for the next attempt, if any.
    fn authorization(
        &mut self,
        deadline: &Deadline,
    ) -> impl Future<Output = Result<Option<Applied>, Failure>> + Send;

    /// True to send again at once (a 401 answered with a refreshed token).
    fn resend_now(
        &mut self,
        status: u16,
        deadline: &Deadline,
    ) -> impl Future<Output = Result<bool, Failure>> + Send;

    /// A retry wait has passed: a cached credential may be stale.
    fn waited(&mut self);
}

/// No credential: token requests.
pub(crate) struct NoAuth;

impl Attempts for NoAuth {
    async fn authorization(&mut self, _: &Deadline) -> Result<Option<Applied>, Failure> {
        Ok(None)
    }

    async fn resend_now(&mut self, _: u16, _: &Deadline) -> Result<bool, Failure> {
        Ok(false)
    }

    fn waited(&mut self) {}
}

/// What the tracing span reports once a call is over.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Requests sent (redirect hops not counted), the 401 resend included.
    pub sends: u32,
    /// Status of the last response.
    pub status: Option<u16>,
}

/// How one attempt failed: a transport error the retry policy judges, or a
/// failure that ends the call (redirect refused, body too large).
enum AttemptError {
    Http(reqwest::Error),
    Final(Failure),
}

/// Sends `exchange` until a response is final or the retry policy gives up.
/// Returns the last response whatever its status.
pub(crate) async fn exchange(
    wire: Wire<'_>,
    exchange: &Exchange<'_>,
    attempts: &mut impl Attempts,
    deadline: Deadline,
    tally: &mut Tally,
) -> Result<Raw, Failure> {
    let started = wire.clock.now();
    let replay_safe = exchange.replay_safe || is_idempotent(&exchange.method);
    let mut attempt: u32 = 1;
    loop {
        let authorization = attempts.authorization(&deadline).await?;
        tally.sends = tally.sends.saturating_add(1);
        let sent = deadline
            .within(
                wire.clock,
                CallPhase::Attempt,
                attempt_once(wire, exchange, authorization),
            )
            .await?;
        let result = match sent {
            Ok(raw) => Ok(raw),
            Err(AttemptError::Final(failure)) => return Err(failure),
            Err(AttemptError::Http(error)) => Err(error),
        };
        let outcome = match &result {
            Ok(raw) => Outcome::Status(raw.status),
            Err(error) if error.is_connect() => Outcome::ConnectFailed,
            Err(_) => Outcome::SentThenFailed,
        };
        tally.status = result.as_ref().ok().map(|raw| raw.status);
        if let Ok(raw) = &result
            && attempts.resend_now(raw.status, &deadline).await?
        {
            continue;
        }
        let delay = wire.retry.next_delay(DelayPlan {
            replay_safe,
            outcome,
            headers: result.as_ref().ok().map(|raw| &raw.headers),
            attempt,
            elapsed: wire.clock.now().saturating_duration_since(started),
            system_now: wire.clock.system_now(),
        });
        let Some(delay) = delay else {
            return result.map_err(|error| failure(wire, error));
        };
        match &result {
            Ok(raw) => tracing::debug!(
                attempt = tally.sends,
                status = raw.status,
                delay_ms = millis(delay),
                "retrying after HTTP status"
            ),
            Err(error) => tracing::debug!(
                attempt = tally.sends,
                connect = error.is_connect(),
                timeout = error.is_timeout(),
                delay_ms = millis(delay),
                "retrying after transport failure"
            ),
        }
        // A wait that would end after the deadline is not started.
        if deadline
            .remaining(wire.clock)
            .is_some_and(|left| delay >= left)
        {
            return Err(deadline.expired(CallPhase::Backoff));
        }
        wire.clock.sleep(delay).await;
        attempt = attempt.saturating_add(1);
        attempts.waited();
    }
}

/// One attempt: the request and the redirects the rule allows, then the body.
async fn attempt_once(
    wire: Wire<'_>,
    exchange: &Exchange<'_>,
    mut authorization: Option<Applied>,
) -> Result<Raw, AttemptError> {
    let mut url = exchange.url.clone();
    let mut method = exchange.method.clone();
    let mut headers = exchange.headers.clone();
    let mut body = exchange.body.clone();
    let mut followed: u32 = 0;
    loop {
        let request_url = authorization
            .as_ref()
            .map_or_else(|| url.clone(), |applied| applied.url(&url));
        // An API key in the query must not show in error messages.
        let key_in_url = authorization.as_ref().is_some_and(Applied::in_url);
        let mut builder = wire
            .http
            .request(method.clone(), request_url)
            .headers(headers.clone());
        if let Some(Applied::Header(name, value)) = &authorization {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(body) = &body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(|error| {
            AttemptError::Http(if key_in_url {
                error.without_url()
            } else {
                error
            })
        })?;
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok());
        let hop = next_hop(
            exchange.redirects,
            response.status(),
            &method,
            &url,
            location,
            followed,
        )
        .map_err(|error| AttemptError::Final(Failure::Redirect(error)))?;
        let Some(hop) = hop else {
            let status = response.status().as_u16();
            let response_headers = response.headers().clone();
            let body = read_body(response, wire.max_body, exchange.operation).await?;
            return Ok(Raw {
                status,
                headers: response_headers,
                body,
            });
        };
        tracing::debug!(status = response.status().as_u16(), "following redirect");
        followed = followed.saturating_add(1);
        url = hop.url;
        method = hop.method;
        if !hop.keep_body {
            body = None;
            headers.remove(CONTENT_TYPE);
        }
        if !hop.keep_authorization {
            authorization = None;
        }
    }
}

/// The body, failing as soon as it is known to exceed `limit` bytes: from
/// Content-Length before reading, or from the bytes received so far.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    operation: &'static str,
) -> Result<Bytes, AttemptError> {
    let too_large =
        || AttemptError::Final(Failure::TooLarge(BodyTooLargeError { operation, limit }));
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(too_large());
    }
    // Most bodies arrive as one chunk: it is returned without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut received: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(AttemptError::Http)? {
        received = received.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if received > limit {
            return Err(too_large());
        }
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            None => joined.extend_from_slice(&chunk),
            Some(earlier) => {
                joined.extend_from_slice(&earlier);
                joined.extend_from_slice(&chunk);
            }
        }
    }
    Ok(first.unwrap_or_else(|| joined.freeze()))
}

fn failure(wire: Wire<'_>, error: reqwest::Error) -> Failure {
    if error.is_timeout() {
        let (phase, after) = if error.is_connect() {
            (TimeoutPhase::Connect, wire.connect_timeout)
        } else {
            (TimeoutPhase::Request, wire.request_timeout)
        };
        Failure::Timeout(TimeoutError { phase, after })
    } else {
        Failure::Transport(TransportError::new(error))
    }
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
