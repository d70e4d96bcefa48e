//! Test doubles of an API, behind the `mock` feature: a [`MockServer`] on
//! 127.0.0.1 (wiremock's) that answers the calls a test mounts, and a
//! [`Client`](crate::Client) configured to call it. Generated crates wrap
//! it with one typed method per operation; this module holds what does not
//! depend on the API: matching a method and path template (and, when asked,
//! query parameters and a JSON body), answering with a status, a JSON
//! value, or limit/offset pages of a list.

mod pages;
mod path;

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use serde::Serialize;
use wiremock::matchers::{body_json, method, query_param};
use wiremock::{Mock, MockBuilder, ResponseTemplate};

pub use wiremock;

use crate::{Client, ConfigBuilder, ConfigError};
use pages::Pages;
use path::PathTemplate;

/// The client id the mock's token endpoint hands a token to.
pub const CLIENT_ID: &str = "mock-client-id";
/// The client secret the mock's clients send.
pub const CLIENT_SECRET: &str = "mock-client-secret";
/// The access token the mock's token endpoint issues.
pub const ACCESS_TOKEN: &str = "mock-access-token";

/// A mock of the API on a free port of 127.0.0.1. Mounted expectations
/// ([`Responding::expect`]) are checked when it is dropped.
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
}

impl MockServer {
    /// Starts a server that already answers the token endpoint
    /// (`POST /oauth/token`) with [`ACCESS_TOKEN`]; a mock mounted with
    /// [`MockServer::token`] takes precedence.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let mock = MockServer { server };
        // Lowest priority: any token mock a test mounts wins.
        mock.token()
            .respond_token(ACCESS_TOKEN, 3600)
            .priority(u8::MAX)
            .await;
        mock
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Settings that point at this server with the mock's client
    /// credentials; change what the test needs (retries, timeouts) and
    /// build a client from them.
    pub fn config(&self) -> ConfigBuilder {
        crate::Config::builder()
            .base_url(self.uri())
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
    }

    /// A client of this server, with the default settings otherwise.
    pub fn client(&self) -> Result<Client, ConfigError> {
        Client::new(self.config().build()?)
    }

    /// A call to `http_method` on `base_path` + `template` (`/accounts/{id}`);
    /// path parameters match any value until [`MockCall::path_param`] fixes one.
    pub fn on(&self, http_method: &str, base_path: &str, template: &str) -> MockCall<'_> {
        MockCall {
            server: self,
            method: http_method.to_owned(),
            path: PathTemplate::new(&format!("{base_path}{template}")),
            query: Vec::new(),
            body: None,
        }
    }

    /// The token endpoint, `POST /oauth/token`.
    pub fn token(&self) -> MockCall<'_> {
        self.on("POST", "", "/oauth/token")
    }

    /// The wiremock server, for what this module does not cover (its
    /// received requests, say).
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Checks the expectations mounted so far now, instead of on drop.
    pub async fn verify(&self) {
        self.server.verify().await;
    }
}

/// One call the mock answers: what it matches, before the response is chosen.
#[derive(Debug)]
#[must_use = "choose a response with one of the respond_* methods"]
pub struct MockCall<'a> {
    server: &'a MockServer,
    method: String,
    path: PathTemplate,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
}

