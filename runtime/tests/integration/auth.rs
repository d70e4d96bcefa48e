//! OAuth2 client credentials: caching, refresh, single flight, 401 handling.

use std::sync::Arc;
use std::time::Duration;

use isc_runtime::{AuthError, Client, Config, Credentials, Error, Method, Request};
use serde_json::Value;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

async fn mount_things_ok(server: &MockServer, token: usize) {
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .and(header("authorization", bearer(token).as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(server)
        .await;
}

#[tokio::test]
async fn token_is_fetched_once_and_cached() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    mount_things_ok(&server, 1).await;
    let client = client(config(&server), &manual_clock());

    for _ in 0..3 {
        let response = client.execute::<Value>(get_things()).await.unwrap();
        assert_eq!(response.status(), 200);
    }

    let tokens = requests_to(&server, "/oauth/token").await;
    assert_eq!(tokens.len(), 1);
    let form = String::from_utf8(tokens[0].body.clone()).unwrap();
    assert_eq!(
        form,
        format!(
            "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}"
        )
    );
    assert_eq!(
        tokens[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 3);
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    mount_token(&server, 600, Duration::ZERO).await;
    mount_things_ok(&server, 1).await;
    mount_things_ok(&server, 2).await;
    let clock = manual_clock();
    // Margin 60 s: a 600 s token is replaced from 540 s on.
    let client = client(
        config(&server).token_refresh_margin(Duration::from_secs(60)),
        &clock,
    );

    client.execute::<Value>(get_things()).await.unwrap();
    clock.advance(Duration::from_secs(539));
    client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(token_requests(&server).await, 1);

    clock.advance(Duration::from_secs(2));
    client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
    let things = requests_to(&server, "/beta/things").await;
    assert_eq!(things[2].headers["authorization"], bearer(2).as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_with_an_expired_token_refresh_once() {
    let server = MockServer::start().await;
    // A slow token endpoint keeps the refresh in flight while the other calls arrive.
    mount_token(&server, 600, Duration::from_millis(300)).await;
    mount_things_ok(&server, 1).await;
    mount_things_ok(&server, 2).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);
    client.execute::<Value>(get_things()).await.unwrap();
    clock.advance(Duration::from_secs(3600));

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .execute::<Value>(get_things())
                .await
                .map(|r| r.status())
        });
    }
    let statuses: Vec<u16> = calls
        .join_all()
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();

    assert_eq!(statuses, vec![200; 100]);
    assert_eq!(
        token_requests(&server).await,
        2,
        "one initial token, one refresh"
    );
    let things = requests_to(&server, "/beta/things").await;
    assert_eq!(things.len(), 101);
    assert!(
        things[1..]
            .iter()
            .all(|r| r.headers["authorization"] == bearer(2).as_str())
    );
}

#[tokio::test]
async fn a_401_forces_one_refresh_and_one_retry() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .and(header("authorization", bearer(1).as_str()))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    mount_things_ok(&server, 2).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(token_requests(&server).await, 2);
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 2);
    assert!(clock.sleeps().is_empty(), "a 401 retry does not back off");
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"error":"nope"}"#))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 401);
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 2);
    assert_eq!(token_requests(&server).await, 2);
    let error = response.into_error::<Value>();
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn static_bearer_token_is_sent_and_not_refreshed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .and(header("authorization", "Bearer my-static-token"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let config = Config::builder()
        .base_url(server.uri())
        .bearer_token("my-static-token");
    let client = client(config, &manual_clock());

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 401);
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 1);
    assert_eq!(token_requests(&server).await, 0);
}

#[tokio::test]
async fn token_endpoint_refusal_is_an_auth_error_with_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            r#"{{"error":"invalid_client","error_description":"bad secret {CLIENT_SECRET}"}}"#
        )))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let error = client.execute::<Value>(get_things()).await.unwrap_err();

    let Error::Auth(AuthError::Rejected { status, body, .. }) = &error else {
        panic!("expected Error::Auth(Rejected), got {error:?}");
    };
    assert_eq!(*status, 401);
    assert!(body.contains("invalid_client"), "{body}");
    assert!(
        !body.contains(CLIENT_SECRET),
        "the echoed secret is blanked: {body}"
    );
    assert!(!error.to_string().contains(CLIENT_SECRET));
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 0);
}

#[tokio::test]
async fn token_endpoint_without_access_token_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"expires_in": 10})),
        )
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let error = client.execute::<Value>(get_things()).await.unwrap_err();

    assert!(
        matches!(error, Error::Auth(AuthError::InvalidToken(_))),
        "{error:?}"
    );
}

#[tokio::test]
async fn operations_without_security_send_no_token() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/public"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("getPublic", Method::GET, "/beta", "/public");
    let response = client.execute::<Value>(request).await.unwrap();

    assert_eq!(response.status(), 204);
    assert_eq!(token_requests(&server).await, 0);
    let sent = requests_to(&server, "/beta/public").await;
    assert!(!sent[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn authenticated_operation_without_credentials_is_an_auth_error() {
    let server = MockServer::start().await;
    let config = Config::builder()
        .base_url(server.uri())
        .credentials(Credentials::None);
    let client = Client::new(config.build().unwrap()).unwrap();

    let error = client.execute::<Value>(get_things()).await.unwrap_err();

    assert!(
        matches!(error, Error::Auth(AuthError::NoCredentials)),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn token_endpoint_503_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_token(&server, 3600, Duration::ZERO).await;
    mount_things_ok(&server, 1).await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let response = client.execute::<Value>(get_things()).await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(token_requests(&server).await, 2);
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

#[tokio::test]
async fn custom_authenticator_plugs_in() {
    use isc_runtime::{AuthContext, Authenticator, BoxFuture, Credential};

    #[derive(Debug)]
    struct ApiKey;
    impl Authenticator for ApiKey {
        fn credential<'a>(
            &'a self,
            _cx: AuthContext<'a>,
        ) -> BoxFuture<'a, Result<Credential, AuthError>> {
            Box::pin(async {
                Ok(Credential::from_header_value(
                    "ApiKey k-123".to_owned().into(),
                ))
            })
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .and(header("authorization", "ApiKey k-123"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let config = Config::builder()
        .base_url(server.uri())
        .credentials(Credentials::None);
    let client = Client::builder(config.build().unwrap())
        .authenticator(Arc::new(ApiKey))
        .build()
        .unwrap();

    let response = client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(response.status(), 200);
}
