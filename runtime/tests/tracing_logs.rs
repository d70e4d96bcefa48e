//! Tracing logs hold no secret, token, query value or body. A test binary of
//! its own: tracing caches per-callsite interest process-wide, so tests on
//! other threads without a subscriber would make this one's spans vanish.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use isc_runtime::{Method, Request, RetryPolicy};
use serde_json::Value;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "integration/common.rs"]
mod common;
use common::*;

/// A tracing writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn tracing_logs_hold_no_secret_token_query_value_or_body() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    // Current-thread test runtime: every task runs on this thread, under this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    // First token rejected (401), then 503 once, then success: refresh, retry and
    // backoff paths all log.
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .and(header("authorization", bearer(1).as_str()))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "new"})))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let client = client(
        config(&server).retry(RetryPolicy::default().with_jitter(false)),
        &clock,
    );

    let request = Request::new("createThing", Method::POST, "/beta", "/things")
        .query("filters", "email eq \"private-query-value\"")
        .json_body(
            "application/json",
            &serde_json::json!({"password": "private-body-value"}),
        )
        .authenticated();
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.status(), 201);

    let logs = captured.text();
    assert!(logs.contains("isc_request"), "{logs}");
    assert!(logs.contains("operation_id=\"createThing\""), "{logs}");
    assert!(logs.contains("path_template=\"/things\""), "{logs}");
    assert!(logs.contains("status=201"), "{logs}");
    assert!(logs.contains("attempt=3"), "{logs}");
    assert!(
        logs.contains("retrying after HTTP status attempt=2 status=429 delay_ms=1000"),
        "{logs}"
    );
    for forbidden in [
        CLIENT_SECRET,
        TOKEN_PREFIX,
        "private-query-value",
        "private-body-value",
        "client_secret=",
    ] {
        assert!(
            !logs.contains(forbidden),
            "{forbidden:?} leaked into logs:\n{logs}"
        );
    }
}