impl<'a> MockCall<'a> {
    /// Matches only this value of the path parameter `name` (as sent,
    /// before percent-encoding).
    pub fn path_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.path.fix(name, value.into());
        self
    }

    /// Matches only requests with this query parameter value (as sent).
    pub fn query_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Matches only requests whose JSON body equals `body`'s.
    pub fn body_json(mut self, body: &(impl Serialize + ?Sized)) -> Self {
        self.body = Some(serde_json::to_value(body).unwrap_or(serde_json::Value::Null));
        self
    }

    fn builder(&self) -> MockBuilder {
        let mut builder = Mock::given(method(self.method.as_str())).and(self.path.clone());
        for (name, value) in &self.query {
            builder = builder.and(query_param(name.as_str(), value.as_str()));
        }
        if let Some(body) = &self.body {
            builder = builder.and(body_json(body));
        }
        builder
    }

    fn respond(self, response: Response) -> Responding<'a> {
        Responding {
            builder: self.builder(),
            server: self.server,
            response,
            expect: None,
            priority: None,
            up_to: None,
        }
    }

    /// Answers `status` with no body.
    pub fn respond_status(self, status: u16) -> Responding<'a> {
        self.respond(Response::Template(ResponseTemplate::new(status)))
    }

    /// Answers `status` with `body` as JSON.
    pub fn respond_json(self, status: u16, body: &(impl Serialize + ?Sized)) -> Responding<'a> {
        let value = serde_json::to_value(body).unwrap_or(serde_json::Value::Null);
        self.respond(Response::Template(
            ResponseTemplate::new(status).set_body_json(value),
        ))
    }

    /// Answers `status` with `body` as `text/plain`.
    pub fn respond_text(self, status: u16, body: impl Into<String>) -> Responding<'a> {
        self.respond(Response::Template(
            ResponseTemplate::new(status).set_body_string(body.into()),
        ))
    }

    /// Answers `status` with `body` as `application/octet-stream`.
    pub fn respond_bytes(self, status: u16, body: impl Into<Vec<u8>>) -> Responding<'a> {
        self.respond(Response::Template(
            ResponseTemplate::new(status).set_body_raw(body.into(), "application/octet-stream"),
        ))
    }

    /// Answers as a token endpoint does: `access_token` valid for
    /// `expires_in` seconds.
    pub fn respond_token(self, access_token: &str, expires_in: u64) -> Responding<'a> {
        let body = serde_json::json!({
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": expires_in,
        });
        self.respond_json(200, &body)
    }

    /// Answers with the page of `items` that the request's `limit` and
    /// `offset` ask for (as the API pages: `limit` defaults to
    /// `default_limit`, `offset` to 0), with `X-Total-Count` when the request
    /// says `count=true`.
    pub fn respond_pages<T: Serialize>(self, items: &[T], default_limit: u64) -> Responding<'a> {
        let items = items
            .iter()
            .map(|item| serde_json::to_value(item).unwrap_or(serde_json::Value::Null))
            .collect();
        self.respond(Response::Pages(Pages::new(items, default_limit)))
    }
}

#[derive(Debug)]
enum Response {
    Template(ResponseTemplate),
    Pages(Pages),
}

/// A matched call with its response chosen; `.await` it to mount it.
#[must_use = "a mock is mounted only when awaited"]
pub struct Responding<'a> {
    server: &'a MockServer,
    builder: MockBuilder,
    response: Response,
    expect: Option<wiremock::Times>,
    priority: Option<u8>,
    up_to: Option<u64>,
}

impl Responding<'_> {
    /// Answers only the first `n` matching requests; later ones fall
    /// through to the other mocks (a 429 once, then a success).
    pub fn up_to(mut self, n: u64) -> Self {
        self.up_to = Some(n);
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.response = match self.response {
            Response::Template(t) => Response::Template(t.insert_header(name, value)),
            Response::Pages(p) => Response::Pages(p.header(name, value)),
        };
        self
    }

    /// Adds `Retry-After: seconds` (for a 429 or 503).
    pub fn retry_after(self, seconds: u64) -> Self {
        let value = seconds.to_string();
        self.header("Retry-After", &value)
    }

    /// Checks, when the server is dropped or verified, that the call was
    /// received this many times (`1`, `2..`, `..=3`).
    pub fn expect(mut self, times: impl Into<wiremock::Times>) -> Self {
        self.expect = Some(times.into());
        self
    }

    /// wiremock's priority (1 is first, 5 is the default): which of two
    /// mocks that both match answers.
    pub fn priority(mut self, priority: u8) -> Self {
        self.priority = Some(priority);
        self
    }

    fn into_mock(self) -> Mock {
        let mut mock = match self.response {
            Response::Template(t) => self.builder.respond_with(t),
            Response::Pages(p) => self.builder.respond_with(p),
        };
        if let Some(times) = self.expect {
            mock = mock.expect(times);
        }
        if let Some(n) = self.up_to {
            mock = mock.up_to_n_times(n);
        }
        if let Some(priority) = self.priority {
            mock = mock.with_priority(priority);
        }
        mock
    }
}

impl<'a> IntoFuture for Responding<'a> {
    type Output = ();
    type IntoFuture = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let server = self.server;
        let mock = self.into_mock();
        Box::pin(async move { server.server.register(mock).await })
    }
}

impl std::fmt::Debug for Responding<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Responding")
            .field("response", &self.response)
            .finish_non_exhaustive()
    }
}
