//! Bounded bodies: the size limit holds while a body streams in, and error
//! bodies keep a bounded prefix for `Display`, `Debug` and snippets.

use std::time::{Duration, Instant};

use isc_runtime::{BodyTooLargeError, Error};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

const LIMIT: u64 = 1024 * 1024;

#[tokio::test]
async fn a_body_over_the_limit_fails_by_content_length() {
    let server = MockServer::start().await;
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 2 * LIMIT as usize]))
        .mount(&server)
        .await;
    let client = plain_client(&server.uri(), |c| c.max_response_bytes(LIMIT));
    let error = client.execute::<Value>(get_public()).await.unwrap_err();
    let Error::TooLarge(BodyTooLargeError { operation, limit }) = &error else {
        panic!("expected TooLarge, got {error:?}");
    };
    assert_eq!((*operation, *limit), ("listThings", LIMIT));
    assert!(error.to_string().contains("listThings"), "{error}");
    // At the limit is fine.
    let client = plain_client(&server.uri(), |c| c.max_response_bytes(2 * LIMIT));
    assert_eq!(
        client
            .execute::<Value>(get_public())
            .await
            .unwrap()
            .bytes()
            .len(),
        2 * LIMIT as usize
    );
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_limit() {
    // No Content-Length: the limit must hold while the body streams in.
    let base = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
        // 64 MiB at most; the client hangs up long before.
        for _ in 0..1024 {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = plain_client(&base, |c| c.max_response_bytes(LIMIT));
    let started = Instant::now();
    let error = client.execute::<Value>(get_public()).await.unwrap_err();
    assert!(matches!(error, Error::TooLarge(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn error_bodies_keep_a_bounded_prefix() {
    let server = MockServer::start().await;
    // 900 KiB of invalid UTF-8 with a JSON-looking start.
    let mut body = b"{\"message\": \"".to_vec();
    body.extend(std::iter::repeat_n(0xffu8, 900 * 1024));
    Mock::given(path("/beta/things"))
        .respond_with(ResponseTemplate::new(400).set_body_bytes(body))
        .mount(&server)
        .await;
    let client = plain_client(&server.uri(), |c| c);
    let response = client.execute::<Value>(get_public()).await.unwrap();
    let error: Error<Value> = response.into_error();
    let Error::Api(api) = &error else {
        panic!("expected Api, got {error:?}");
    };
    assert!(
        api.raw.len() <= 3 * 8 * 1024 + 64,
        "raw is {} bytes",
        api.raw.len()
    );
    assert!(
        api.raw.ends_with("more bytes]"),
        "{}",
        &api.raw[api.raw.len() - 40..]
    );
    let decode = api.decode_error.as_ref().unwrap();
    assert!(decode.snippet.chars().count() <= 200);
    assert!(format!("{error:?}").len() < 40 * 1024);
    assert!(error.to_string().chars().count() < 400);
}

#[tokio::test]
async fn a_huge_typed_error_body_has_a_bounded_debug() {
    let server = MockServer::start().await;
    let message = "m".repeat(500 * 1024);
    Mock::given(path("/beta/things"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": message})),
        )
        .mount(&server)
        .await;
    let client = plain_client(&server.uri(), |c| c);
    let error: Error<Value> = client
        .execute::<Value>(get_public())
        .await
        .unwrap()
        .into_error();
    assert!(error.api_body().is_some());
    assert!(format!("{error:?}").len() < 20 * 1024);
}
