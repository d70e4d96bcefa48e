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

/// A raw HTTP server on 127.0.0.1 for answers wiremock cannot give (chunked
/// bodies that never end, bytes that drip, no answer at all): each connection
/// gets `serve`, after its request head has been read. Returns the base URL.
pub async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let serve = Arc::new(serve);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let serve = serve.clone();
            tokio::spawn(async move {
                // Read until the end of the head; bodies are not needed here.
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                serve(stream).await;
            });
        }
    });
    format!("http://{address}")
}

/// A client for `base` with credentials none, real time, no retries unless given.
pub fn plain_client(base: &str, tune: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Client {
    let config = Config::builder()
        .base_url(base)
        .credentials(isc_runtime::Credentials::None)
        .retry(RetryPolicy::none());
    Client::new(tune(config).build().unwrap()).unwrap()
}

/// `GET /beta/things` without authentication.
pub fn get_public() -> Request {
    Request::new("listThings", Method::GET, "/beta", "/things")
}

/// A query parameter of a received request.
pub fn query_param(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// `GET /beta/things` for one page, as generated list operations send it.
pub fn list_page(page: isc_runtime::PageRequest) -> Request {
    Request::new("listThings", Method::GET, "/beta", "/things")
        .query("offset", &page.offset)
        .query("limit", &page.limit)
        .query_opt("count", page.count.then_some(&true))
        .authenticated()
}
