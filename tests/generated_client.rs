//! The generated client wired to the runtime, against a local mock server: the
//! requests it sends (paths, query, headers, bodies), the token it attaches, the
//! typed values and errors it returns, pagination and retries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Every beta Accounts operation is deprecated in favour of the v2025 API.
#![allow(deprecated)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use futures_util::{StreamExt, TryStreamExt};
use isc_runtime::{Config, ManualClock, RetryPolicy};
use sailpoint_beta::apis::accounts::GetAccountError;
use sailpoint_beta::models::{
    AccountToggleRequest, AccountsAsyncResult, BulkIdentitiesAccountsResponse,
    IdentitiesAccountsBulkRequest, V3ErrorMessageDto, V3ErrorResponseDto, V3LocaleOrigin,
};
use sailpoint_beta::{Client, Error, PageOptions};
use serde_json::{Value, json};
use tracing_subscriber::util::SubscriberInitExt;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const CLIENT_ID: &str = "generated-client-id";
const CLIENT_SECRET: &str = "generated-client-secret-4b3a";
const ACCOUNT_ID: &str = "2c9180835d2e5168015d32f890ca1581";

/// Issues `access-token-1`, `access-token-2`, ... valid for an hour.
struct TokenResponder {
    issued: AtomicUsize,
}

impl Respond for TokenResponder {
    fn respond(&self, _request: &wiremock::Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": format!("access-token-{n}"),
            "token_type": "bearer",
            "expires_in": 3600,
        }))
    }
}

/// A mock server with the token endpoint mounted.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenResponder {
            issued: AtomicUsize::new(0),
        })
        .mount(&server)
        .await;
    server
}

fn config(server: &MockServer) -> Config {
    Config::builder()
        .base_url(server.uri())
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .retry(RetryPolicy::default().with_jitter(false))
        .build()
        .unwrap()
}

/// The generated client as users build it.
fn client(server: &MockServer) -> Client {
    Client::new(isc_runtime::Client::new(config(server)).unwrap())
}

/// The generated client with a manual clock: retry waits are recorded, not slept.
fn client_with_clock(server: &MockServer, clock: &ManualClock) -> Client {
    let runtime = isc_runtime::Client::builder(config(server))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    Client::new(runtime)
}

fn manual_clock() -> ManualClock {
    ManualClock::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

async fn requests_to(server: &MockServer, to: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == to)
        .collect()
}

async fn token_requests(server: &MockServer) -> usize {
    requests_to(server, "/oauth/token").await.len()
}

/// An account as the API sends it, every required field present.
fn account(n: u64) -> Value {
    json!({
        "id": format!("account-{n}"),
        "name": format!("Account {n}"),
        "created": "2021-09-28T02:15:12.207Z",
        "modified": "2021-09-28T02:16Z",
        "sourceId": "2c91808b7c28b350017c2a2ec5790aa1",
        "sourceName": "Flat file",
        "attributes": {"n": n},
        "authoritative": false,
        "disabled": false,
        "locked": false,
        "nativeIdentity": format!("native-{n}"),
        "systemAccount": false,
        "uncorrelated": false,
        "manuallyCorrelated": false,
        "hasEntitlements": true
    })
}

/// Serves accounts `0..len` by `offset`/`limit` like `GET /beta/accounts`, with
/// X-Total-Count when asked for `count=true`. Answers 400 to an offset past the
/// end, as the real API does (typescript-sdk #59).
struct AccountsResponder {
    len: u64,
}

impl Respond for AccountsResponder {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
        };
        let offset: u64 = param("offset").map_or(0, |v| v.parse().unwrap());
        let limit: u64 = param("limit").map_or(250, |v| v.parse().unwrap());
        if offset > 0 && offset >= self.len {
            return ResponseTemplate::new(400).set_body_json(json!({
                "detailCode": "400.1 Bad request content",
                "messages": [{"locale": "en-US", "text": "offset is past the end"}]
            }));
        }
        let items: Vec<Value> = (offset..(offset + limit).min(self.len))
            .map(account)
            .collect();
        let mut response = ResponseTemplate::new(200).set_body_json(items);
        if param("count").as_deref() == Some("true") {
            response = response.insert_header("X-Total-Count", self.len.to_string().as_str());
        }
        response
    }
}

async fn accounts_server(len: u64) -> MockServer {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/beta/accounts"))
        .respond_with(AccountsResponder { len })
        .mount(&server)
        .await;
    server
}

/// The query string of every list request, in order.
async fn list_queries(server: &MockServer) -> Vec<String> {
    requests_to(server, "/beta/accounts")
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect()
}

