//! Token fetching under failure: waiters share one fetch and its outcome,
//! failures included; lifetimes are clamped (no panic, no refetch per call);
//! a token that cannot be a header value is never cached.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use isc_runtime::auth::AuthError;
use isc_runtime::{Client, Error};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::common::*;

async fn mount_things(server: &MockServer) {
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(server)
        .await;
}

async fn mount_token_body(server: &MockServer, body: Value) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn many_waiters_share_one_failed_fetch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);
    let calls = (0..200).map(|_| client.execute::<Value>(get_things()));
    let results = join_all(calls).await;
    for result in &results {
        let Err(Error::Auth(error)) = result else {
            panic!("expected an auth error, got {result:?}");
        };
        assert_eq!(error.status(), Some(500), "{error}");
    }
    assert_eq!(
        token_requests(&server).await,
        1,
        "one request for 200 waiters"
    );
    // The failure is remembered briefly, then the endpoint is asked again.
    let again = client.execute::<Value>(get_things()).await.unwrap_err();
    assert!(
        matches!(again, Error::Auth(AuthError::RecentFailure { .. })),
        "{again:?}"
    );
    assert_eq!(token_requests(&server).await, 1);
    clock.advance(Duration::from_secs(2));
    client.execute::<Value>(get_things()).await.unwrap_err();
    assert_eq!(token_requests(&server).await, 2);
}

#[tokio::test]
async fn a_hanging_token_endpoint_costs_one_timeout_not_one_per_waiter() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::from_secs(20)).await;
    let client = Client::new(
        config(&server)
            .token_timeout(Duration::from_millis(300))
            .build()
            .unwrap(),
    )
    .unwrap();
    let started = Instant::now();
    let results = join_all((0..50).map(|_| client.execute::<Value>(get_things()))).await;
    assert!(results.iter().all(Result::is_err));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(token_requests(&server).await, 1);
}

#[tokio::test]
async fn a_zero_lifetime_does_not_refetch_on_every_call() {
    let server = MockServer::start().await;
    mount_token(&server, 0, Duration::ZERO).await;
    mount_things(&server).await;
    let client = client(config(&server), &manual_clock());
    for _ in 0..20 {
        client.execute::<Value>(get_things()).await.unwrap();
    }
    assert_eq!(token_requests(&server).await, 1);
    for request in requests_to(&server, "/beta/things").await {
        assert_eq!(request.headers["authorization"], bearer(1).as_str());
    }
}

/// A server whose token endpoint answers `expires_in`, and a client for it.
async fn with_expires_in(expires_in: &Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_token_body(
        &server,
        serde_json::json!({"access_token": "t", "expires_in": expires_in}),
    )
    .await;
    mount_things(&server).await;
    let client = client(config(&server), &manual_clock());
    (server, client)
}

#[tokio::test]
async fn huge_lifetimes_do_not_panic() {
    for expires_in in [
        serde_json::json!(1e19),
        serde_json::json!(1e20),
        serde_json::json!("1e20"),
        serde_json::json!(u64::MAX),
    ] {
        let (server, client) = with_expires_in(&expires_in).await;
        client.execute::<Value>(get_things()).await.unwrap();
        client.execute::<Value>(get_things()).await.unwrap();
        assert_eq!(token_requests(&server).await, 1, "{expires_in}");
    }
}

#[tokio::test]
async fn nonsense_lifetimes_are_rejected_not_taken_as_no_expiry() {
    for expires_in in [
        serde_json::json!(-5),
        serde_json::json!("-5"),
        serde_json::json!("lots"),
        serde_json::json!("inf"),
        serde_json::json!(true),
    ] {
        let (server, client) = with_expires_in(&expires_in).await;
        let error = client.execute::<Value>(get_things()).await.unwrap_err();
        assert!(
            matches!(error, Error::Auth(AuthError::InvalidToken(_))),
            "{expires_in}: {error:?}"
        );
        assert!(requests_to(&server, "/beta/things").await.is_empty());
    }
}

/// A token with a newline first, a good one after.
struct BadThenGood(AtomicUsize);

impl Respond for BadThenGood {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let token = if n == 1 {
            "bad\r\nX-Injected: 1".to_owned()
        } else {
            format!("{TOKEN_PREFIX}{n}")
        };
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"access_token": token, "expires_in": 3600}))
    }
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_rejected_and_not_cached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(BadThenGood(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    mount_things(&server).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);
    let error = client.execute::<Value>(get_things()).await.unwrap_err();
    assert!(
        matches!(error, Error::Auth(AuthError::InvalidToken(_))),
        "{error:?}"
    );
    assert!(!error.to_string().contains("X-Injected"), "{error}");
    clock.advance(Duration::from_secs(2));
    client.execute::<Value>(get_things()).await.unwrap();
    let sent = requests_to(&server, "/beta/things").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].headers["authorization"], bearer(2).as_str());
}

#[tokio::test]
async fn a_short_lived_token_serves_the_call_that_fetched_it() {
    let server = MockServer::start().await;
    // Lifetime (1 s, clamped up to 10 s) shorter than the 60 s refresh margin.
    mount_token(&server, 1, Duration::ZERO).await;
    mount_things(&server).await;
    let client = Arc::new(client(config(&server), &manual_clock()));
    client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(token_requests(&server).await, 1);
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 1);
}
