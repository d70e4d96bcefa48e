//! The constructs client against a wiremock server on loopback: what goes on
//! the wire (multipart, form, query styles, headers) and what comes back
//! (bytes, text, the success enum, the error variants of ranges and default).

use futures_util::TryStreamExt;
use isc_constructs_client::apis::files::UploadFilesError;
use isc_constructs_client::apis::jobs::{GetJobError, StartJobError, StartJobSuccess};
use isc_constructs_client::apis::pets::GetPetsPetIdError;
use isc_constructs_client::models::{
    Cat, ErrorBody, JobAccepted, JobResult, LookupSelector, LookupXMode, Pet, Problem,
    SearchFilter, SearchValue, Strict, SubmitFormRequest, UploadResult,
};
use isc_constructs_client::{Client, Error};
use isc_runtime::{Config, FilePart, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "constructs-static-token";

/// The generated client with a static bearer token, no retries, and the mock
/// server as base URL (the client adds the spec's `/v1`).
fn client(server: &MockServer) -> Client {
    let config = Config::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    Client::new(isc_runtime::Client::new(config).unwrap())
}

/// A server answering `verb to` with `response`.
async fn serve(verb: &str, to: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(to))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The one request the server received; checks the token came with it.
async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let request = requests.remove(0);
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    request
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

// ---- request bodies ---------------------------------------------------------------

/// One part of a multipart body.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn quoted(header: &str, key: &str) -> Option<String> {
    let start = header.find(&format!("; {key}=\""))? + key.len() + 4;
    let end = start + header.get(start..)?.find('"')?;
    header.get(start..end).map(str::to_owned)
}

/// Splits a multipart/form-data body at `--boundary` lines (RFC 7578),
/// checking the framing byte by byte.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("Content-Type {content_type}"));
    assert!(!boundary.is_empty() && boundary.len() <= 70, "{boundary}");
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let closing = [delimiter, b"--\r\n"].concat();
    assert!(
        body.ends_with(&closing),
        "body does not end with the closing delimiter"
    );
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(body, delimiter, at) {
        starts.push(found);
        at = found + delimiter.len();
    }
    assert_eq!(starts.first(), Some(&0), "body starts with the delimiter");
    starts
        .windows(2)
        .map(|pair| {
            let segment = &body[pair[0] + delimiter.len()..pair[1]];
            let segment = segment
                .strip_prefix(b"\r\n")
                .and_then(|s| s.strip_suffix(b"\r\n"))
                .expect("CRLF around each part");
            let split = find(segment, b"\r\n\r\n", 0).expect("blank line after the headers");
            let head = std::str::from_utf8(&segment[..split]).unwrap();
            let mut disposition = None;
            let mut content_type = None;
            for line in head.split("\r\n") {
                let (name, value) = line.split_once(": ").unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-disposition" => disposition = Some(value.to_owned()),
                    "content-type" => content_type = Some(value.to_owned()),
                    other => panic!("unexpected part header {other}"),
                }
            }
            let disposition = disposition.expect("Content-Disposition");
            assert!(
                disposition.starts_with("form-data; name=\""),
                "{disposition}"
            );
            Part {
                name: quoted(&disposition, "name").unwrap(),
                file_name: quoted(&disposition, "filename"),
                content_type,
                body: segment[split + 4..].to_vec(),
            }
        })
        .collect()
}

