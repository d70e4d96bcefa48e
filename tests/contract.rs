//! Contract tests: the generated client against Stoplight Prism, an independent
//! implementation of the OpenAPI contract.
//!
//! Prism validates every request against the document it serves and answers
//! with a response made from that document. For each document (our `spec/`
//! and SailPoint's multi-file beta root) and each of Prism's modes (examples,
//! and `--dynamic` generation from the schemas), one test:
//!
//! - calls every operation of the Accounts tag through `sailpoint_beta::Client`
//!   with realistic arguments, every optional parameter used at least once, and
//!   checks that the answer decodes into the operation's typed success value;
//! - in example mode, asks for every named success example
//!   (`Prefer: example=NAME`) and checks each decodes; `SlimAccounts` (what
//!   `detailLevel=SLIM` returns) must decode with the SLIM-only fields absent;
//! - asks for every error status the document declares for each operation
//!   (`Prefer: code=STATUS`) and checks it arrives as `Error::Api` with the
//!   typed body in the enum variant for that status;
//! - checks that Prism judged every request valid: it ran with `--errors`, so an
//!   invalid request gets a 4xx instead of the success value, and its log must
//!   show "The request passed the validation rules" for every request and no
//!   violation at all.
//!
//! The `Prefer` header is sent by giving the runtime client a `reqwest::Client`
//! with that default header (`isc_runtime::ClientBuilder::http_client`), so the
//! error paths go through the generated builders and `send()` exactly as an
//! application's calls do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, deprecated)]

#[path = "contract/prism.rs"]
mod prism;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use isc_codegen::Selection;
use isc_runtime::reqwest;
use prism::{Mode, Prism};
use sailpoint_beta::models::{
    Account, AccountAttributes, AccountAttributesCreate, AccountToggleRequest,
    AccountUnlockRequest, IdentitiesAccountsBulkRequest, ListAccountsDetailLevel,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Dynamic mode: rounds of all sixteen operations, each with freshly generated
/// bodies.
const DYNAMIC_ROUNDS: usize = 5;

const ACCOUNT_ID: &str = "9b1f3c5e7a2d4f6081c3e5a7b9d1f3a5";
const SOURCE_ID: &str = "3e5a7c9e1b3d4f5a8c0e2a4c6e8a0c2e";
const IDENTITY_ID: &str = "6d8f0b2d4f6a4c8e9a1c3e5a7c9e1b3d";
const OTHER_IDENTITY_ID: &str = "0c2e4a6c8e0a4b2d8f1b3d5f7b9d1f3b";
const VERIFICATION_ID: &str = "4f6b8d0f2b4d4e6a9c1e3a5c7e9a1c3e";

/// The sixteen operations of the Accounts tag.
const OPERATIONS: [&str; 16] = [
    "listAccounts",
    "createAccount",
    "getAccount",
    "updateAccount",
    "putAccount",
    "deleteAccount",
    "getAccountEntitlements",
    "submitReloadAccount",
    "enableAccount",
    "disableAccount",
    "unlockAccount",
    "deleteAccountAsync",
    "enableAccountForIdentity",
    "disableAccountForIdentity",
    "enableAccountsForIdentities",
    "disableAccountsForIdentities",
];

#[test]
fn spec_in_example_mode() {
    contract(&isc_tests::accounts_spec(), Source::Ours, Mode::Example);
}

#[test]
fn spec_in_dynamic_mode() {
    contract(&isc_tests::accounts_spec(), Source::Ours, Mode::Dynamic);
}

#[test]
fn upstream_root_in_example_mode() {
    if let Some(root) = isc_tests::upstream_root("sailpoint-api.beta.yaml") {
        contract(&root, Source::Upstream, Mode::Example);
    }
}

#[test]
fn upstream_root_in_dynamic_mode() {
    if let Some(root) = isc_tests::upstream_root("sailpoint-api.beta.yaml") {
        contract(&root, Source::Upstream, Mode::Dynamic);
    }
}

/// Whose document Prism serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `spec/`: its examples must match its schemas.
    Ours,
    /// SailPoint's published root. Where one of its examples breaks its own
    /// schema, Prism (strict) answers 500 instead; that is reported, and the
    /// example is fetched from a lenient Prism to check that it decodes.
    Upstream,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::Ours => "spec",
            Source::Upstream => "upstream",
        }
    }
}

