//! Shared fixtures: a token endpoint on a local mock server and clients pointed at it.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use isc_runtime::{Client, Config, ConfigBuilder, ManualClock, Method, Request, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

pub const CLIENT_ID: &str = "test-client-id";
pub const CLIENT_SECRET: &str = "client-secret-9f8e7d6c";
/// Tokens are `access-token-1`, `access-token-2`, ... in issue order.
pub const TOKEN_PREFIX: &str = "access-token-";

/// A fixed wall-clock start with whole seconds, so HTTP-dates are exact.
pub fn epoch() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

pub fn manual_clock() -> ManualClock {
    ManualClock::new(epoch())
}

/// Issues numbered tokens.
pub struct TokenResponder {
    issued: Arc<AtomicUsize>,
    expires_in: u64,
    delay: Duration,
}

impl Respond for TokenResponder {
    fn respond(&self, _request: &wiremock::Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({
                "access_token": format!("{TOKEN_PREFIX}{n}"),
                "token_type": "bearer",
                "expires_in": self.expires_in,
                "scope": "sp:scopes:all",
            }))
            .set_delay(self.delay)
    }
}

/// Mounts `POST /oauth/token`.
pub async fn mount_token(server: &MockServer, expires_in: u64, delay: Duration) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenResponder {
            issued: Arc::new(AtomicUsize::new(0)),
            expires_in,
            delay,
        })
        .mount(server)
        .await;
}

/// Client credentials against `server`, deterministic backoff (500 ms, doubling).
pub fn config(server: &MockServer) -> ConfigBuilder {
    Config::builder()
        .base_url(server.uri())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::default().with_jitter(false))
}

pub fn client(config: ConfigBuilder, clock: &ManualClock) -> Client {
    Client::builder(config.build().unwrap())
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

/// `GET /beta/things`, authenticated.
pub fn get_things() -> Request {
    Request::new("listThings", Method::GET, "/beta", "/things").authenticated()
}

/// `POST /beta/things`, authenticated.
pub fn post_thing() -> Request {
    Request::new("createThing", Method::POST, "/beta", "/things")
        .json_body("application/json", &serde_json::json!({"name": "x"}))
        .authenticated()
}

pub async fn requests_to(server: &MockServer, to: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == to)
        .collect()
}

pub async fn token_requests(server: &MockServer) -> usize {
    requests_to(server, "/oauth/token").await.len()
}

pub fn bearer(n: usize) -> String {
    format!("Bearer {TOKEN_PREFIX}{n}")
}
