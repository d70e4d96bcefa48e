//! Unit tests of `Request`: encoding of paths, queries, headers and bodies, and
//! a `Debug` that shows no values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

const BASE: &str = "https://acme.api.identitynow.com";

fn url(request: Request) -> String {
    request.prepare(BASE).unwrap().url.to_string()
}

#[test]
fn path_params_are_one_encoded_segment() {
    let request = Request::new(
        "getThing",
        Method::GET,
        "/beta",
        "/things/{id}/parts/{part}",
    )
    .path_param("id", "a/b c?d#e%f")
    .path_param("part", 7);
    assert_eq!(
        url(request),
        format!("{BASE}/beta/things/a%2Fb%20c%3Fd%23e%25f/parts/7")
    );
}

#[test]
fn bad_path_params_are_encode_errors() {
    let missing = Request::new("op", Method::GET, "/beta", "/things/{id}");
    assert_eq!(
        missing.prepare(BASE).unwrap_err().part,
        "path parameter `id`"
    );
    let dots = Request::new("op", Method::GET, "/beta", "/things/{id}").path_param("id", "..");
    assert!(dots.prepare(BASE).is_err());
    let unknown = Request::new("op", Method::GET, "/beta", "/things").path_param("id", "x");
    assert!(unknown.prepare(BASE).is_err());
}

#[test]
fn simple_style_path_params_and_headers() {
    let filter = serde_json::json!({"type": "user", "name": "a,b"});
    let request = Request::new("op", Method::GET, "/beta", "/things/{ids}/{f}/{g}")
        .path_param_simple("ids", &["a b", "c/d"], false)
        .path_param_simple("f", &filter, false)
        .path_param_simple("g", &filter, true)
        .header_simple("X-Ids", &[1, 2], false)
        .header_simple("X-Filter", &filter, true)
        .header_simple::<[u8]>("X-Empty", &[], false);
    let prepared = request.prepare(BASE).unwrap();
    assert_eq!(
        prepared.url.as_str(),
        format!("{BASE}/beta/things/a%20b,c%2Fd/type,user,name,a%2Cb/type=user,name=a%2Cb")
    );
    assert_eq!(prepared.headers["X-Ids"], "1,2");
    assert_eq!(prepared.headers["X-Filter"], "type=user,name=a,b");
    assert!(!prepared.headers.contains_key("X-Empty"));
    let empty = Request::new("op", Method::GET, "/beta", "/things/{ids}")
        .path_param_simple::<[&str]>("ids", &[], false);
    assert_eq!(
        empty.prepare(BASE).unwrap_err().part,
        "path parameter `ids`"
    );
}

#[test]
fn query_scalars_arrays_and_options() {
    #[derive(Serialize)]
    enum Level {
        #[serde(rename = "FULL")]
        Full,
    }
    let request = Request::new("list", Method::GET, "/beta", "/things")
        .query("filters", "name eq \"a&b\"")
        .query("limit", &250)
        .query("count", &true)
        .query("level", &Level::Full)
        .query("ids", &["x", "y z"])
        .query_opt::<u32>("offset", None)
        .query_opt("sorters", Some(&"-created"));
    assert_eq!(
        url(request),
        format!(
            "{BASE}/beta/things?filters=name%20eq%20%22a%26b%22&limit=250&count=true\
             &level=FULL&ids=x&ids=y%20z&sorters=-created"
        )
    );
}

#[test]
fn query_explodes_objects_and_sends_nested_values_as_json() {
    let request = Request::new("list", Method::GET, "/beta", "/things")
        .query("q", &serde_json::json!({"a": 1, "b": "x y"}))
        .query("nested", &serde_json::json!([[1, 2]]));
    assert_eq!(
        url(request),
        format!("{BASE}/beta/things?a=1&b=x%20y&nested=%5B1%2C2%5D")
    );
}

#[test]
fn query_styled_in_each_style() {
    let ids = ["a", "b,c"];
    let filter = serde_json::json!({"type": "user", "name": "x|y"});
    let request = Request::new("list", Method::GET, "/beta", "/things")
        .query_styled("ids", &ids, QueryStyle::Form { explode: true })
        .query_styled("ids", &ids, QueryStyle::Form { explode: false })
        .query_styled("ids", &ids, QueryStyle::SpaceDelimited)
        .query_styled("ids", &ids, QueryStyle::PipeDelimited)
        .query_styled("f", &filter, QueryStyle::Form { explode: false })
        .query_styled("f", &filter, QueryStyle::DeepObject)
        .query_styled("limit", &5, QueryStyle::PipeDelimited)
        .query_styled_opt::<u8>("none", None, QueryStyle::DeepObject)
        .query_styled_opt("some", Some(&["s"]), QueryStyle::Form { explode: false });
    assert_eq!(
        url(request),
        format!(
            "{BASE}/beta/things?ids=a&ids=b%2Cc&ids=a,b%2Cc&ids=a%20b%2Cc&ids=a%7Cb%2Cc\
             &f=type,user,name,x%7Cy&f%5Btype%5D=user&f%5Bname%5D=x%7Cy&limit=5&some=s"
        )
    );
}

