//! Query styles, form bodies and multipart bodies as a real server receives them.

use std::time::Duration;

use isc_runtime::{Error, FilePart, Method, Multipart, QueryStyle, Request};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::*;

/// Answers 200 to every `verb` on `to`.
async fn mount_ok(server: &MockServer, verb: &str, to: &str) {
    Mock::given(method(verb))
        .and(path(to))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(server)
        .await;
}

fn header(request: &wiremock::Request, name: &str) -> String {
    request.headers[name].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn query_styles_as_the_server_sees_them() {
    let server = MockServer::start().await;
    mount_ok(&server, "GET", "/beta/things").await;
    let client = client(config(&server), &manual_clock());
    let ids = ["a b", "c,d", "e|f"];
    let filter = json!({"type": "user&admin", "tags": ["x", "y"], "none": null});

    let request = Request::new("listThings", Method::GET, "/beta", "/things")
        .query("plain", "1+1=2")
        .query_styled("exploded", &ids, QueryStyle::Form { explode: true })
        .query_styled("csv", &ids, QueryStyle::Form { explode: false })
        .query_styled("ssv", &ids, QueryStyle::SpaceDelimited)
        .query_styled("psv", &ids, QueryStyle::PipeDelimited)
        .query_styled("obj", &filter, QueryStyle::Form { explode: true })
        .query_styled("objcsv", &filter, QueryStyle::Form { explode: false })
        .query_styled("filter", &filter, QueryStyle::DeepObject)
        .query_styled_opt::<Vec<u8>>("absent", None, QueryStyle::PipeDelimited)
        .query_styled_opt("limit", Some(&10), QueryStyle::DeepObject);
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.status(), 200);

    let received = requests_to(&server, "/beta/things").await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].url.query().unwrap(),
        "plain=1%2B1%3D2\
         &exploded=a%20b&exploded=c%2Cd&exploded=e%7Cf\
         &csv=a%20b,c%2Cd,e%7Cf\
         &ssv=a%20b%20c%2Cd%20e%7Cf\
         &psv=a%20b%7Cc%2Cd%7Ce%7Cf\
         &type=user%26admin&tags=%5B%22x%22%2C%22y%22%5D\
         &objcsv=type,user%26admin,tags,%5B%22x%22%2C%22y%22%5D\
         &filter%5Btype%5D=user%26admin&filter%5Btags%5D=%5B%22x%22%2C%22y%22%5D\
         &limit=10"
    );
    // What a server's query parser makes of it.
    let decoded: Vec<(String, String)> = received[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(decoded.contains(&("psv".into(), "a b|c,d|e|f".into())));
    assert!(decoded.contains(&("filter[type]".into(), "user&admin".into())));
    assert!(decoded.contains(&("filter[tags]".into(), r#"["x","y"]"#.into())));
}

#[tokio::test]
async fn form_body_as_received() {
    let server = MockServer::start().await;
    mount_ok(&server, "POST", "/beta/things").await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("createThing", Method::POST, "/beta", "/things").form_body(&json!({
        "name": "Ada & Co = 100%",
        "count": 2,
        "active": false,
        "skipped": null,
        "ids": ["1", "2"],
        "attrs": {"k": "v"},
    }));
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.status(), 200);

    let received = requests_to(&server, "/beta/things").await;
    assert_eq!(received.len(), 1);
    assert_eq!(
        header(&received[0], "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(received[0].body.clone()).unwrap(),
        "name=Ada%20%26%20Co%20%3D%20100%25&count=2&active=false&ids=1&ids=2\
         &attrs=%7B%22k%22%3A%22v%22%7D"
    );
}

#[tokio::test]
async fn form_body_that_is_not_an_object_fails_before_sending() {
    let server = MockServer::start().await;
    mount_ok(&server, "POST", "/beta/things").await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("createThing", Method::POST, "/beta", "/things")
        .form_body(&["not", "an", "object"]);
    let error = client.execute::<Value>(request).await.unwrap_err();
    let Error::Encode(error) = error else {
        panic!("expected Error::Encode, got {error:?}");
    };
    assert_eq!(error.part, "request body");
    assert!(requests_to(&server, "/beta/things").await.is_empty());
}

/// Binary content with CRLFs and bytes that are not UTF-8.
const FILE: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff--not-a-boundary\r\n";

fn upload() -> Multipart {
    Multipart::new()
        .field("name", "Quarterly report")
        .field("description", &Some("line 1\r\nline 2"))
        .field("tags", &["finance", "q3"])
        .field("notes", &None::<String>)
        .file(
            "file",
            FilePart::new(FILE)
                .file_name("report \"final\".png")
                .content_type("image/png"),
        )
}

/// The body `upload()` must produce with `boundary`.
fn expected_upload(boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [
        ("name", "Quarterly report"),
        ("description", "line 1\r\nline 2"),
        ("tags", "finance"),
        ("tags", "q3"),
    ] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"report \\\"final\\\".png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(FILE);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

fn boundary_of(request: &wiremock::Request) -> String {
    let content_type = header(request, "content-type");
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"))
        .to_owned()
}

#[tokio::test]
async fn multipart_upload_as_received() {
    let server = MockServer::start().await;
    mount_ok(&server, "POST", "/beta/uploads").await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("upload", Method::POST, "/beta", "/uploads").multipart(upload());
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.status(), 200);

    let received = requests_to(&server, "/beta/uploads").await;
    assert_eq!(received.len(), 1);
    let boundary = boundary_of(&received[0]);
    assert!(boundary.len() >= 16 && boundary.len() <= 70, "{boundary}");
    assert_eq!(received[0].body, expected_upload(&boundary));
    assert_eq!(
        header(&received[0], "content-length"),
        received[0].body.len().to_string()
    );

    // Another body gets another boundary.
    let again = Request::new("upload", Method::POST, "/beta", "/uploads").multipart(upload());
    client.execute::<Value>(again).await.unwrap();
    let received = requests_to(&server, "/beta/uploads").await;
    assert_ne!(boundary_of(&received[1]), boundary);
}

#[tokio::test]
async fn retried_multipart_put_resends_the_identical_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/beta/uploads"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_ok(&server, "PUT", "/beta/uploads").await;
    let clock = manual_clock();
    let client = client(config(&server), &clock);

    let request = Request::new("replace", Method::PUT, "/beta", "/uploads").multipart(upload());
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);

    let received = requests_to(&server, "/beta/uploads").await;
    assert_eq!(received.len(), 2);
    let boundary = boundary_of(&received[0]);
    assert_eq!(boundary_of(&received[1]), boundary);
    assert_eq!(received[0].body, expected_upload(&boundary));
    assert_eq!(received[1].body, received[0].body);
}

#[tokio::test]
async fn multipart_field_that_cannot_be_serialised_fails_before_sending() {
    let server = MockServer::start().await;
    mount_ok(&server, "POST", "/beta/uploads").await;
    let client = client(config(&server), &manual_clock());

    let tuple_keys = std::collections::BTreeMap::from([((1, 2), "JSON keys must be strings")]);
    let request = Request::new("upload", Method::POST, "/beta", "/uploads")
        .multipart(upload().field("bad", &tuple_keys));
    let error = client.execute::<Value>(request).await.unwrap_err();
    let Error::Encode(error) = error else {
        panic!("expected Error::Encode, got {error:?}");
    };
    assert_eq!(error.part, "multipart field `bad`");
    assert!(requests_to(&server, "/beta/uploads").await.is_empty());
}

#[tokio::test]
async fn text_response_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/export"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/csv")
                .set_body_bytes(&b"id,name\n1,Jos\xc3\xa9\n2,\xff\n"[..]),
        )
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let request = Request::new("export", Method::GET, "/beta", "/export");
    let response = client.execute::<Value>(request).await.unwrap();
    assert_eq!(response.text(), "id,name\n1,José\n2,\u{fffd}\n");
    assert_eq!(response.bytes().len(), 20);
}