fn ids(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|n| format!("account-{n}")).collect()
}

async fn stream_all(len: u64) -> (Vec<String>, Vec<String>) {
    let server = accounts_server(len).await;
    let client = client(&server);

    let accounts: Vec<_> = client
        .accounts()
        .list_accounts()
        .stream()
        .try_collect()
        .await
        .unwrap();

    let ids = accounts.into_iter().map(|a| a.id.unwrap()).collect();
    (ids, list_queries(&server).await)
}

#[tokio::test]
async fn stream_over_no_accounts_makes_one_request() {
    let (ids, queries) = stream_all(0).await;
    assert!(ids.is_empty());
    assert_eq!(queries, ["limit=250&offset=0&count=true"]);
}

#[tokio::test]
async fn stream_over_exactly_250_accounts_never_asks_past_the_end() {
    let (got, queries) = stream_all(250).await;
    assert_eq!(got, ids(0..250));
    // X-Total-Count says 250: no request for offset 250 (which the API answers 400).
    assert_eq!(queries, ["limit=250&offset=0&count=true"]);
}

#[tokio::test]
async fn stream_over_251_accounts_makes_two_requests() {
    let (got, queries) = stream_all(251).await;
    assert_eq!(got, ids(0..251));
    assert_eq!(
        queries,
        [
            "limit=250&offset=0&count=true",
            "limit=250&offset=250&count=false",
        ]
    );
}

#[tokio::test]
async fn stream_with_max_items_caps_items_and_the_last_limit() {
    let server = accounts_server(600).await;
    let client = client(&server);

    let accounts: Vec<_> = client
        .accounts()
        .list_accounts()
        .filters("sourceId eq \"x\"")
        .stream_with(PageOptions {
            max_items: Some(260),
            ..PageOptions::default()
        })
        .try_collect()
        .await
        .unwrap();

    let got: Vec<String> = accounts.into_iter().map(|a| a.id.unwrap()).collect();
    assert_eq!(got, ids(0..260));
    // The builder's filters go with every page; the last limit is cut to the cap.
    assert_eq!(
        list_queries(&server).await,
        [
            "limit=250&offset=0&count=true&filters=sourceId%20eq%20%22x%22",
            "limit=10&offset=250&count=false&filters=sourceId%20eq%20%22x%22",
        ]
    );
}

#[tokio::test]
async fn stream_with_clamps_the_page_size_to_the_specs_maximum() {
    // `limit` has `maximum: 250` in the spec; asking for 500 must not become
    // 250-of-1 000 against a server that caps pages at 250.
    let server = accounts_server(1000).await;
    let client = client(&server);
    let accounts: Vec<_> = client
        .accounts()
        .list_accounts()
        .stream_with(PageOptions::default().with_page_size(500))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(accounts.len(), 1000);
    let queries = list_queries(&server).await;
    assert_eq!(queries.len(), 4);
    assert!(
        queries.iter().all(|q| q.starts_with("limit=250&")),
        "{queries:?}"
    );
}

#[tokio::test]
async fn stream_stops_pulling_pages_when_the_caller_stops() {
    let server = accounts_server(1000).await;
    let client = client(&server);

    let first: Vec<_> = client
        .accounts()
        .list_accounts()
        .stream()
        .take(3)
        .collect()
        .await;

    assert_eq!(first.len(), 3);
    assert_eq!(
        list_queries(&server).await,
        ["limit=250&offset=0&count=true"]
    );
}

#[tokio::test]
async fn send_page_returns_items_and_total() {
    let server = accounts_server(251).await;
    let client = client(&server);

    let page = client
        .accounts()
        .list_accounts()
        .limit(2)
        .offset(249)
        .count(true)
        .send_page()
        .await
        .unwrap();

    assert_eq!(page.total, Some(251));
    let got: Vec<String> = page.items.into_iter().map(|a| a.id.unwrap()).collect();
    assert_eq!(got, ids(249..251));
}

