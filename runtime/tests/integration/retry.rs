//! Retries, backoff, Retry-After and timeouts. Waits go through a ManualClock, so
//! the tests assert the exact waits without sleeping.

use std::time::Duration;

use isc_runtime::{Clock, Config, Error, RetryPolicy, TimeoutPhase, TokioClock};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// Answers `status` to the first `times` calls of `verb` on /beta/things, 200 after.
async fn fail_then_succeed(server: &MockServer, verb: &str, failure: ResponseTemplate, times: u64) {
    mount_token(server, 3600, Duration::ZERO).await;
    Mock::given(method(verb))
        .and(path("/beta/things"))
        .respond_with(failure)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .mount(server)
        .await;
}

async fn things_requests(server: &MockServer) -> usize {
    requests_to(server, "/beta/things").await.len()
}

#[tokio::test]
async fn status_429_waits_for_retry_after_seconds() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "7");
    fail_then_succeed(&server, "GET", busy, 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
    assert_eq!(things_requests(&server).await, 2);
}

#[tokio::test]
async fn status_429_waits_until_retry_after_http_date() {
    let server = MockServer::start().await;
    let until = httpdate_in(30);
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", until.as_str());
    fail_then_succeed(&server, "GET", busy, 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(clock.sleeps(), [Duration::from_secs(30)]);
}

fn httpdate_in(seconds: u64) -> String {
    httpdate::fmt_http_date(epoch() + Duration::from_secs(seconds))
}

#[tokio::test]
async fn status_429_is_retried_for_post_too() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "2");
    fail_then_succeed(&server, "POST", busy, 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(post_thing()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(things_requests(&server).await, 2);
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn status_429_without_retry_after_backs_off() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, "GET", ResponseTemplate::new(429), 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_429() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "3600");
    fail_then_succeed(&server, "GET", busy, 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 429);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn status_503_backs_off_exponentially_then_succeeds() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, "GET", ResponseTemplate::new(503), 2).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(things_requests(&server).await, 3);
}

#[tokio::test]
async fn backoff_jitter_stays_within_half_to_full() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, "GET", ResponseTemplate::new(502), 3).await;
    let clock = manual_clock();
    let jittered = RetryPolicy::default()
        .with_backoff(Duration::from_millis(1000), Duration::from_secs(30))
        .with_jitter(true);
    let client = client(config(&server).retry(jittered), &clock);

    client.execute::<Value>(get_things()).await.unwrap();

    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 3);
    for (sleep, full) in sleeps.iter().zip([1000, 2000, 4000]) {
        let ms = sleep.as_millis();
        assert!(
            ms >= full / 2 && ms <= full,
            "{ms} ms outside [{}, {full}]",
            full / 2
        );
    }
}

#[tokio::test]
async fn post_503_is_not_replayed_by_default() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, "POST", ResponseTemplate::new(503), 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(post_thing()).await.unwrap();

    assert_eq!(response.status(), 503);
    assert_eq!(things_requests(&server).await, 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn post_503_is_replayed_when_opted_in() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, "POST", ResponseTemplate::new(503), 1).await;
    let clock = manual_clock();
    let policy = RetryPolicy::default()
        .with_jitter(false)
        .with_retry_non_idempotent(true);
    let client = client(config(&server).retry(policy), &clock);

    let response = client.execute::<Value>(post_thing()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(things_requests(&server).await, 2);
    let bodies: Vec<Value> = requests_to(&server, "/beta/things")
        .await
        .iter()
        .map(|r| r.body_json().unwrap())
        .collect();
    assert_eq!(bodies[0], bodies[1], "the replay carries the same body");
}

#[tokio::test]
async fn exhausted_attempts_give_the_last_status() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down for maintenance"))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let policy = RetryPolicy::default()
        .with_jitter(false)
        .with_max_attempts(3);
    let client = client(config(&server).retry(policy), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();
    let error = response.into_error::<Value>();

    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 503);
    assert_eq!(api.raw, "down for maintenance");
    assert_eq!(things_requests(&server).await, 3);
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn total_retry_time_is_bounded() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(504))
        .mount(&server)
        .await;
    let clock = manual_clock();
    // Waits of 0.5 s, 1 s, 2 s...: a 2 s budget allows the first two only.
    let policy = RetryPolicy::default()
        .with_jitter(false)
        .with_max_attempts(10)
        .with_max_elapsed(Duration::from_secs(2));
    let client = client(config(&server).retry(policy), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 504);
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(things_requests(&server).await, 3);
}

#[tokio::test]
async fn request_timeout_is_an_error_and_idempotent_calls_retry_it() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let policy = RetryPolicy::default()
        .with_jitter(false)
        .with_max_attempts(2);
    let config = config(&server)
        .request_timeout(Duration::from_millis(300))
        .retry(policy);
    let client = client(config, &clock);

    let started = std::time::Instant::now();
    let error = client.execute::<Value>(get_things()).await.unwrap_err();

    let Error::Timeout(timeout) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(timeout.phase, TimeoutPhase::Request);
    assert_eq!(timeout.after, Duration::from_millis(300));
    assert_eq!(things_requests(&server).await, 2);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout cut the wait short"
    );
}

#[tokio::test]
async fn post_timeout_is_not_replayed() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let config = config(&server).request_timeout(Duration::from_millis(300));
    let client = client(config, &clock);

    let error = client.execute::<Value>(post_thing()).await.unwrap_err();

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(things_requests(&server).await, 1);
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post_then_reported() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let clock = manual_clock();
    let config = Config::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_token("t")
        .retry(
            RetryPolicy::default()
                .with_jitter(false)
                .with_max_attempts(3),
        );
    let client = client(config, &clock);

    let error = client.execute::<Value>(post_thing()).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_connect());
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
}

#[tokio::test(start_paused = true)]
async fn tokio_clock_follows_the_paused_test_clock() {
    let clock = TokioClock;
    let before = clock.now();
    clock.sleep(Duration::from_secs(30)).await;
    assert_eq!(clock.now() - before, Duration::from_secs(30));
}
