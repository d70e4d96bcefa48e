//! Our housekeeping against the client's typed mocks: no tenant, no
//! hand-written JSON routes, just the calls we expect and the answers we want.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The beta accounts operations are deprecated upstream; we still use them.
#![allow(deprecated)]

use std::collections::{BTreeMap, HashSet};

use accounts_client::apis::accounts::DisableAccountError;
use accounts_client::mock::MockServer;
use accounts_client::models::{Account, AccountAttributesCreate, AccountsAsyncResult};
use downstream_example::{HousekeepingError, disable_uncorrelated, request_account};
use serde_json::json;

fn account(id: &str, uncorrelated: bool, disabled: bool) -> Account {
    serde_json::from_value(json!({
        "id": id,
        "name": id,
        "sourceId": "source-1",
        "sourceName": "HR",
        "attributes": {},
        "authoritative": false,
        "disabled": disabled,
        "locked": false,
        "nativeIdentity": id,
        "systemAccount": false,
        "uncorrelated": uncorrelated,
        "manuallyCorrelated": false,
        "hasEntitlements": false
    }))
    .unwrap()
}

fn task(id: &str) -> AccountsAsyncResult {
    serde_json::from_value(json!({ "id": id })).unwrap()
}

#[tokio::test]
async fn disables_only_enabled_uncorrelated_accounts() {
    let mock = MockServer::start().await;
    let mut accounts: Vec<Account> = (0..260)
        .map(|n| account(&format!("owned-{n}"), false, false))
        .collect();
    accounts.push(account("orphan", true, false));
    accounts.push(account("already-off", true, true));
    mock.list_accounts().respond_pages(&accounts).await;
    mock.disable_account()
        .id("orphan")
        .respond_ok(&task("task-1"))
        .expect(1)
        .await;
    // Nothing else may be disabled: any other id would fail the test.
    mock.disable_account().respond_status(500).expect(0).await;

    let tasks = disable_uncorrelated(&mock.client().unwrap()).await.unwrap();

    assert_eq!(tasks, HashSet::from([task("task-1")]));
}

#[tokio::test]
async fn a_refused_disable_names_the_account() {
    let mock = MockServer::start().await;
    mock.list_accounts()
        .respond_pages(&[account("orphan", true, false)])
        .await;
    let refusal = serde_json::from_value(json!({
        "detailCode": "403 Forbidden",
        "messages": [{"locale": "en-US", "text": "not allowed"}]
    }))
    .unwrap();
    mock.disable_account()
        .respond_error(&DisableAccountError::Forbidden(refusal))
        .await;

    let error = disable_uncorrelated(&mock.client().unwrap())
        .await
        .unwrap_err();

    let HousekeepingError::Disable(id, error) = error else {
        panic!("expected a disable error, got {error:?}");
    };
    assert_eq!(id, "orphan");
    assert_eq!(error.status(), Some(403));
}

#[tokio::test]
async fn new_accounts_carry_the_source_and_our_attributes() {
    let mock = MockServer::start().await;
    let expected = AccountAttributesCreate::new(BTreeMap::from([
        ("sourceId".to_owned(), "source-1".to_owned()),
        ("mail".to_owned(), "ada@example.com".to_owned()),
    ]));
    mock.create_account()
        .body(&expected)
        .respond_ok(&task("task-2"))
        .expect(1)
        .await;

    let started = request_account(
        &mock.client().unwrap(),
        "source-1",
        &[("mail", "ada@example.com")],
    )
    .await
    .unwrap();

    assert_eq!(started, task("task-2"));
}