#[test]
fn unserialisable_query_value_is_an_encode_error() {
    let mut map = std::collections::BTreeMap::new();
    map.insert((1, 2), "tuple keys are not JSON");
    let request = Request::new("list", Method::GET, "/beta", "/things").query_styled(
        "q",
        &map,
        QueryStyle::DeepObject,
    );
    assert_eq!(
        request.prepare(BASE).unwrap_err().part,
        "query parameter `q`"
    );
}

#[test]
fn form_body_sets_content_type() {
    #[derive(Serialize)]
    struct Token<'a> {
        grant_type: &'a str,
        scope: Option<&'a str>,
        audience: Vec<&'a str>,
    }
    let request = Request::new("token", Method::POST, "", "/oauth/token").form_body(&Token {
        grant_type: "client_credentials",
        scope: None,
        audience: vec!["a b", "c&d"],
    });
    let prepared = request.prepare(BASE).unwrap();
    assert_eq!(
        prepared.headers[CONTENT_TYPE],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        prepared.body.unwrap(),
        Bytes::from_static(b"grant_type=client_credentials&audience=a%20b&audience=c%26d")
    );
}

#[test]
fn form_body_of_a_non_object_is_an_encode_error() {
    let request = Request::new("op", Method::POST, "/beta", "/x").form_body(&[1, 2]);
    let error = request.prepare(BASE).unwrap_err();
    assert_eq!(error.part, "request body");
    assert!(error.message.contains("must be an object"), "{error}");
}

#[test]
fn multipart_sets_boundary_content_type() {
    let request = Request::new("upload", Method::POST, "/beta", "/x").multipart(
        Multipart::new()
            .field("name", "n")
            .file("f", crate::FilePart::new("data")),
    );
    let prepared = request.prepare(BASE).unwrap();
    let content_type = prepared.headers[CONTENT_TYPE].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let body = prepared.body.unwrap();
    assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
    assert!(body.ends_with(format!("\r\n--{boundary}--\r\n").as_bytes()));
}

#[test]
fn multipart_errors_are_encode_errors() {
    let request = Request::new("upload", Method::POST, "/beta", "/x").multipart(
        Multipart::new()
            .field("ok", "fine")
            .field("bad", &std::collections::BTreeMap::from([((1, 2), 3)])),
    );
    assert_eq!(
        request.prepare(BASE).unwrap_err().part,
        "multipart field `bad`"
    );
}

#[test]
fn json_body_sets_content_type() {
    let request = Request::new("patch", Method::PATCH, "/beta", "/things").json_body(
        "application/json-patch+json",
        &serde_json::json!([{"op": "remove", "path": "/a"}]),
    );
    let prepared = request.prepare(BASE).unwrap();
    assert_eq!(
        prepared.headers[CONTENT_TYPE],
        "application/json-patch+json"
    );
    assert_eq!(
        prepared.body.unwrap(),
        Bytes::from_static(br#"[{"op":"remove","path":"/a"}]"#)
    );
    assert_eq!(prepared.headers[ACCEPT], "application/json");
}

#[test]
fn invalid_header_is_an_encode_error() {
    let request = Request::new("op", Method::GET, "/beta", "/x").header("X-Thing", "a\nb");
    assert_eq!(request.prepare(BASE).unwrap_err().part, "header `X-Thing`");
}

#[test]
fn debug_shows_no_values() {
    let request = Request::new("op", Method::GET, "/beta", "/x")
        .query("filters", "email eq \"someone@example.com\"")
        .query_styled(
            "deep",
            &serde_json::json!({"k": "deep-secret"}),
            QueryStyle::DeepObject,
        )
        .header("X-Private", "hidden-value")
        .json_body(
            "application/json",
            &serde_json::json!({"password": "hunter2"}),
        );
    let debug = format!("{request:?}");
    assert!(!debug.contains("someone@example.com"));
    assert!(!debug.contains("deep-secret"));
    assert!(!debug.contains("hidden-value"));
    assert!(!debug.contains("hunter2"));
    assert!(debug.contains("filters"));

    let form = Request::new("op", Method::POST, "/beta", "/x")
        .form_body(&serde_json::json!({"password": "form-secret"}));
    assert!(!format!("{form:?}").contains("form-secret"));

    let upload = Request::new("op", Method::POST, "/beta", "/x").multipart(
        Multipart::new().field("comment", "field-secret").file(
            "doc",
            crate::FilePart::new("file-secret").file_name("name-secret.pdf"),
        ),
    );
    let debug = format!("{upload:?}");
    assert!(!debug.contains("field-secret"));
    assert!(!debug.contains("file-secret"));
    assert!(!debug.contains("name-secret"));
}
