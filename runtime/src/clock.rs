//! Time as the client sees it: token expiry, retry waits, `Retry-After` dates.
//!
//! The client asks a [`Clock`] instead of the system so tests can observe and skip
//! waits. Tokio's paused test clock does not mix with a real HTTP server (the
//! runtime auto-advances past request timeouts while it waits on the socket), so
//! tests use [`ManualClock`] instead.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// A boxed, sendable future, as returned by the pluggable traits of this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Source of the current time and of waits.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Monotonic now, for expiry and elapsed-time budgets.
    fn now(&self) -> Instant;
    /// Wall-clock now, to turn an HTTP-date `Retry-After` into a wait.
    fn system_now(&self) -> SystemTime;
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock: tokio's timer (so `tokio::time::pause()` applies) and the system time.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn system_now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests: sleeping returns at once, moves the clock forward and is recorded.
///
/// Clones share the same time and record.
#[derive(Debug, Clone)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    start: Instant,
    system_start: SystemTime,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock whose wall time starts at `system_start`.
    pub fn new(system_start: SystemTime) -> Self {
        ManualClock {
            state: Arc::new(Mutex::new(ManualState {
                start: Instant::now(),
                system_start,
                elapsed: Duration::ZERO,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves the clock forward without recording a sleep.
    pub fn advance(&self, duration: Duration) {
        self.with_state(|state| state.elapsed = state.elapsed.saturating_add(duration));
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.with_state(|state| state.sleeps.clone())
    }

    /// Time elapsed on this clock since it was made.
    pub fn elapsed(&self) -> Duration {
        self.with_state(|state| state.elapsed)
    }

    fn with_state<R>(&self, f: impl FnOnce(&mut ManualState) -> R) -> R {
        // A panic while holding this lock cannot leave the plain data inconsistent.
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new(SystemTime::now())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.with_state(|state| {
            state
                .start
                .checked_add(state.elapsed)
                .unwrap_or(state.start)
        })
    }

    fn system_now(&self) -> SystemTime {
        self.with_state(|state| {
            state
                .system_start
                .checked_add(state.elapsed)
                .unwrap_or(state.system_start)
        })
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.with_state(|state| {
            state.sleeps.push(duration);
            state.elapsed = state.elapsed.saturating_add(duration);
        });
        Box::pin(std::future::ready(()))
    }
}