#[tokio::test]
async fn bearer_token_is_sent_and_fetched_once_across_calls() {
    let server = accounts_server(3).await;
    Mock::given(method("GET"))
        .and(path(format!("/beta/accounts/{ACCOUNT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(account(7)))
        .mount(&server)
        .await;
    let client = client(&server);

    for _ in 0..3 {
        let account = client.accounts().get_account(ACCOUNT_ID).await.unwrap();
        assert_eq!(account.id.as_deref(), Some("account-7"));
    }
    let listed = client.accounts().list_accounts().await.unwrap();
    assert_eq!(listed.len(), 3);

    assert_eq!(token_requests(&server).await, 1);
    let token_request = &requests_to(&server, "/oauth/token").await[0];
    let form = String::from_utf8_lossy(&token_request.body);
    assert!(
        form.contains("grant_type=client_credentials"),
        "token request body: {form}"
    );
    let api_requests: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().starts_with("/beta/"))
        .collect();
    assert_eq!(api_requests.len(), 4);
    for request in &api_requests {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer access-token-1",
            "{} {}",
            request.method,
            request.url
        );
    }
}

#[tokio::test]
async fn get_account_404_is_a_typed_api_error_with_the_raw_text() {
    let server = server().await;
    let body = json!({
        "detailCode": "404 Not found",
        "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
        "messages": [{
            "locale": "en-US",
            "localeOrigin": "DEFAULT",
            "text": "The account with ID 'nope' was not found."
        }],
        "causes": []
    });
    let raw = serde_json::to_string(&body).unwrap();
    Mock::given(method("GET"))
        .and(path("/beta/accounts/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(raw.clone(), "application/json"))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.accounts().get_account("nope").await.unwrap_err();

    assert_eq!(error.status(), Some(404));
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.raw, raw);
    assert!(api.decode_error.is_none());
    let mut message = V3ErrorMessageDto::default();
    message.locale = Some("en-US".to_owned());
    message.locale_origin = Some(V3LocaleOrigin::Default);
    message.text = Some("The account with ID 'nope' was not found.".to_owned());
    let mut expected = V3ErrorResponseDto::default();
    expected.detail_code = Some("404 Not found".to_owned());
    expected.tracking_id = Some("b21b1f7ce4da4d639f2c62a57171b427".to_owned());
    expected.messages = Some(vec![message]);
    expected.causes = Some(vec![]);
    assert_eq!(api.body, Some(GetAccountError::NotFound(expected)));
    assert!(error.to_string().contains("HTTP 404"), "display: {error}");
}

#[tokio::test]
async fn update_account_sends_a_json_patch_and_decodes_the_202() {
    let server = server().await;
    let patch = json!([
        {"op": "replace", "path": "/identityId", "value": "2c9180845d1edece015d27a975983e21"},
        {"op": "remove", "path": "/manuallyCorrelated"}
    ]);
    Mock::given(method("PATCH"))
        .and(path(format!("/beta/accounts/{ACCOUNT_ID}")))
        .and(header("content-type", "application/json-patch+json"))
        .and(body_json(&patch))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"id": "task-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let operations: Vec<isc_runtime::JsonMap> = serde_json::from_value(patch.clone()).unwrap();

    let accepted = client
        .accounts()
        .update_account(ACCOUNT_ID, operations)
        .await
        .unwrap();

    assert_eq!(Value::Object(accepted), json!({"id": "task-1"}));
    let sent = &requests_to(&server, &format!("/beta/accounts/{ACCOUNT_ID}")).await[0];
    assert_eq!(
        sent.headers.get("content-type").unwrap(),
        "application/json-patch+json"
    );
    assert_eq!(serde_json::from_slice::<Value>(&sent.body).unwrap(), patch);
}

#[tokio::test]
async fn delete_account_decodes_the_202() {
    let server = server().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/beta/accounts/{ACCOUNT_ID}")))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"id": "task-2"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let accepted = client.accounts().delete_account(ACCOUNT_ID).await.unwrap();

    assert_eq!(accepted, AccountsAsyncResult::new("task-2".to_owned()));
}

#[tokio::test]
async fn disable_account_posts_the_toggle_body_and_returns_the_task_id() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(format!("/beta/accounts/{ACCOUNT_ID}/disable")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"forceProvisioning": true})))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"id": "task-3"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut body = AccountToggleRequest::default();
    body.force_provisioning = Some(true);

    let task = client
        .accounts()
        .disable_account(ACCOUNT_ID, body)
        .await
        .unwrap();

    assert_eq!(task.id, "task-3");
}