fn field(name: &str, value: &str) -> Part {
    Part {
        name: name.to_owned(),
        file_name: None,
        content_type: None,
        body: value.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn multipart_upload_arrives_with_the_file_the_files_and_the_fields() {
    let server = serve(
        "POST",
        "/v1/files",
        ResponseTemplate::new(200).set_body_json(json!({"stored": 3})),
    )
    .await;
    // Not UTF-8, with CR LF and dashes inside: the bytes must arrive untouched.
    let pdf: Vec<u8> = [b"%PDF-1.7\r\n--\r\n".as_slice(), &[0, 0xff, 0xfe, 0x80]].concat();
    let result = client(&server)
        .files()
        .upload_files(
            FilePart::new(pdf.clone())
                .file_name("report.pdf")
                .content_type("application/pdf"),
            "Quarterly \"report\"",
        )
        .attachments(vec![
            FilePart::new("a,b\r\n1,2\r\n")
                .file_name("one.csv")
                .content_type("text/csv"),
            FilePart::new(vec![1u8, 2, 3]),
        ])
        .tags(vec!["finance".to_owned(), "q3".to_owned()])
        .priority(2)
        .await
        .unwrap();
    assert_eq!(result, UploadResult::new(3));

    let request = the_request(&server).await;
    let content_type = header(&request, "content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    assert_eq!(
        parts(&content_type, &request.body),
        vec![
            Part {
                name: "file".to_owned(),
                file_name: Some("report.pdf".to_owned()),
                content_type: Some("application/pdf".to_owned()),
                body: pdf,
            },
            Part {
                name: "attachments".to_owned(),
                file_name: Some("one.csv".to_owned()),
                content_type: Some("text/csv".to_owned()),
                body: b"a,b\r\n1,2\r\n".to_vec(),
            },
            Part {
                name: "attachments".to_owned(),
                file_name: None,
                content_type: Some("application/octet-stream".to_owned()),
                body: vec![1, 2, 3],
            },
            field("description", "Quarterly \"report\""),
            field("tags", "finance"),
            field("tags", "q3"),
            field("priority", "2"),
        ]
    );
}

#[tokio::test]
async fn multipart_optional_parts_are_left_out() {
    let server = serve(
        "POST",
        "/v1/files",
        ResponseTemplate::new(200).set_body_json(json!({"stored": 1})),
    )
    .await;
    let result: Result<UploadResult, Error<UploadFilesError>> = client(&server)
        .files()
        .upload_files(FilePart::new("x"), "only required")
        .await;
    assert_eq!(result.unwrap().stored, 1);
    let request = the_request(&server).await;
    let content_type = header(&request, "content-type").unwrap();
    let names: Vec<String> = parts(&content_type, &request.body)
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["file", "description"]);
}

#[tokio::test]
async fn form_body_arrives_url_encoded() {
    let server = serve("POST", "/v1/forms", ResponseTemplate::new(204)).await;
    client(&server)
        .files()
        .submit_form({
            let mut form = SubmitFormRequest::new("Ada Lovelace & co=1".to_owned());
            form.age = Some(36);
            form.subscribe = Some(true);
            form.colors = Some(vec!["red".to_owned(), "dark blue".to_owned()]);
            form
        })
        .await
        .unwrap();
    let request = the_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "name=Ada%20Lovelace%20%26%20co%3D1&age=36&subscribe=true&colors=red&colors=dark%20blue"
    );
}

#[tokio::test]
async fn several_media_types_send_json() {
    let cat = json!({"petType": "cat", "name": "Tom"});
    let server = serve(
        "POST",
        "/v1/pets",
        ResponseTemplate::new(201).set_body_json(cat.clone()),
    )
    .await;
    let created = client(&server)
        .pets()
        .create_pet(Pet::Cat(Cat::new("cat".to_owned(), "Tom".to_owned())))
        .await
        .unwrap();
    assert!(matches!(created, Pet::Cat(_)), "{created:?}");
    let request = the_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), cat);
}

// ---- query and headers ---------------------------------------------------------------

#[tokio::test]
async fn query_styles_arrive_exactly_as_specified() {
    let server = serve(
        "GET",
        "/v1/search",
        ResponseTemplate::new(200).set_body_json(json!([
            {"name": "n", "id": "i", "count": 1},
            7,
            "text"
        ])),
    )
    .await;
    let found = client(&server)
        .search()
        .search(
            vec!["a".to_owned(), "b,c".to_owned()],
            vec!["big".to_owned(), "red".to_owned()],
        )
        .fields(vec!["id".to_owned(), "name".to_owned()])
        .codes(vec![1, 2, 3])
        .filter({
            let mut filter = SearchFilter::default();
            filter.name = Some("Rex II".to_owned());
            filter.min_age = Some(3);
            filter
        })
        .await
        .unwrap();
    assert_eq!(
        found[0],
        SearchValue::Strict(Strict::new("n".to_owned(), "i".to_owned(), 1))
    );
    assert_eq!(found[1], SearchValue::Integer(7));
    assert_eq!(found[2], SearchValue::String("text".to_owned()));
    let request = the_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some(
            "ids=a&ids=b%2Cc\
             &fields=id,name\
             &words=big%20red\
             &codes=1%7C2%7C3\
             &filter%5Bname%5D=Rex%20II&filter%5BminAge%5D=3"
        )
    );
}

