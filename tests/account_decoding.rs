//! Real tenants send bodies the spec does not quite promise. The generated
//! `Account` takes them and gives them back unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sailpoint_beta::models::{Account, AccountOrigin};
use serde_json::{Value, json};

fn real_shaped_account() -> Value {
    json!({
        "id": "2c9180835d2e5168015d32f890ca1581",
        "name": null,
        "created": "2021-09-28T02:15Z",
        "modified": "2021-09-28T02:16:12.207Z",
        "sourceId": "2c91808b7c28b350017c2a2ec5790aa1",
        "sourceName": null,
        "attributes": {
            "ImmutableId": "upper",
            "immutableId": "lower",
            "groups": ["a", "b"]
        },
        "authoritative": false,
        "disabled": false,
        "locked": false,
        "nativeIdentity": "552775",
        "systemAccount": false,
        "uncorrelated": false,
        "manuallyCorrelated": false,
        "hasEntitlements": true,
        "origin": "SOMETHING_NEW"
    })
}

#[test]
fn decodes_nulls_unknown_enum_values_and_timestamps_without_seconds() {
    let account: Account = serde_json::from_value(real_shaped_account()).expect("decodes");
    assert_eq!(account.name, None);
    assert_eq!(account.source_name, None);
    assert_eq!(
        account.origin,
        Some(AccountOrigin::Unknown("SOMETHING_NEW".to_owned()))
    );
    let created = account.created.expect("created");
    assert_eq!(created.to_string(), "2021-09-28T02:15:00Z");
    let attributes = account.attributes.as_ref().expect("attributes");
    let keys: Vec<&str> = attributes.keys().map(String::as_str).collect();
    assert_eq!(keys, ["ImmutableId", "immutableId", "groups"]);
}

#[test]
fn re_encoding_keeps_what_was_received() {
    let account: Account = serde_json::from_value(real_shaped_account()).expect("decodes");
    let encoded = serde_json::to_value(&account).expect("encodes");
    assert_eq!(encoded["origin"], "SOMETHING_NEW");
    // Required and nullable: `null` is sent, not left out.
    assert_eq!(encoded["sourceName"], Value::Null);
    assert_eq!(encoded["name"], Value::Null);
    assert!(encoded.as_object().unwrap().contains_key("sourceName"));
    // Optional and absent: left out.
    assert!(!encoded.as_object().unwrap().contains_key("uuid"));
    let keys: Vec<&str> = encoded["attributes"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["ImmutableId", "immutableId", "groups"]);
    let again: Account = serde_json::from_value(encoded).expect("decodes again");
    assert_eq!(again, account);
}

#[test]
fn a_missing_required_field_is_an_error_that_names_it() {
    let mut body = real_shaped_account();
    body.as_object_mut().unwrap().remove("nativeIdentity");
    let err = serde_json::from_value::<Account>(body).unwrap_err();
    assert!(err.to_string().contains("nativeIdentity"), "{err}");
}

/// `detailLevel=SLIM` answers leave out `authoritative`, `systemAccount`,
/// `uncorrelated` and `sourceName`; `spec/overlay.yaml` records that, and
/// nothing else about `Account` is relaxed.
#[test]
fn slim_accounts_decode_and_other_required_fields_stay_required() {
    let mut slim = real_shaped_account();
    for absent in [
        "authoritative",
        "systemAccount",
        "uncorrelated",
        "sourceName",
    ] {
        slim.as_object_mut().unwrap().remove(absent);
    }
    let account: Account = serde_json::from_value(slim.clone()).expect("a SLIM account decodes");
    assert_eq!(account.authoritative, None);
    assert_eq!(account.system_account, None);
    assert_eq!(account.uncorrelated, None);
    assert!(
        !serde_json::to_value(&account)
            .unwrap()
            .as_object()
            .unwrap()
            .contains_key("authoritative")
    );

    slim.as_object_mut().unwrap().remove("disabled");
    let err = serde_json::from_value::<Account>(slim).unwrap_err();
    assert!(err.to_string().contains("disabled"), "{err}");
}