#[tokio::test]
async fn enable_accounts_for_identities_decodes_the_207() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/beta/identities-accounts/enable"))
        .and(body_json(json!({"identityIds": ["identity-1", "identity-2"]})))
        .respond_with(ResponseTemplate::new(207).set_body_json(json!([
            {"id": "identity-1", "statusCode": 202, "message": "task-4"},
            {"id": "identity-2", "statusCode": 404, "message": "Referenced identity \"identity-2\" was not found."}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut request = IdentitiesAccountsBulkRequest::default();
    request.identity_ids = Some(vec!["identity-1".to_owned(), "identity-2".to_owned()]);

    let results = client
        .accounts()
        .enable_accounts_for_identities(request)
        .await
        .unwrap();

    let result = |id: &str, status: i32, message: &str| {
        let mut result = BulkIdentitiesAccountsResponse::default();
        result.id = Some(id.to_owned());
        result.status_code = Some(status);
        result.message = Some(message.to_owned());
        result
    };
    assert_eq!(
        results,
        [
            result("identity-1", 202, "task-4"),
            result(
                "identity-2",
                404,
                "Referenced identity \"identity-2\" was not found."
            ),
        ]
    );
}

#[tokio::test]
async fn status_429_with_retry_after_then_200_succeeds() {
    let server = server().await;
    let account_path = format!("/beta/accounts/{ACCOUNT_ID}");
    Mock::given(method("GET"))
        .and(path(account_path.as_str()))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(json!({"message": " Rate Limit Exceeded "})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(account_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(account(1)))
        .mount(&server)
        .await;
    let clock = manual_clock();
    let client = client_with_clock(&server, &clock);

    let account = client.accounts().get_account(ACCOUNT_ID).await.unwrap();

    assert_eq!(account.id.as_deref(), Some("account-1"));
    // Waited exactly what Retry-After said, on the manual clock: no real sleep.
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);
    assert_eq!(requests_to(&server, &account_path).await.len(), 2);
}

#[tokio::test]
async fn malformed_list_body_is_a_decode_error_naming_the_field() {
    let server = server().await;
    let mut bad = account(0);
    bad["disabled"] = json!("no");
    Mock::given(method("GET"))
        .and(path("/beta/accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([bad])))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.accounts().list_accounts().await.unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert_eq!(decode.path, "[0].disabled");
    assert!(decode.snippet.contains("\"no\""), "{}", decode.snippet);
}

#[tokio::test]
async fn malformed_page_ends_the_stream_with_a_decode_error() {
    let server = server().await;
    let mut bad = account(1);
    bad.as_object_mut().unwrap().remove("nativeIdentity");
    Mock::given(method("GET"))
        .and(path("/beta/accounts"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Total-Count", "2")
                .set_body_json(json!([account(0), bad])),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let results: Vec<_> = client.accounts().list_accounts().stream().collect().await;

    assert_eq!(results.len(), 1, "{results:?}");
    let Err(Error::Decode(decode)) = &results[0] else {
        panic!("expected a decode error, got {results:?}")
    };
    assert_eq!(decode.path, "[1]");
    assert!(
        decode.message.contains("nativeIdentity"),
        "{}",
        decode.message
    );
}

/// A tracing writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_and_debug_output_of_generated_calls_hold_no_secret_or_token() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    // The process-wide default, not a scoped one: with a single scoped dispatcher,
    // a callsite first hit by another test's thread (no subscriber there) can cache
    // "never interested" and this test would see no events (tokio-rs/tracing#3611).
    // Every test of this binary then logs here, which the checks below cover too.
    subscriber.try_init().unwrap();
    let server = accounts_server(3).await;
    let client = client(&server);

    let listed: Vec<_> = client
        .accounts()
        .list_accounts()
        .filters("name eq \"private-filter-value\"")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    let error = client.accounts().get_account("missing").await.unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("isc_request"), "{logs}");
    assert!(logs.contains("operation_id=\"listAccounts\""), "{logs}");
    assert!(logs.contains("operation_id=\"getAccount\""), "{logs}");
    // A token is cached now: Debug of the client, an API, a builder and an error
    // must not show it either.
    let outputs = [
        logs,
        format!("{client:?}"),
        format!("{:?}", client.accounts()),
        format!("{:?}", client.accounts().list_accounts().filters("x")),
        format!("{error:?}"),
        error.to_string(),
    ];
    for output in &outputs {
        for forbidden in [
            CLIENT_SECRET,
            "access-token-",
            "client_secret=",
            "private-filter-value",
        ] {
            assert!(
                !output.contains(forbidden),
                "{forbidden:?} leaked into:\n{output}"
            );
        }
    }
}

/// The same client against the crate's own typed mocks (`mock` feature):
/// what a user of the client writes in their tests.
mod typed_mocks {
    use super::{ACCOUNT_ID, account, manual_clock};
    use futures_util::TryStreamExt;
    use sailpoint_beta::apis::accounts::{GetAccountError, ListAccountsError};
    use sailpoint_beta::mock::MockServer;
    use sailpoint_beta::models::{Account, V3ErrorResponseDto};
    use sailpoint_beta::{Client, Error};
    use serde_json::json;
    use std::sync::Arc;
    use std::time::Duration;

    fn typed_account(n: u64) -> Account {
        serde_json::from_value(account(n)).unwrap()
    }

    fn not_found() -> V3ErrorResponseDto {
        serde_json::from_value(json!({
            "detailCode": "404 Not found",
            "messages": [{"locale": "en-US", "text": "no such account"}]
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn respond_ok_answers_only_the_matched_id() {
        let mock = MockServer::start().await;
        let expected = typed_account(1);
        mock.get_account()
            .id(ACCOUNT_ID)
            .respond_ok(&expected)
            .expect(1)
            .await;
        mock.get_account()
            .respond_error(&GetAccountError::NotFound(not_found()))
            .await;
        let client = mock.client().unwrap();

        let account = client.accounts().get_account(ACCOUNT_ID).await.unwrap();
        assert_eq!(account, expected);
        // Any other id falls through to the 404 mounted for every id.
        let error = client.accounts().get_account("other").await.unwrap_err();
        let Error::Api(api) = &error else {
            panic!("expected Error::Api, got {error:?}")
        };
        assert_eq!(api.body, Some(GetAccountError::NotFound(not_found())));
    }

    #[tokio::test]
    async fn respond_pages_serves_limit_offset_pages_with_the_total() {
        let mock = MockServer::start().await;
        let accounts: Vec<Account> = (0..300).map(typed_account).collect();
        // The stream takes two pages of 250 at most; then one page by hand.
        mock.list_accounts()
            .respond_pages(&accounts)
            .expect(3)
            .await;
        let client = mock.client().unwrap();

        let all: Vec<Account> = client
            .accounts()
            .list_accounts()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all, accounts);

        let page = client
            .accounts()
            .list_accounts()
            .limit(10)
            .offset(295)
            .count(true)
            .send_page()
            .await
            .unwrap();
        assert_eq!(page.items.len(), 5);
        assert_eq!(page.total, Some(300));
    }

    #[tokio::test]
    async fn query_and_body_matchers_narrow_the_match() {
        let mock = MockServer::start().await;
        mock.list_accounts()
            .filters("name eq \"x\"")
            .respond_ok(&[typed_account(7)])
            .await;
        mock.list_accounts()
            .respond_error(&ListAccountsError::BadRequest(not_found()))
            .await;
        let client = mock.client().unwrap();

        let matched = client
            .accounts()
            .list_accounts()
            .filters("name eq \"x\"")
            .await
            .unwrap();
        assert_eq!(matched, [typed_account(7)]);
        let other = client
            .accounts()
            .list_accounts()
            .filters("name eq \"y\"")
            .await;
        assert_eq!(other.unwrap_err().status(), Some(400));
    }

    #[tokio::test]
    async fn respond_status_with_retry_after_is_retried_after_that_wait() {
        let mock = MockServer::start().await;
        mock.get_account()
            .id(ACCOUNT_ID)
            .respond_status(429)
            .retry_after(3)
            .up_to(1)
            .expect(1)
            .priority(1)
            .await;
        mock.get_account()
            .respond_ok(&typed_account(1))
            .expect(1)
            .await;
        let clock = manual_clock();
        let runtime = isc_runtime::Client::builder(mock.config().build().unwrap())
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap();
        let client = Client::new(runtime);

        let account = client.accounts().get_account(ACCOUNT_ID).await.unwrap();
        assert_eq!(account.id.as_deref(), Some("account-1"));
        assert_eq!(clock.sleeps(), [Duration::from_secs(3)]);
    }

    #[tokio::test]
    async fn the_token_endpoint_is_asked_once_for_many_calls() {
        let mock = MockServer::start().await;
        mock.token()
            .respond_token("typed-token", 3600)
            .expect(1)
            .await;
        mock.get_account()
            .respond_ok(&typed_account(1))
            .expect(3)
            .await;
        let client = mock.client().unwrap();
        for _ in 0..3 {
            client.accounts().get_account(ACCOUNT_ID).await.unwrap();
        }
        let requests = mock.runtime().wiremock().received_requests().await.unwrap();
        let bearer = requests
            .iter()
            .filter(|r| r.url.path() != "/oauth/token")
            .all(|r| {
                r.headers
                    .get("authorization")
                    .is_some_and(|v| v == "Bearer typed-token")
            });
        assert!(bearer);
    }

    #[tokio::test]
    async fn a_token_endpoint_that_refuses_fails_the_call() {
        let mock = MockServer::start().await;
        mock.token().respond_status(401).await;
        let client = mock.client().unwrap();
        let error = client.accounts().get_account(ACCOUNT_ID).await.unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
    }
}