#[tokio::test]
async fn optional_query_parameters_are_left_out() {
    let server = serve(
        "GET",
        "/v1/search",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    let found = client(&server)
        .search()
        .search(vec!["only".to_owned()], vec!["one".to_owned()])
        .await
        .unwrap();
    assert!(found.is_empty());
    let request = the_request(&server).await;
    assert_eq!(request.url.query(), Some("ids=only&words=one"));
    // Required with a default: sent although nobody set it.
    assert_eq!(
        header(&request, "x-sailpoint-experimental").as_deref(),
        Some("true")
    );
    assert_eq!(header(&request, "x-request-id"), None);
}

#[tokio::test]
async fn array_and_object_path_and_header_parameters_arrive_in_style_simple() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let context: indexmap::IndexMap<String, String> = [("tenant", "acme"), ("app", "a,b")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    client(&server)
        .search()
        .lookup(
            vec!["Ada L".to_owned(), "x/y,z".to_owned()],
            {
                let mut selector = LookupSelector::new("user".to_owned());
                selector.depth = Some(2);
                selector
            },
            vec![7, 8],
        )
        .x_context(context)
        .x_mode(LookupXMode::Thorough)
        .await
        .unwrap();
    let request = the_request(&server).await;
    // Items percent-encoded, the commas between them literal; the selector is
    // exploded (`k=v`), as the spec says.
    assert_eq!(
        request.url.path(),
        "/v1/search/Ada%20L,x%2Fy%2Cz/kind=user,depth=2"
    );
    assert_eq!(header(&request, "x-trace-ids").as_deref(), Some("7,8"));
    assert_eq!(
        header(&request, "x-context").as_deref(),
        Some("tenant,acme,app,a,b")
    );
    assert_eq!(header(&request, "x-mode").as_deref(), Some("thorough"));
}

#[tokio::test]
async fn the_required_header_with_a_default_can_be_overridden() {
    let server = serve(
        "GET",
        "/v1/search",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;
    client(&server)
        .search()
        .search(vec!["a".to_owned()], vec!["b".to_owned()])
        .x_sail_point_experimental("false")
        .x_request_id("req-42")
        .await
        .unwrap();
    let request = the_request(&server).await;
    let experimental: Vec<_> = request
        .headers
        .get_all("x-sailpoint-experimental")
        .iter()
        .collect();
    assert_eq!(
        experimental,
        ["false"],
        "sent once, with the caller's value"
    );
    assert_eq!(header(&request, "x-request-id").as_deref(), Some("req-42"));
}

#[tokio::test]
async fn an_operation_without_operation_id_is_callable_by_its_derived_name() {
    let server = serve(
        "GET",
        "/v1/pets/p%201",
        ResponseTemplate::new(404).set_body_json(json!({"code": "NOT_FOUND"})),
    )
    .await;
    let error = client(&server)
        .pets()
        .get_pets_pet_id("p 1")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.api_body(),
        Some(&GetPetsPetIdError::NotFound(ErrorBody::new(
            "NOT_FOUND".to_owned()
        )))
    );
}

// ---- responses --------------------------------------------------------------------------

#[tokio::test]
async fn binary_responses_return_the_exact_bytes() {
    let bytes: Vec<u8> = (0..=255u8)
        .rev()
        .chain([0, 13, 10, 0xef, 0xbb, 0xbf])
        .collect();
    let server = serve(
        "GET",
        "/v1/files/f1/content",
        ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/octet-stream"),
    )
    .await;
    let got = client(&server).files().download_file("f1").await.unwrap();
    assert_eq!(got.as_ref(), bytes.as_slice());

    let png: Vec<u8> = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
    ]
    .to_vec();
    let server = serve(
        "GET",
        "/v1/files/f2/thumbnail",
        ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"),
    )
    .await;
    let got = client(&server).files().get_thumbnail("f2").await.unwrap();
    assert_eq!(got.as_ref(), png.as_slice());
}

#[tokio::test]
async fn text_responses_return_the_text() {
    let csv = "id,name\r\n1,\"Rex, the dog\"\r\n2,Zoë\r\n";
    let server = serve(
        "GET",
        "/v1/reports/export",
        ResponseTemplate::new(200).set_body_raw(csv, "text/csv; charset=utf-8"),
    )
    .await;
    assert_eq!(client(&server).files().export_report().await.unwrap(), csv);

    let notes = "Release 1.0\n\n- café ✓\n";
    let server = serve(
        "GET",
        "/v1/notes",
        ResponseTemplate::new(200).set_body_raw(notes, "text/plain"),
    )
    .await;
    assert_eq!(client(&server).files().get_notes().await.unwrap(), notes);
}

