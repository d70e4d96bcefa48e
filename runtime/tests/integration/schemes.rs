//! The security schemes besides OAuth2: basic authentication and API keys in
//! a header, the query or a cookie, each under the same secret rules as a
//! token: sent only to the configured origin, never shown by `Debug` or in
//! an error message, https only except for loopback.

use isc_runtime::{ApiKeyLocation, Config, ConfigBuilder, Error};
use serde_json::Value;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const KEY: &str = "api-key-5e4d3c2b";

fn at(server: &MockServer) -> ConfigBuilder {
    Config::builder().base_url(server.uri())
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!([]))
}

async fn answered(config: ConfigBuilder) -> u16 {
    let client = client(config, &manual_clock());
    let response = client.execute::<Value>(get_things()).await.unwrap();
    response.status()
}

#[tokio::test]
async fn basic_sends_the_rfc_7617_header() {
    let server = MockServer::start().await;
    // base64("ada:s3cret pass")
    Mock::given(path("/beta/things"))
        .and(header("authorization", "Basic YWRhOnMzY3JldCBwYXNz"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let config = at(&server).basic_auth("ada", "s3cret pass");
    assert_eq!(answered(config).await, 200);
}

#[tokio::test]
async fn api_keys_go_in_the_header_query_or_cookie_the_scheme_names() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .and(header("x-api-key", KEY))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let config = at(&server).api_key(ApiKeyLocation::Header("X-Api-Key".into()), KEY);
    assert_eq!(answered(config).await, 200);

    let server = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .and(query_param("api_key", KEY))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let config = at(&server).api_key(ApiKeyLocation::Query("api_key".into()), KEY);
    assert_eq!(answered(config).await, 200);

    let server = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .and(header("cookie", format!("session={KEY}").as_str()))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let config = at(&server).api_key(ApiKeyLocation::Cookie("session".into()), KEY);
    assert_eq!(answered(config).await, 200);
}

#[tokio::test]
async fn a_query_key_does_not_follow_a_redirect_to_another_origin() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .respond_with(ok())
        .mount(&other)
        .await;
    Mock::given(path("/beta/things"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/beta/things", other.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let policy = isc_runtime::RedirectPolicy::default().with_cross_origin(true);
    let config = at(&server)
        .api_key(ApiKeyLocation::Query("api_key".into()), KEY)
        .redirect_policy(policy);
    assert_eq!(answered(config).await, 200);
    let first = server.received_requests().await.unwrap();
    assert!(first[0].url.query().unwrap_or("").contains(KEY));
    let seen = other.received_requests().await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].url.as_str().contains(KEY), "{}", seen[0].url);
}

#[tokio::test]
async fn a_transport_error_does_not_show_a_query_key() {
    // A port nothing listens on: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = Config::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key(ApiKeyLocation::Query("api_key".into()), KEY)
        .retry(isc_runtime::RetryPolicy::default().with_max_attempts(1));
    let client = client(config, &manual_clock());
    let error = client.execute::<Value>(get_things()).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!format!("{error} {error:?}").contains(KEY), "{error:?}");
}

#[test]
fn debug_shows_no_secret_of_any_scheme() {
    let basic = Config::builder()
        .base_url("https://api.example.com")
        .basic_auth("ada", "pass-8d7c6b")
        .build()
        .unwrap();
    let text = format!("{basic:?}");
    assert!(
        text.contains("ada") && !text.contains("pass-8d7c6b"),
        "{text}"
    );
    let key = Config::builder()
        .base_url("https://api.example.com")
        .api_key(ApiKeyLocation::Header("X-Api-Key".into()), KEY)
        .build()
        .unwrap();
    let text = format!("{key:?}");
    assert!(text.contains("X-Api-Key") && !text.contains(KEY), "{text}");
}

#[test]
fn an_http_origin_other_than_loopback_is_refused_for_every_scheme() {
    let refused = Config::builder()
        .base_url("http://api.example.com")
        .api_key(ApiKeyLocation::Query("api_key".into()), KEY)
        .build();
    assert!(refused.is_err());
    let allowed = Config::builder()
        .base_url("http://api.example.com")
        .basic_auth("ada", "pass")
        .allow_insecure_http(true)
        .build();
    assert!(allowed.is_ok());
}
