//! `paginate` driven through the real client against a list endpoint.

use std::time::Duration;

use futures_util::StreamExt;
use isc_runtime::{Client, Error, Page, PageOptions, PageRequest, paginate};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::common::*;

/// Serves items `0..len` by offset and limit, with X-Total-Count when asked for
/// `count=true` (and `send_total`), like the ISC list endpoints.
struct ListResponder {
    len: u64,
    send_total: bool,
}

impl Respond for ListResponder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let param = |name: &str| query_param(request, name);
        let offset: u64 = param("offset").map_or(0, |v| v.parse().unwrap());
        let limit: u64 = param("limit").map_or(250, |v| v.parse().unwrap());
        let items: Vec<u64> = (offset.min(self.len)..(offset + limit).min(self.len)).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(items);
        if self.send_total && param("count").as_deref() == Some("true") {
            response = response.insert_header("X-Total-Count", self.len.to_string().as_str());
        }
        response
    }
}

async fn list_server(len: u64, send_total: bool) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ListResponder { len, send_total })
        .mount(&server)
        .await;
    server
}

/// What generated code does for a paginated list operation.
fn list_things(
    client: &Client,
    options: PageOptions,
) -> impl futures_util::Stream<Item = Result<u64, Error<Value>>> + use<> {
    let client = client.clone();
    paginate(options, move |page: PageRequest| {
        let client = client.clone();
        async move {
            let request = list_page(page);
            let response = client.execute::<Value>(request).await?;
            match response.status() {
                200 => response.page(),
                _ => Err(response.into_error()),
            }
        }
    })
}

/// The (offset, limit, count) of every list request, in order.
async fn page_requests(server: &MockServer) -> Vec<(u64, u64, bool)> {
    requests_to(server, "/beta/things")
        .await
        .iter()
        .map(|r| {
            let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
            let get = |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            (
                get("offset").unwrap().parse().unwrap(),
                get("limit").unwrap().parse().unwrap(),
                get("count").as_deref() == Some("true"),
            )
        })
        .collect()
}

async fn collect(client: &Client, options: PageOptions) -> Vec<u64> {
    let results: Vec<_> = list_things(client, options).collect().await;
    results.into_iter().map(Result::unwrap).collect()
}

async fn check(
    len: u64,
    send_total: bool,
    options: PageOptions,
    expected: &[(u64, u64, bool)],
    yielded: u64,
) {
    let server = list_server(len, send_total).await;
    let client = client(config(&server), &manual_clock());

    let items = collect(&client, options).await;

    let start = options.start.min(len);
    assert_eq!(
        items,
        (start..start + yielded).collect::<Vec<_>>(),
        "items for len {len}"
    );
    assert_eq!(
        page_requests(&server).await,
        expected,
        "requests for len {len}"
    );
}

const FIRST: (u64, u64, bool) = (0, 250, true);
const SECOND: (u64, u64, bool) = (250, 250, false);

#[tokio::test]
async fn zero_items() {
    check(0, true, PageOptions::default(), &[FIRST], 0).await;
}

#[tokio::test]
async fn one_item() {
    check(1, true, PageOptions::default(), &[FIRST], 1).await;
}

#[tokio::test]
async fn one_short_of_a_page() {
    check(249, true, PageOptions::default(), &[FIRST], 249).await;
}

#[tokio::test]
async fn exactly_one_page_takes_one_request() {
    check(250, true, PageOptions::default(), &[FIRST], 250).await;
}

#[tokio::test]
async fn one_past_a_page() {
    check(251, true, PageOptions::default(), &[FIRST, SECOND], 251).await;
}

#[tokio::test]
async fn exactly_two_pages_take_two_requests() {
    check(500, true, PageOptions::default(), &[FIRST, SECOND], 500).await;
}

#[tokio::test]
async fn without_total_an_exact_multiple_needs_a_final_empty_page() {
    check(250, false, PageOptions::default(), &[FIRST, SECOND], 250).await;
    check(
        500,
        false,
        PageOptions::default(),
        &[FIRST, SECOND, (500, 250, false)],
        500,
    )
    .await;
    check(251, false, PageOptions::default(), &[FIRST, SECOND], 251).await;
}

#[tokio::test]
async fn max_items_reduces_the_last_limit() {
    let options = PageOptions::default().with_max_items(260);
    check(300, true, options, &[FIRST, (250, 10, false)], 260).await;
    let options = PageOptions::default().with_max_items(100);
    check(500, true, options, &[(0, 100, true)], 100).await;
    let options = PageOptions::default().with_max_items(250);
    check(500, true, options, &[FIRST], 250).await;
}

#[tokio::test]
async fn max_items_above_the_total_stops_at_the_total() {
    let options = PageOptions::default().with_max_items(1000);
    check(300, true, options, &[FIRST, SECOND], 300).await;
}

#[tokio::test]
async fn start_offset_and_page_size() {
    let options = PageOptions {
        page_size: 100,
        max_items: None,
        start: 150,
    };
    check(
        400,
        true,
        options,
        &[(150, 100, true), (250, 100, false), (350, 100, false)],
        250,
    )
    .await;
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = list_server(500, true).await;
    let client = client(config(&server), &manual_clock());

    let stream = list_things(&client, PageOptions::default());
    fn assert_send_unpin<S: Send + Unpin>(_: &S) {}
    assert_send_unpin(&stream);
    let first: Vec<_> = stream.take(5).collect().await;

    assert_eq!(first.len(), 5);
    assert_eq!(page_requests(&server).await, [FIRST]);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Total-Count", "600")
                .set_body_json((0..250).collect::<Vec<u64>>()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad offset"))
        .mount(&server)
        .await;
    let client = client(config(&server), &manual_clock());

    let results: Vec<_> = list_things(&client, PageOptions::default()).collect().await;

    assert_eq!(results.len(), 251);
    let last = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(last.status(), Some(400));
    assert_eq!(page_requests(&server).await.len(), 2);
}

#[tokio::test]
async fn page_struct_from_a_closure_without_http() {
    // paginate is independent of HTTP: any fetch returning pages works.
    let stream = paginate::<u8, Value, _, _>(
        PageOptions::default().with_page_size(2),
        |page| async move {
            let items: Vec<u8> = (page.offset..(page.offset + page.limit).min(5))
                .map(|i| i as u8)
                .collect();
            Ok(Page { items, total: None })
        },
    );
    let items: Vec<u8> = stream.map(Result::unwrap).collect().await;
    assert_eq!(items, [0, 1, 2, 3, 4]);
}
