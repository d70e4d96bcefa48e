//! One deadline per call, over attempts, retry waits, the token fetch and the
//! 401 refresh; the error names the phase that was running. Real time, short
//! limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use isc_runtime::auth::AuthError;
use isc_runtime::{CallPhase, Error, RetryPolicy, TimeoutError, TimeoutPhase};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::common::*;

const DEADLINE: Duration = Duration::from_millis(800);
/// How late after the deadline a call may end.
const SLACK: Duration = Duration::from_millis(1500);

fn phase<T: std::fmt::Debug>(result: Result<T, Error<Value>>) -> TimeoutPhase {
    match result {
        Err(Error::Timeout(TimeoutError { phase, after })) => {
            assert_eq!(after, DEADLINE, "the error names the call's limit");
            phase
        }
        Err(Error::Auth(AuthError::Timeout(TimeoutError { phase, .. }))) => phase,
        other => panic!("expected a timeout, got {other:?}"),
    }
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> T {
    let started = Instant::now();
    let result = work.await;
    assert!(
        started.elapsed() < DEADLINE + SLACK,
        "took {:?}",
        started.elapsed()
    );
    result
}

#[tokio::test]
async fn a_server_that_never_answers_is_cut_at_the_deadline() {
    let base = raw_server(|stream| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let client = plain_client(&base, |c| {
        c.call_timeout(DEADLINE)
            .request_timeout(Duration::from_secs(20))
            .retry(RetryPolicy::default())
    });
    let result = timed(client.execute::<Value>(get_public())).await;
    assert_eq!(phase(result), TimeoutPhase::Call(CallPhase::Attempt));
}

#[tokio::test]
async fn a_dripping_body_is_cut_at_the_deadline() {
    let base = raw_server(|mut stream| async move {
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[";
        let _ = stream.write_all(head.as_bytes()).await;
        for _ in 0..99 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if stream.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = plain_client(&base, |c| c.call_timeout(DEADLINE));
    let result = timed(client.execute::<Value>(get_public())).await;
    assert_eq!(phase(result), TimeoutPhase::Call(CallPhase::Attempt));
}

#[tokio::test]
async fn a_retry_wait_past_the_deadline_is_not_started() {
    let server = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "5"))
        .mount(&server)
        .await;
    let client = plain_client(&server.uri(), |c| {
        c.call_timeout(DEADLINE).retry(RetryPolicy::default())
    });
    let started = Instant::now();
    let result = client.execute::<Value>(get_public()).await;
    assert!(started.elapsed() < DEADLINE, "no wait was started");
    assert_eq!(phase(result), TimeoutPhase::Call(CallPhase::Backoff));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_hanging_token_endpoint_is_cut_at_the_call_deadline() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::from_secs(20)).await;
    let client = Arc::new(
        isc_runtime::Client::new(config(&server).call_timeout(DEADLINE).build().unwrap()).unwrap(),
    );
    let result = timed(client.execute::<Value>(get_things())).await;
    assert_eq!(phase(result), TimeoutPhase::Call(CallPhase::TokenFetch));
}

#[tokio::test]
async fn a_token_fetch_has_its_own_limit() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::from_secs(20)).await;
    let client = isc_runtime::Client::new(
        config(&server)
            .token_timeout(Duration::from_millis(300))
            .call_timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    )
    .unwrap();
    let result = timed(client.execute::<Value>(get_things())).await;
    assert_eq!(phase(result), TimeoutPhase::TokenFetch);
}

/// The first token comes at once; every later one hangs.
struct SlowAfterFirst(AtomicUsize);

impl Respond for SlowAfterFirst {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let response = ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("{TOKEN_PREFIX}{n}"), "expires_in": 3600,
        }));
        if n == 1 {
            response
        } else {
            response.set_delay(Duration::from_secs(20))
        }
    }
}

#[tokio::test]
async fn the_401_refresh_is_inside_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(SlowAfterFirst(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client =
        isc_runtime::Client::new(config(&server).call_timeout(DEADLINE).build().unwrap()).unwrap();
    let result = timed(client.execute::<Value>(get_things())).await;
    assert_eq!(phase(result), TimeoutPhase::Call(CallPhase::Refresh));
}