#[tokio::test]
async fn each_success_status_gives_its_response_variant() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_json(json!({"id": "j1", "output": "done"})),
            StartJobSuccess::Ok(JobResult::new("j1".to_owned(), "done".to_owned())),
        ),
        (
            ResponseTemplate::new(202)
                .set_body_json(json!({"id": "j2", "statusUrl": "/v1/jobs/j2"})),
            StartJobSuccess::Accepted(JobAccepted::new("j2".to_owned(), "/v1/jobs/j2".to_owned())),
        ),
        (ResponseTemplate::new(204), StartJobSuccess::NoContent),
    ];
    for (response, expected) in cases {
        let server = serve("POST", "/v1/jobs", response).await;
        let got = client(&server).jobs().start_job().await.unwrap();
        assert_eq!(got, expected);
    }
}

#[tokio::test]
async fn status_ranges_and_default_decode_into_their_error_variants() {
    // 4XX: any client error, JSON.
    let server = serve(
        "POST",
        "/v1/jobs",
        ResponseTemplate::new(409).set_body_json(json!({"code": "BUSY", "message": "running"})),
    )
    .await;
    let error: Error<StartJobError> = client(&server).jobs().start_job().await.unwrap_err();
    assert_eq!(error.status(), Some(409));
    assert_eq!(
        error.api_body(),
        Some(&StartJobError::ClientError({
            let mut body = ErrorBody::new("BUSY".to_owned());
            body.message = Some("running".to_owned());
            body
        }))
    );

    // 5XX: text.
    let server = serve(
        "POST",
        "/v1/jobs",
        ResponseTemplate::new(503).set_body_raw("down for maintenance", "text/plain"),
    )
    .await;
    let error = client(&server).jobs().start_job().await.unwrap_err();
    assert_eq!(
        error.api_body(),
        Some(&StartJobError::ServerError(
            "down for maintenance".to_owned()
        ))
    );

    // default: a status no other case covers (an undeclared 2xx here).
    let server = serve(
        "POST",
        "/v1/jobs",
        ResponseTemplate::new(201).set_body_json(json!({"title": "odd", "status": 201})),
    )
    .await;
    let error = client(&server).jobs().start_job().await.unwrap_err();
    assert_eq!(error.status(), Some(201));
    assert_eq!(
        error.api_body(),
        Some(&StartJobError::Default({
            let mut problem = Problem::new("odd".to_owned());
            problem.status = Some(201);
            problem
        }))
    );

    // default beside an exact code: 404 is its own variant, 500 the default.
    let server = serve("GET", "/v1/jobs/j9", ResponseTemplate::new(404)).await;
    let error = client(&server).jobs().get_job("j9").await.unwrap_err();
    assert_eq!(error.api_body(), Some(&GetJobError::NotFound));
    let server = serve(
        "GET",
        "/v1/jobs/j9",
        ResponseTemplate::new(500).set_body_json(json!({"title": "boom"})),
    )
    .await;
    let error = client(&server).jobs().get_job("j9").await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        error.api_body(),
        Some(&GetJobError::Default(Problem::new("boom".to_owned())))
    );
}

// ---- pagination -----------------------------------------------------------------------

/// Serves pets `0..total` by `offset`/`limit`, with `X-Total-Count`.
struct PetPages {
    total: usize,
}

impl Respond for PetPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.parse::<usize>().unwrap())
        };
        let offset = query("offset").unwrap_or(0);
        let limit = query("limit").unwrap_or(50);
        let page: Vec<Value> = (offset..(offset + limit).min(self.total))
            .map(|n| json!({"petType": "cat", "name": format!("cat-{n}")}))
            .collect();
        ResponseTemplate::new(200)
            .insert_header("X-Total-Count", self.total.to_string().as_str())
            .set_body_json(page)
    }
}

#[tokio::test]
async fn limit_offset_pagination_streams_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/pets"))
        .respond_with(PetPages { total: 5 })
        .mount(&server)
        .await;
    let pets: Vec<Pet> = client(&server)
        .pets()
        .list_pets()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    let names: Vec<String> = pets
        .iter()
        .map(|p| match p {
            Pet::Cat(cat) => cat.name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["cat-0", "cat-1", "cat-2", "cat-3", "cat-4"]);
    let queries: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "limit=2&offset=0&count=true",
            "limit=2&offset=2&count=false",
            "limit=2&offset=4&count=false"
        ],
        "the total is asked for once; no request past the end"
    );
}
