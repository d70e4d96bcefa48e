//! Request encoding on the wire, response decoding and typed API errors.

use std::time::Duration;

use isc_runtime::{DateTime, DecodeError, Error, ErrorBody, Method, Request, decode_json};
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Thing {
    id: String,
    created: DateTime,
}

async fn serve_things(body: &str) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn wrong_type_deep_in_a_list_reports_its_path() {
    let server = serve_things(
        r#"[{"id":"a","created":"2021-09-28T02:15Z"},{"id":"b","created":"yesterday"}]"#,
    )
    .await;
    let client = client(config(&server), &manual_clock());

    let response = client.execute::<Value>(get_things()).await.unwrap();
    let error = response.json::<Vec<Thing>, Value>().unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "[1].created");
    assert!(decode.message.contains("yesterday"), "{}", decode.message);
    assert!(decode.snippet.contains("yesterday"), "{}", decode.snippet);
}

#[tokio::test]
async fn malformed_json_reports_path_and_bounded_snippet() {
    let long_name = "n".repeat(500);
    let body = format!(r#"{{"items":[{{"id":"a","name":"{long_name}","count": }}]}}"#);
    let server = serve_things(&body).await;
    let client = client(config(&server), &manual_clock());

    let response = client.execute::<Value>(get_things()).await.unwrap();
    let error = response.json::<Value, Value>().unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "items[0].count");
    assert!(
        decode.snippet.chars().count() <= 200,
        "{}",
        decode.snippet.len()
    );
    assert!(
        decode.snippet.ends_with(r#""count": }]}"#),
        "{}",
        decode.snippet
    );
}

#[tokio::test]
async fn well_formed_list_decodes() {
    let server = serve_things(r#"[{"id":"a","created":"2021-09-28T02:15:07.5+02:00"}]"#).await;
    let client = client(config(&server), &manual_clock());
    let response = client.execute::<Value>(get_things()).await.unwrap();
    let things: Vec<Thing> = response.json::<_, Value>().unwrap();
    assert_eq!(
        things[0].created.to_string(),
        "2021-09-28T02:15:07.500+02:00"
    );
}

/// Shaped like a generated `<Operation>Error`.
#[derive(Debug, PartialEq)]
enum CreateThingError {
    Status400(ErrorResponse),
    Status429(Value),
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorResponse {
    detail_code: String,
    tracking_id: String,
}

impl ErrorBody for CreateThingError {
    fn decode(status: u16, body: &[u8]) -> Option<Result<Self, DecodeError>> {
        match status {
            400 => Some(decode_json(body).map(CreateThingError::Status400)),
            429 => Some(decode_json(body).map(CreateThingError::Status429)),
            _ => None,
        }
    }
}

async fn answer_post(status: u16, body: &str) -> Error<CreateThingError> {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(status).set_body_string(body.to_owned()))
        .mount(&server)
        .await;
    let client = client(
        config(&server).retry(isc_runtime::RetryPolicy::none()),
        &manual_clock(),
    );
    let response = client
        .execute::<CreateThingError>(post_thing())
        .await
        .unwrap();
    assert_eq!(response.status(), status);
    response.into_error()
}

#[tokio::test]
async fn declared_error_body_is_typed() {
    let error = answer_post(
        400,
        r#"{"detailCode":"400.1 Bad Request","trackingId":"abc"}"#,
    )
    .await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 400);
    assert_eq!(
        api.body,
        Some(CreateThingError::Status400(ErrorResponse {
            detail_code: "400.1 Bad Request".to_owned(),
            tracking_id: "abc".to_owned(),
        }))
    );
    assert!(api.decode_error.is_none());
    assert!(error.to_string().contains("HTTP 400"));
}

#[tokio::test]
async fn declared_error_body_that_does_not_decode_keeps_raw_text() {
    let error = answer_post(400, r#"{"detailCode":7}"#).await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert!(api.body.is_none());
    assert_eq!(api.decode_error.as_ref().unwrap().path, "detailCode");
    assert_eq!(api.raw, r#"{"detailCode":7}"#);
}

#[tokio::test]
async fn undeclared_status_has_raw_text_only() {
    let error = answer_post(500, "<html>oops</html>").await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 500);
    assert!(api.body.is_none() && api.decode_error.is_none());
    assert_eq!(api.raw, "<html>oops</html>");
}

#[tokio::test]
async fn request_parts_arrive_encoded() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("PATCH"))
        .and(path("/beta/accounts/a%2Fb%20c"))
        .and(query_param("filters", "name eq \"x&y\""))
        .and(header("content-type", "application/json-patch+json"))
        .and(header("x-sailpoint-experimental", "true"))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            concat!("isc-runtime/", env!("CARGO_PKG_VERSION")),
        ))
        .and(body_json(
            serde_json::json!([{"op": "replace", "path": "/name", "value": "n"}]),
        ))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("updateAccount", Method::PATCH, "/beta", "/accounts/{id}")
        .path_param("id", "a/b c")
        .query("filters", "name eq \"x&y\"")
        .query("ids", &["1", "2"])
        .header("X-SailPoint-Experimental", "true")
        .json_body(
            "application/json-patch+json",
            &serde_json::json!([{"op": "replace", "path": "/name", "value": "n"}]),
        )
        .authenticated();
    let response = client.execute::<Value>(request).await.unwrap();

    assert_eq!(
        response.status(),
        200,
        "{:?}",
        server.received_requests().await
    );
    let sent = &requests_to(&server, "/beta/accounts/a%2Fb%20c").await[0];
    assert_eq!(
        sent.url.query(),
        Some("filters=name%20eq%20%22x%26y%22&ids=1&ids=2")
    );
}

#[tokio::test]
async fn encode_errors_surface_from_execute_without_sending() {
    let server = MockServer::start().await;
    let client = client(config(&server), &manual_clock());
    let request = Request::new("getThing", Method::GET, "/beta", "/things/{id}").authenticated();

    let error = client.execute::<Value>(request).await.unwrap_err();

    let Error::Encode(encode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(encode.part, "path parameter `id`");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn total_count_and_headers_are_readable() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Total-Count", "1234")
                .set_body_json(serde_json::json!([1, 2])),
        )
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());
    let response = client.execute::<Value>(get_things()).await.unwrap();
    assert_eq!(response.total_count(), Some(1234));
    assert_eq!(response.header("x-total-count"), Some("1234"));
    let page = response.page::<u32, Value>().unwrap();
    assert_eq!((page.items, page.total), (vec![1, 2], Some(1234)));
}

#[test]
fn errors_box_into_std_error() {
    fn boxed<E: std::fmt::Debug + Send + Sync + 'static>(
        error: Error<E>,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(error)
    }
    let api = isc_runtime::Response::new(404, Default::default(), "missing").into_error::<Value>();
    let error = boxed(api);
    assert_eq!(error.to_string(), "API error: HTTP 404: missing");
    let decode = isc_runtime::Response::new(200, Default::default(), "[1,")
        .json::<Vec<u8>, ()>()
        .unwrap_err();
    let text = boxed(decode).to_string();
    assert!(text.starts_with("cannot decode response at `"), "{text}");
}
