//! Redirects: token requests follow none, API calls follow same-origin ones
//! (307/308 only for idempotent methods), and a loop is one error, not retried.

use isc_runtime::auth::AuthError;
use isc_runtime::{Error, Method, RedirectError, RedirectPolicy, Request};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

fn redirect(status: u16, to: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("Location", to)
}

/// A second origin that records what reaches it.
async fn elsewhere() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "stolen", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "stolen", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn token_requests_follow_no_redirect() {
    for status in [301, 302, 303, 307, 308] {
        let server = MockServer::start().await;
        let other = elsewhere().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(redirect(status, &format!("{}/steal?x=1", other.uri())))
            .mount(&server)
            .await;
        let client = client(config(&server), &manual_clock());
        let error = client.execute::<Value>(get_things()).await.unwrap_err();
        let Error::Auth(AuthError::Redirect(RedirectError::Refused {
            status: seen,
            target_origin,
            ..
        })) = &error
        else {
            panic!("{status}: expected a refused redirect, got {error:?}");
        };
        assert_eq!(*seen, status);
        assert_eq!(target_origin, &other.uri(), "only the origin is named");
        assert!(!error.to_string().contains("steal"), "{error}");
        assert_eq!(other.received_requests().await.unwrap().len(), 0);
        assert_eq!(token_requests(&server).await, 1, "not retried");
        assert!(requests_to(&server, "/beta/things").await.is_empty());
    }
}

#[tokio::test]
async fn api_calls_refuse_cross_origin_redirects() {
    let server = MockServer::start().await;
    let other = elsewhere().await;
    mount_token(&server, 3600, std::time::Duration::ZERO).await;
    Mock::given(path("/beta/things"))
        .respond_with(redirect(307, &format!("{}/beta/things", other.uri())))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());
    for request in [get_things(), post_thing()] {
        let error = client.execute::<Value>(request).await.unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Redirect(RedirectError::Refused {
                    status: 307,
                    reason: "cross-origin",
                    ..
                })
            ),
            "{error:?}"
        );
    }
    assert_eq!(other.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn same_origin_redirects_are_followed_as_the_method_allows() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, std::time::Duration::ZERO).await;
    Mock::given(path("/beta/things"))
        .respond_with(redirect(301, "/beta/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/beta/put-here"))
        .respond_with(redirect(308, "/beta/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/beta/moved"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());
    let response = client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(response.status(), 200);
    let moved = requests_to(&server, "/beta/moved").await;
    assert_eq!(moved[0].headers["authorization"], bearer(1).as_str());

    // 308 keeps PUT and its body.
    let put = Request::new("putThing", Method::PUT, "/beta", "/put-here")
        .json_body("application/json", &serde_json::json!({"v": 1}))
        .authenticated();
    assert_eq!(client.execute::<Value>(put).await.unwrap().status(), 200);
    let moved = requests_to(&server, "/beta/moved").await;
    assert_eq!(moved[1].method.as_str(), "PUT");
    assert_eq!(moved[1].body, br#"{"v":1}"#);

    // 307 for a POST would replay a non-idempotent request.
    let post = Request::new("createThing", Method::POST, "/beta", "/put-here")
        .json_body("application/json", &serde_json::json!({"v": 1}))
        .authenticated();
    let error = client.execute::<Value>(post).await.unwrap_err();
    assert!(matches!(error, Error::Redirect(_)), "{error:?}");
    assert_eq!(requests_to(&server, "/beta/moved").await.len(), 2);
}

#[tokio::test]
async fn a_redirect_loop_is_one_error_that_is_not_retried() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, std::time::Duration::ZERO).await;
    Mock::given(path("/beta/things"))
        .respond_with(redirect(302, "/beta/things"))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());
    let error = client.execute::<Value>(get_things()).await.unwrap_err();
    assert!(
        matches!(error, Error::Redirect(RedirectError::TooMany { max: 10 })),
        "{error:?}"
    );
    // The first request and 10 redirects: one attempt, no retries.
    assert_eq!(requests_to(&server, "/beta/things").await.len(), 11);
}

#[tokio::test]
async fn an_allowing_policy_follows_cross_origin_without_the_credential() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&other)
        .await;
    mount_token(&server, 3600, std::time::Duration::ZERO).await;
    Mock::given(path("/beta/things"))
        .respond_with(redirect(302, &format!("{}/beta/things", other.uri())))
        .mount(&server)
        .await;
    let policy = RedirectPolicy::default().with_cross_origin(true);
    let client = client(config(&server).redirect_policy(policy), &manual_clock());
    let response = client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(response.status(), 200);
    let seen = other.received_requests().await.unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].headers.contains_key("authorization"));
}