/// What the document declares for one operation.
#[derive(Debug)]
struct Declared {
    id: String,
    errors: Vec<u16>,
    success_examples: Vec<String>,
}

/// What went wrong in one call, whatever the operation.
#[derive(Debug)]
struct Failure {
    status: Option<u16>,
    /// The error enum's variant, when the body decoded into one.
    variant: Option<String>,
    /// Set when strict Prism refused to send a response because the response
    /// (made from the document) breaks the document's schema, and nothing was
    /// wrong with the request: the violations.
    response_violation: Option<String>,
    message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.status, &self.variant) {
            (Some(status), Some(variant)) => write!(f, "HTTP {status}, {variant}(..): ")?,
            (Some(status), None) => write!(f, "HTTP {status}, no typed body: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

fn failure<E: Debug>(error: isc_runtime::Error<E>) -> Failure {
    let variant = error.api_body().map(|body| {
        let debug = format!("{body:?}");
        debug
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let response_violation = match &error {
        isc_runtime::Error::Api(api) if api.status == 500 => response_only_violation(&api.raw),
        _ => None,
    };
    let message = match &error {
        isc_runtime::Error::Api(api) => match &api.decode_error {
            Some(decode) => format!("{api}; typed body did not decode: {decode}"),
            None => api.to_string(),
        },
        other => other.to_string(),
    };
    Failure {
        status: error.status(),
        variant,
        response_violation,
        message,
    }
}

/// Prism's `--errors` answer to a valid request whose mocked response breaks
/// the document's schema: the violation messages.
fn response_only_violation(raw: &str) -> Option<String> {
    let body: Value = serde_json::from_str(raw).ok()?;
    if !body["type"].as_str()?.ends_with("#VIOLATIONS") {
        return None;
    }
    let violations = body["validation"].as_array()?;
    let all_in_response = !violations.is_empty()
        && violations
            .iter()
            .all(|v| v["location"][0].as_str() == Some("response"));
    all_in_response.then(|| {
        violations
            .iter()
            .map(|v| {
                let location: Vec<&str> = v["location"]
                    .as_array()
                    .map(|l| l.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                format!(
                    "{}: {}",
                    location.join("."),
                    v["message"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The variant the generator names for an error status (its reason phrase).
fn variant_for(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        other => panic!("no variant name known for status {other}; extend variant_for"),
    }
}

fn contract(document: &Path, source: Source, mode: Mode) {
    let started = Instant::now();
    let label = source.label();
    let declared = declared_operations(document);
    let ids: BTreeSet<&str> = declared.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        OPERATIONS.iter().copied().collect::<BTreeSet<_>>(),
        "the Accounts operations of {}",
        document.display()
    );

    let prism = Prism::start(document, sailpoint_beta::BASE_PATH, mode, true, label);
    let ready = started.elapsed();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut tally = Tally::new(source);
    // Every operation, typed success value expected.
    let plain = client(&prism, None);
    let rounds = match mode {
        Mode::Example => 1,
        Mode::Dynamic => DYNAMIC_ROUNDS,
    };
    let mut decoded = BTreeSet::new();
    for round in 0..rounds {
        for op in OPERATIONS {
            let result = runtime.block_on(call(&plain, op));
            if tally.success(op, None, format!("{op} (round {round})"), result) {
                decoded.insert(op);
            }
        }
    }

    // Every named example of every success response (example mode).
    let mut examples = 0;
    if mode == Mode::Example {
        for op in &declared {
            for name in &op.success_examples {
                let prefer = format!("example={name}");
                let result = runtime.block_on(call(&client(&prism, Some(&prefer)), &op.id));
                examples += usize::from(tally.success(
                    &op.id,
                    Some(&prefer),
                    format!("{} with example {name}", op.id),
                    result,
                ));
            }
        }
        tally.sent += runtime.block_on(slim_and_full_pages(&prism));
    }

    // Every declared error status, typed error expected.
    let mut errors = 0;
    for op in &declared {
        for &status in &op.errors {
            let client = client(&prism, Some(&format!("code={status}")));
            tally.sent += 1;
            errors += 1;
            match runtime.block_on(call(&client, &op.id)) {
                Ok(_) => tally.problems.push(format!(
                    "{} with Prefer: code={status}: answered with the success value",
                    op.id
                )),
                Err(failure) => {
                    let expected = variant_for(status);
                    if failure.status != Some(status)
                        || failure.variant.as_deref() != Some(expected)
                    {
                        tally.problems.push(format!(
                            "{} with Prefer: code={status}: expected Error::Api {status} with \
                             {expected}(..), got {failure}",
                            op.id
                        ));
                    }
                }
            }
        }
    }

    let Tally {
        sent,
        mut problems,
        defects,
        ..
    } = tally;
    let violations = prism.request_violations(sent);
    for (request, lines) in &violations {
        problems.push(format!(
            "Prism found a request invalid: {request}\n    {}",
            lines.join("\n    ")
        ));
    }

    // Responses strict Prism would not send: the same requests to a lenient
    // Prism, whose answer (the document's example as it is) must decode.
    if !defects.is_empty() {
        let lenient = Prism::start(document, sailpoint_beta::BASE_PATH, mode, false, label);
        let mut lenient_sent = 0;
        for (op, prefer, violation) in &defects {
            eprintln!(
                "{label}: the document's response for {op}{} breaks its own schema ({violation}); \
                 decoding it from a lenient Prism",
                prefer
                    .as_ref()
                    .map(|p| format!(" (Prefer: {p})"))
                    .unwrap_or_default()
            );
            match runtime.block_on(call(&client(&lenient, prefer.as_deref()), op)) {
                Ok(requests) => {
                    lenient_sent += requests;
                    if prefer.is_none() {
                        decoded.insert(OPERATIONS.iter().find(|o| **o == op).expect("known op"));
                    }
                }
                Err(failure) => {
                    lenient_sent += 1;
                    problems.push(format!("{op} from lenient Prism: {failure}"));
                }
            }
        }
        for (request, lines) in lenient.request_violations(lenient_sent) {
            problems.push(format!(
                "lenient Prism found a request invalid: {request}\n    {}",
                lines.join("\n    ")
            ));
        }
    }

    eprintln!(
        "{label}, {mode:?} mode: {}/{} operations decoded{}; {examples} named examples; {errors} \
         error statuses; {sent} requests, {} with violations; {} response(s) from the document \
         breaking its own schema; Prism ready after {ready:.1?}, done after {:.1?}",
        decoded.len(),
        OPERATIONS.len(),
        if rounds > 1 {
            format!(" in each of {rounds} rounds")
        } else {
            String::new()
        },
        violations.len(),
        defects.len(),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) against {} in {mode:?} mode:\n{}\n--- Prism's output (last 200 lines) \
         ---\n{}",
        problems.len(),
        document.display(),
        problems.join("\n"),
        tail(&prism.output(), 200)
    );
    assert_eq!(decoded.len(), OPERATIONS.len());
    assert!(errors > 0, "no error statuses declared");
}

/// What the calls against one Prism came to.
struct Tally {
    source: Source,
    /// Requests sent.
    sent: usize,
    problems: Vec<String>,
    /// (operation, `Prefer` value, violations): responses made from the
    /// document that break its own schema, which strict Prism would not send.
    defects: Vec<(String, Option<String>, String)>,
}

impl Tally {
    fn new(source: Source) -> Self {
        Tally {
            source,
            sent: 0,
            problems: Vec::new(),
            defects: Vec::new(),
        }
    }

    /// Records a call that should have given its typed success value;
    /// returns whether it did.
    fn success(
        &mut self,
        op: &str,
        prefer: Option<&str>,
        what: String,
        result: Result<usize, Failure>,
    ) -> bool {
        match result {
            Ok(requests) => {
                self.sent += requests;
                true
            }
            Err(failure) => {
                self.sent += 1;
                match failure.response_violation {
                    Some(violation) if self.source == Source::Upstream => {
                        self.defects
                            .push((op.to_owned(), prefer.map(str::to_owned), violation));
                    }
                    _ => self.problems.push(format!("{what}: {failure}")),
                }
                false
            }
        }
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A client for `prism`, with a static bearer token (Prism checks that the
/// OAuth2-secured operations get an `Authorization` header) and no retries (429
/// and 5xx are asked for on purpose). `prefer` becomes a `Prefer` header on
/// every request.
fn client(prism: &Prism, prefer: Option<&str>) -> sailpoint_beta::Client {
    let timeout = Duration::from_secs(30);
    let config = isc_runtime::Config::builder()
        .base_url(prism.url())
        .bearer_token("contract-test-token")
        .retry(isc_runtime::RetryPolicy::none())
        .request_timeout(timeout)
        .build()
        .expect("client settings");
    let mut builder = isc_runtime::Client::builder(config);
    if let Some(prefer) = prefer {
        // The runtime's reqwest has no TLS provider of its own; plain HTTP
        // still needs one installed before a client is built.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "prefer",
            reqwest::header::HeaderValue::from_str(prefer).expect("header value"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(timeout)
            .build()
            .expect("HTTP client");
        builder = builder.http_client(http);
    }
    sailpoint_beta::Client::new(builder.build().expect("client"))
}

/// The Accounts operations `document` declares, read with our loader (which
/// only gathers the files: Prism reads the document itself).
fn declared_operations(document: &Path) -> Vec<Declared> {
    let loaded = isc_codegen::load::load(document)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", document.display()));
    let mut doc = loaded.document;
    isc_codegen::select::apply(&mut doc, &Selection::tag("Accounts"), document)
        .expect("select the Accounts tag");
    let mut declared = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for item in paths.values() {
        let item = resolve(&doc, item);
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let responses = op["responses"].as_object().expect("responses");
            let mut errors = Vec::new();
            let mut success_examples = Vec::new();
            for (status, response) in responses {
                let Ok(status) = status.parse::<u16>() else {
                    continue;
                };
                if (200..300).contains(&status) {
                    let response = resolve(&doc, response);
                    if let Some(Value::Object(content)) = response.get("content")
                        && let Some(Value::Object(examples)) = content
                            .get("application/json")
                            .and_then(|media| media.get("examples"))
                    {
                        success_examples.extend(examples.keys().cloned());
                    }
                } else if status >= 400 {
                    errors.push(status);
                }
            }
            declared.push(Declared {
                id,
                errors,
                success_examples,
            });
        }
    }
    declared
}

/// Follows local `$ref`s.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(target) = value.get("$ref").and_then(Value::as_str) {
        let pointer = target
            .strip_prefix('#')
            .expect("a local $ref after loading");
        value = doc.pointer(pointer).expect("$ref target");
    }
    value
}

/// JSON to a typed value, for bodies whose types hold maps.
fn from_json<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("typed body")
}

/// Decoded, encoded and decoded again: the same value.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    op: &str,
    value: &T,
) -> Result<(), Failure> {
    let encoded = serde_json::to_value(value).expect("encode");
    let again: T = serde_json::from_value(encoded.clone()).map_err(|e| Failure {
        status: None,
        variant: None,
        response_violation: None,
        message: format!("{op}: re-encoded value does not decode: {e}: {encoded}"),
    })?;
    if &again == value {
        Ok(())
    } else {
        Err(Failure {
            status: None,
            variant: None,
            response_violation: None,
            message: format!("{op}: decode → encode → decode changed {value:?} into {again:?}"),
        })
    }
}

/// Calls `op` through the generated client; `Ok` is the number of requests
/// sent, all answered with their typed success value.
async fn call(client: &sailpoint_beta::Client, op: &str) -> Result<usize, Failure> {
    let api = client.accounts();
    match op {
        "listAccounts" => {
            let accounts = api.list_accounts().await.map_err(failure)?;
            round_trips(op, &accounts)?;
            let page = api
                .list_accounts()
                .detail_level(ListAccountsDetailLevel::Slim)
                .limit(50)
                .offset(100)
                .count(true)
                .filters(format!(
                    "sourceId eq \"{SOURCE_ID}\" and uncorrelated eq false"
                ))
                .sorters("-created,name")
                .send_page()
                .await
                .map_err(failure)?;
            round_trips(op, &page.items)?;
            // Pages until a short page; at most two pages of 250 here.
            let streamed: Vec<Account> = api
                .list_accounts()
                .detail_level(ListAccountsDetailLevel::Full)
                .filters(format!("identityId eq \"{IDENTITY_ID}\""))
                .stream_with(isc_runtime::PageOptions {
                    page_size: 250,
                    max_items: Some(500),
                    start: 0,
                })
                .try_collect()
                .await
                .map_err(failure)?;
            round_trips(op, &streamed)?;
            let pages = streamed.len() / 250 + 1;
            Ok(2 + pages.min(2))
        }
        "createAccount" => {
            let body: AccountAttributesCreate = from_json(json!({
                "attributes": {
                    "sourceId": SOURCE_ID,
                    "displayName": "Ines Halvorsen",
                    "givenName": "Ines",
                    "sn": "Halvorsen",
                    "mail": "ines.halvorsen@example.org",
                    "department": "Procurement"
                }
            }));
            let result = api.create_account(body).await.map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "getAccount" => {
            let account = api.get_account(ACCOUNT_ID).await.map_err(failure)?;
            round_trips(op, &account)?;
            Ok(1)
        }
        "updateAccount" => {
            // A JSON Patch document, sent as application/json-patch+json.
            let patch: Vec<isc_runtime::JsonMap> = from_json(json!([
                { "op": "replace", "path": "/identityId", "value": OTHER_IDENTITY_ID },
                { "op": "replace", "path": "/manuallyCorrelated", "value": true },
                { "op": "add", "path": "/attributes/costCenter", "value": "CC-4471" },
                { "op": "remove", "path": "/attributes/legacyBadge" }
            ]));
            let result = api
                .update_account(ACCOUNT_ID, patch)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "putAccount" => {
            let body = AccountAttributes::new(from_json(json!({
                "city": "Tromsø",
                "displayName": "Ines Halvorsen",
                "userName": "ihalvorsen",
                "mail": "ines.halvorsen@example.org",
                "groups": ["procurement", "vpn-users"]
            })));
            let result = api.put_account(ACCOUNT_ID, body).await.map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "deleteAccount" => {
            let result = api.delete_account(ACCOUNT_ID).await.map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "getAccountEntitlements" => {
            let entitlements = api
                .get_account_entitlements(ACCOUNT_ID)
                .offset(0)
                .limit(25)
                .count(true)
                .await
                .map_err(failure)?;
            round_trips(op, &entitlements)?;
            Ok(1)
        }
        "submitReloadAccount" => {
            let result = api
                .submit_reload_account(ACCOUNT_ID)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "enableAccount" => {
            let mut body = AccountToggleRequest::default();
            body.external_verification_id = Some(VERIFICATION_ID.to_owned());
            body.force_provisioning = Some(true);
            let result = api
                .enable_account(ACCOUNT_ID, body)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "disableAccount" => {
            let mut body = AccountToggleRequest::default();
            body.force_provisioning = Some(false);
            let result = api
                .disable_account(ACCOUNT_ID, body)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "unlockAccount" => {
            let mut body = AccountUnlockRequest::default();
            body.external_verification_id = Some(VERIFICATION_ID.to_owned());
            body.unlock_idn_account = Some(true);
            body.force_provisioning = Some(false);
            let result = api
                .unlock_account(ACCOUNT_ID, body)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "deleteAccountAsync" => {
            let result = api
                .delete_account_async(ACCOUNT_ID)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "enableAccountForIdentity" => {
            let result = api
                .enable_account_for_identity(IDENTITY_ID)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "disableAccountForIdentity" => {
            let result = api
                .disable_account_for_identity(IDENTITY_ID)
                .await
                .map_err(failure)?;
            round_trips(op, &result)?;
            Ok(1)
        }
        "enableAccountsForIdentities" => {
            let mut body = IdentitiesAccountsBulkRequest::default();
            body.identity_ids = Some(vec![IDENTITY_ID.to_owned(), OTHER_IDENTITY_ID.to_owned()]);
            let results = api
                .enable_accounts_for_identities(body)
                .await
                .map_err(failure)?;
            round_trips(op, &results)?;
            Ok(1)
        }
        "disableAccountsForIdentities" => {
            let mut body = IdentitiesAccountsBulkRequest::default();
            body.identity_ids = Some(vec![OTHER_IDENTITY_ID.to_owned()]);
            let results = api
                .disable_accounts_for_identities(body)
                .await
                .map_err(failure)?;
            round_trips(op, &results)?;
            Ok(1)
        }
        other => panic!("no call written for operation {other}"),
    }
}

/// `detailLevel=SLIM` pages leave out `authoritative`, `systemAccount` and
/// `uncorrelated` (and `sourceName`); FULL pages have them. Both decode, and
/// the absence shows as `None`. Returns the number of requests sent.
async fn slim_and_full_pages(prism: &Prism) -> usize {
    let slim = client(prism, Some("example=SlimAccounts"))
        .accounts()
        .list_accounts()
        .detail_level(ListAccountsDetailLevel::Slim)
        .await
        .unwrap_or_else(|e| panic!("the SlimAccounts example does not decode: {e}"));
    assert!(!slim.is_empty(), "the SlimAccounts example has accounts");
    for account in &slim {
        assert_eq!(account.authoritative, None, "{account:?}");
        assert_eq!(account.system_account, None, "{account:?}");
        assert_eq!(account.uncorrelated, None, "{account:?}");
        assert_eq!(account.source_name, None, "{account:?}");
    }
    let full = client(prism, Some("example=FullAccounts"))
        .accounts()
        .list_accounts()
        .detail_level(ListAccountsDetailLevel::Full)
        .await
        .unwrap_or_else(|e| panic!("the FullAccounts example does not decode: {e}"));
    assert!(!full.is_empty(), "the FullAccounts example has accounts");
    for account in &full {
        assert!(account.authoritative.is_some(), "{account:?}");
        assert!(account.system_account.is_some(), "{account:?}");
        assert!(account.uncorrelated.is_some(), "{account:?}");
    }
    2
}

#[test]
fn served_copies_carry_the_base_path_and_absolute_refs() {
    let dir = std::env::temp_dir().join(format!("isc-contract-copy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("openapi.json");
    prism::write_served_copy(&isc_tests::accounts_spec(), "/beta", &target);
    let copy: Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    let paths: Vec<&String> = copy["paths"].as_object().unwrap().keys().collect();
    assert!(!paths.is_empty());
    assert!(paths.iter().all(|p| p.starts_with("/beta/")), "{paths:?}");
    if let Some(root) = isc_tests::upstream_root("sailpoint-api.beta.yaml") {
        prism::write_served_copy(&root, "/beta", &target);
        let text = std::fs::read_to_string(&target).unwrap();
        let copy: Value = serde_json::from_str(&text).unwrap();
        let accounts = &copy["paths"]["/beta/accounts"]["$ref"];
        let file = PathBuf::from(accounts.as_str().unwrap());
        assert!(file.is_absolute() && file.is_file(), "{accounts}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prism_reports_invalid_requests() {
    // The "no violations" checks above are only worth something if a request
    // Prism finds invalid does show up in them.
    let prism = Prism::start(
        &isc_tests::accounts_spec(),
        sailpoint_beta::BASE_PATH,
        Mode::Example,
        true,
        "self-check",
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let runtime_client = client(&prism, None).runtime().clone();
    let base = sailpoint_beta::BASE_PATH;
    let statuses = runtime.block_on(async {
        let not_a_number =
            isc_runtime::Request::new("listAccounts", isc_runtime::Method::GET, base, "/accounts")
                .query("limit", "many")
                .authenticated();
        let no_token = isc_runtime::Request::new(
            "getAccount",
            isc_runtime::Method::GET,
            base,
            "/accounts/{id}",
        )
        .path_param("id", ACCOUNT_ID);
        let mut statuses = Vec::new();
        for request in [not_a_number, no_token] {
            let response = runtime_client
                .execute::<Value>(request)
                .await
                .expect("an answer");
            assert!(
                response.header("sl-violations").is_some(),
                "Prism names the violations in a header"
            );
            statuses.push(response.status());
        }
        statuses
    });
    assert_eq!(statuses, [400, 401]);
    let violations = prism.request_violations(2);
    assert_eq!(violations.len(), 2, "{violations:#?}");
    assert!(
        violations[0].0.contains("get /beta/accounts"),
        "{violations:#?}"
    );
    assert!(
        violations[0].1.iter().any(|l| l.contains("limit")),
        "{violations:#?}"
    );
}

#[test]
fn a_document_prism_cannot_read_fails_the_start_with_its_output() {
    let dir = std::env::temp_dir().join(format!("isc-contract-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let document = dir.join("broken.json");
    std::fs::write(
        &document,
        r#"{"openapi": "3.0.1", "info": {"title": "broken", "version": "1"},
            "paths": {"/things": {"$ref": "./no-such-file.yaml"}}}"#,
    )
    .unwrap();
    let started = Instant::now();
    let panic = std::panic::catch_unwind(|| {
        Prism::start(&document, "/beta", Mode::Example, true, "broken")
    })
    .err()
    .expect("the start fails");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(message.contains("Prism exited"), "{message}");
    assert!(message.contains("Prism's output"), "{message}");
    assert!(message.contains("no-such-file.yaml"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "a dead Prism is noticed without waiting for the timeout"
    );
}
