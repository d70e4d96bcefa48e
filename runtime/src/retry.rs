//! When to try a request again, and how long to wait first.
// Retry-After comes from the network: no unchecked arithmetic on it.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// Retry settings.
///
/// What is retried:
/// - 429 Too Many Requests, for every method (the server refused the request, so
///   sending it again cannot repeat its effect), waiting as `Retry-After` says;
/// - 502, 503, 504 and timeouts or broken connections after the request was sent,
///   for idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS, TRACE), unless
///   [`retry_non_idempotent`](Self::retry_non_idempotent) is set, because a POST or
///   PATCH may already have taken effect;
/// - failures to connect, for every method (nothing reached the server).
///
/// Waits use `Retry-After` (seconds or HTTP-date) when the response has it,
/// otherwise exponential backoff with jitter.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Most attempts per call, the first included; 1 disables retries. Default 4.
    pub max_attempts: u32,
    /// No retry starts later than this after the first attempt started. Default 2 minutes.
    pub max_elapsed: Duration,
    /// Backoff before the first retry; doubles for each further one. Default 500 ms.
    pub initial_backoff: Duration,
    /// Longest backoff between attempts. Default 30 s.
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the response is returned. Default 60 s.
    pub max_retry_after: Duration,
    /// Randomise each backoff between half and all of its value, so that many
    /// clients do not retry in step. Default true.
    pub jitter: bool,
    /// Also retry POST and PATCH after 502/503/504 or a broken connection, though
    /// the server may have acted on the first attempt. Default false.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`max_elapsed`](Self::max_elapsed).
    pub fn with_max_elapsed(mut self, max_elapsed: Duration) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff) and [`max_backoff`](Self::max_backoff).
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets [`retry_non_idempotent`](Self::retry_non_idempotent).
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Backoff before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        if self.jitter {
            let half = full.checked_div(2).unwrap_or_default();
            let spread = u64::try_from(full.saturating_sub(half).as_millis()).unwrap_or(u64::MAX);
            half.saturating_add(Duration::from_millis(fastrand::u64(0..=spread)))
        } else {
            full
        }
    }

    /// Whether an attempt that ended as `outcome` may be sent again;
    /// `replay_safe` when repeating the request cannot repeat an effect (an
    /// idempotent method, or a token request).
    pub(crate) fn may_retry(&self, replay_safe: bool, outcome: Outcome) -> bool {
        let replay_ok = replay_safe || self.retry_non_idempotent;
        match outcome {
            Outcome::Status(429) => true,
            // 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout.
            Outcome::Status(502..=504) => replay_ok,
            Outcome::Status(_) => false,
            Outcome::ConnectFailed => true,
            Outcome::SentThenFailed => replay_ok,
        }
    }

    /// The wait before the next attempt, or `None` to stop and report this outcome.
    ///
    /// `attempt` is the number of the attempt that just ended (1-based) and
    /// `elapsed` the time since the first attempt started.
    pub(crate) fn next_delay(&self, plan: DelayPlan<'_>) -> Option<Duration> {
        if plan.attempt >= self.max_attempts || !self.may_retry(plan.replay_safe, plan.outcome) {
            return None;
        }
        let delay = match plan.headers.and_then(|h| retry_after(h, plan.system_now)) {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff(plan.attempt),
        };
        if plan.elapsed.saturating_add(delay) > self.max_elapsed {
            return None;
        }
        Some(delay)
    }
}

/// The facts [`RetryPolicy::next_delay`] decides on.
pub(crate) struct DelayPlan<'a> {
    /// Repeating the request cannot repeat its effect.
    pub replay_safe: bool,
    pub outcome: Outcome,
    pub headers: Option<&'a HeaderMap>,
    pub attempt: u32,
    pub elapsed: Duration,
    pub system_now: SystemTime,
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A response arrived with this status.
    Status(u16),
    /// No connection was made; the server never saw the request.
    ConnectFailed,
    /// The request may have reached the server, but no complete response came back.
    SentThenFailed,
}

/// Methods whose repetition has the same effect as one request (RFC 9110 §9.2.2).
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP-date
/// (a date in the past means no wait).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        headers
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(42));
        assert_eq!(
            retry_after(&headers(&later), now),
            Some(Duration::from_secs(42))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(42));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_in_range() {
        let policy = RetryPolicy::default()
            .with_backoff(Duration::from_millis(100), Duration::from_millis(1000))
            .with_jitter(false);
        let waits: Vec<_> = (1..=6).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
        let jittered = policy.with_jitter(true);
        for retry in 1..=6 {
            let full = 100u128.saturating_mul(1 << (retry - 1)).min(1000);
            for _ in 0..50 {
                let wait = jittered.backoff(retry).as_millis();
                assert!(wait >= full / 2 && wait <= full, "{wait} for {full}");
            }
        }
    }

    #[test]
    fn which_outcomes_are_retried() {
        let policy = RetryPolicy::default();
        let post = is_idempotent(&Method::POST);
        assert!(policy.may_retry(post, Outcome::Status(429)));
        assert!(!policy.may_retry(post, Outcome::Status(503)));
        assert!(!policy.may_retry(post, Outcome::SentThenFailed));
        assert!(policy.may_retry(post, Outcome::ConnectFailed));
        assert!(policy.may_retry(is_idempotent(&Method::GET), Outcome::Status(503)));
        assert!(policy.may_retry(is_idempotent(&Method::DELETE), Outcome::SentThenFailed));
        assert!(!policy.may_retry(true, Outcome::Status(500)));
        let opted_in = policy.with_retry_non_idempotent(true);
        assert!(opted_in.may_retry(is_idempotent(&Method::PATCH), Outcome::Status(502)));
    }

    #[test]
    fn attempts_and_time_are_bounded() {
        let policy = RetryPolicy::default()
            .with_max_attempts(3)
            .with_max_elapsed(Duration::from_secs(10))
            .with_jitter(false);
        let plan = |attempt, elapsed, headers| DelayPlan {
            replay_safe: true,
            outcome: Outcome::Status(503),
            headers,
            attempt,
            elapsed: Duration::from_secs(elapsed),
            system_now: SystemTime::now(),
        };
        assert_eq!(
            policy.next_delay(plan(1, 0, None)),
            Some(Duration::from_millis(500))
        );
        assert_eq!(policy.next_delay(plan(3, 0, None)), None);
        let wait_8 = headers("8");
        assert_eq!(
            policy.next_delay(plan(1, 1, Some(&wait_8))),
            Some(Duration::from_secs(8))
        );
        assert_eq!(policy.next_delay(plan(1, 3, Some(&wait_8))), None);
        let wait_long = headers("3600");
        assert_eq!(policy.next_delay(plan(1, 0, Some(&wait_long))), None);
    }
}
