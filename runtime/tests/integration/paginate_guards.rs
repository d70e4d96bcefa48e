//! Pagination against a server that contradicts itself: the stream ends with an
//! error, never silently and never not at all; page sizes and offsets stay
//! within the operation's bounds.

use std::time::Duration;

use futures_util::StreamExt;
use isc_runtime::{
    Client, Error, PageBounds, PageOptions, PageRequest, PaginationError, paginate_within,
};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use crate::common::*;

/// Serves items `0..len` by offset and limit, misbehaving as configured.
#[derive(Clone, Default)]
struct Liar {
    len: u64,
    /// X-Total-Count sent on every page, as is.
    total: Option<&'static str>,
    /// Most items the server returns per page, whatever the limit.
    cap: Option<u64>,
    /// Always serve the first page.
    ignore_offset: bool,
    /// Extra items beyond the limit.
    oversize: u64,
}

impl Respond for Liar {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let param = |name: &str| query_param(request, name).map(|v| v.parse::<u64>().unwrap());
        let offset = if self.ignore_offset {
            0
        } else {
            param("offset").unwrap_or(0)
        };
        let mut limit = param("limit").unwrap_or(250) + self.oversize;
        if let Some(cap) = self.cap {
            limit = limit.min(cap);
        }
        let end = offset.saturating_add(limit).min(self.len);
        let items: Vec<u64> = (offset.min(self.len)..end).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(items);
        if let Some(total) = self.total {
            response = response.insert_header("X-Total-Count", total);
        }
        response
    }
}

async fn serve(liar: Liar) -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, 3600, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/beta/things"))
        .respond_with(liar)
        .mount(&server)
        .await;
    server
}

/// Every item and error, at most 5 000 of them and 20 s.
async fn walk(
    server: &MockServer,
    bounds: PageBounds,
    options: PageOptions,
) -> Vec<Result<u64, Error<Value>>> {
    let client: Client = client(config(server), &manual_clock());
    let stream = paginate_within(bounds, options, move |page: PageRequest| {
        let client = client.clone();
        async move {
            let request = list_page(page);
            client.execute::<Value>(request).await?.page()
        }
    });
    tokio::time::timeout(Duration::from_secs(20), stream.take(5000).collect())
        .await
        .expect("the stream ends")
}

fn split(results: Vec<Result<u64, Error<Value>>>) -> (Vec<u64>, Option<PaginationError>) {
    let mut items = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(item) => {
                assert!(error.is_none(), "items after the error");
                items.push(item);
            }
            Err(Error::Pagination(e)) => error = Some(e),
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }
    (items, error)
}

#[tokio::test]
async fn a_lying_total_with_repeated_pages_ends_with_an_error() {
    for total in [
        Some("100000"),
        Some("18446744073709551615"),
        Some("-5"),
        Some("lots"),
        None,
    ] {
        let liar = Liar {
            len: 1000,
            total,
            ignore_offset: true,
            ..Liar::default()
        };
        let server = serve(liar).await;
        let (items, error) =
            split(walk(&server, PageBounds::UNBOUNDED, PageOptions::default()).await);
        assert_eq!(items, (0..250).collect::<Vec<_>>(), "{total:?}");
        assert_eq!(
            error,
            Some(PaginationError::RepeatedPage { offset: 250 }),
            "{total:?}"
        );
    }
}

#[tokio::test]
async fn an_unparsable_total_is_ignored_and_a_short_page_ends_the_walk() {
    for total in ["-5", "lots", ""] {
        let server = serve(Liar {
            len: 600,
            total: Some(total),
            ..Liar::default()
        })
        .await;
        let (items, error) =
            split(walk(&server, PageBounds::UNBOUNDED, PageOptions::default()).await);
        assert_eq!(items, (0..600).collect::<Vec<_>>());
        assert_eq!(error, None);
    }
}

#[tokio::test]
async fn a_short_page_before_the_total_is_an_error_after_the_items() {
    // Announces 1 000, has 499.
    let server = serve(Liar {
        len: 499,
        total: Some("1000"),
        ..Liar::default()
    })
    .await;
    let (items, error) = split(walk(&server, PageBounds::UNBOUNDED, PageOptions::default()).await);
    assert_eq!(items.len(), 499);
    assert_eq!(
        error,
        Some(PaginationError::ShortPage {
            offset: 250,
            received: 249,
            total: 1000
        })
    );
    // An empty page before the total likewise.
    let server = serve(Liar {
        len: 500,
        total: Some("1000"),
        ..Liar::default()
    })
    .await;
    let (items, error) = split(walk(&server, PageBounds::UNBOUNDED, PageOptions::default()).await);
    assert_eq!(items.len(), 500);
    assert!(matches!(
        error,
        Some(PaginationError::ShortPage { received: 0, .. })
    ));
}

#[tokio::test]
async fn a_page_larger_than_asked_is_accepted() {
    let server = serve(Liar {
        len: 700,
        total: Some("700"),
        oversize: 50,
        ..Liar::default()
    })
    .await;
    let (items, error) = split(walk(&server, PageBounds::UNBOUNDED, PageOptions::default()).await);
    assert_eq!(items, (0..700).collect::<Vec<_>>());
    assert_eq!(error, None);
}

#[tokio::test]
async fn the_page_size_is_clamped_to_the_operations_maximum() {
    let server = serve(Liar {
        len: 1000,
        total: Some("1000"),
        cap: Some(250),
        ..Liar::default()
    })
    .await;
    let options = PageOptions::default().with_page_size(500);
    let (items, error) = split(walk(&server, PageBounds::new(250, i32::MAX as u64), options).await);
    assert_eq!(items, (0..1000).collect::<Vec<_>>());
    assert_eq!(error, None);
    for request in requests_to(&server, "/beta/things").await {
        assert_eq!(query_param(&request, "limit").unwrap(), "250");
    }
    // Without the bound the server's cap shows as a short page, not a silent 250 of 1 000.
    let (items, error) = split(walk(&server, PageBounds::UNBOUNDED, options).await);
    assert_eq!(items.len(), 250);
    assert!(
        matches!(error, Some(PaginationError::ShortPage { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn offsets_never_pass_the_parameters_range() {
    let max = i32::MAX as u64;
    let server = serve(Liar {
        len: u64::MAX,
        ..Liar::default()
    })
    .await;
    let options = PageOptions::default()
        .with_page_size(10)
        .with_start(max - 15);
    let (items, error) = split(walk(&server, PageBounds::new(250, max), options).await);
    assert_eq!(items, (max - 15..max + 5).collect::<Vec<_>>());
    assert_eq!(
        error,
        Some(PaginationError::OffsetOutOfRange {
            offset: max + 5,
            max
        })
    );
    for request in requests_to(&server, "/beta/things").await {
        let offset: u64 = query_param(&request, "offset").unwrap().parse().unwrap();
        assert!(offset <= max);
    }
}
