//! Real-shaped response bodies (`tests/fixtures/*.json`, our own invented
//! values) decode into the generated types, and decode → encode → decode is
//! stable and loses nothing the types hold.
//!
//! What real tenants send and the spec does not quite promise: `null` in
//! required-nullable fields, optional fields left out, enum values the spec does
//! not list, timestamps without seconds or with offsets, free-form `attributes`
//! whose keys differ only in case, fields the spec does not know yet, and full
//! 250-item pages (some items `detailLevel=SLIM`-shaped).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Debug;

use isc_runtime::reqwest::header::{HeaderMap, HeaderValue};
use isc_runtime::{DateTime, Response, decode_json};
use sailpoint_beta::models::{
    Account, AccountOrigin, AttributeValueDtoType, Entitlement, OwnerReferenceDtoType,
    RecommendationMethod, RecommendationType, V3AdditionalOwnerRefType, V3DtoType,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture(name: &str) -> (Vec<u8>, Value) {
    let path = isc_tests::workspace().join("tests/fixtures").join(name);
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value = serde_json::from_slice(&bytes).expect("fixture is JSON");
    (bytes, value)
}

/// Decodes as generated code does (`isc_runtime::decode_json`).
fn decode<T: DeserializeOwned>(name: &str, bytes: &[u8]) -> T {
    decode_json(bytes).unwrap_or_else(|e| panic!("{name} does not decode: {e}"))
}

/// decode → encode → decode gives the same value, and the encoding is the
/// original JSON except for `lost`: the JSON pointers of the fields the types do
/// not hold (unknown to the spec). Besides those, absent and `null` may trade
/// places (both are `None`: an optional field's `null` is left out, a
/// required-nullable field left out is sent as `null`), and timestamps may be
/// re-spelled (same instant, same offset).
fn assert_round_trip<T>(name: &str, original: &Value, decoded: &T, lost: &[&str])
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let encoded = serde_json::to_value(decoded).expect("encodes");
    let again: T = serde_json::from_value(encoded.clone())
        .unwrap_or_else(|e| panic!("{name}: the encoding does not decode: {e}"));
    assert_eq!(&again, decoded, "{name}: decode → encode → decode");
    let mut missing = Vec::new();
    compare(name, original, &encoded, String::new(), &mut missing);
    assert_eq!(missing, lost, "{name}: fields dropped by decode → encode");
}

fn compare(name: &str, original: &Value, encoded: &Value, at: String, missing: &mut Vec<String>) {
    match (original, encoded) {
        (Value::Object(o), Value::Object(e)) => {
            for (key, value) in o {
                let here = format!("{at}/{key}");
                match e.get(key) {
                    Some(again) => compare(name, value, again, here, missing),
                    None if value.is_null() => {}
                    None => missing.push(here),
                }
            }
            for (key, value) in e {
                // A required-nullable field left out (`sourceName` of a SLIM
                // account) is `None`, which is sent as `null`.
                assert!(
                    o.contains_key(key) || value.is_null(),
                    "{name}: the encoding adds {at}/{key}"
                );
            }
        }
        (Value::Array(o), Value::Array(e)) => {
            assert_eq!(o.len(), e.len(), "{name}: length of {at}");
            for (index, (value, again)) in o.iter().zip(e).enumerate() {
                compare(name, value, again, format!("{at}/{index}"), missing);
            }
        }
        (Value::String(o), Value::String(e)) if o != e => {
            // Only a timestamp may be spelled differently.
            let (Ok(o_time), Ok(e_time)) = (DateTime::parse(o), DateTime::parse(e)) else {
                panic!("{name}: {at} was {o:?}, is encoded as {e:?}");
            };
            assert_eq!(o_time, e_time, "{name}: instant of {at}");
            assert_eq!(
                o_time.as_chrono().offset(),
                e_time.as_chrono().offset(),
                "{name}: offset of {at}"
            );
        }
        (o, e) => assert_eq!(o, e, "{name}: {at}"),
    }
}

fn keys(map: Option<&isc_runtime::JsonMap>) -> Vec<&str> {
    map.expect("a map").keys().map(String::as_str).collect()
}

#[test]
fn an_account_with_every_field_and_fields_the_spec_does_not_know() {
    let (bytes, original) = fixture("account-full.json");
    let account: Account = decode("account-full.json", &bytes);

    assert_eq!(account.source_name.as_deref(), Some("Nordic HR (Workday)"));
    assert_eq!(account.authoritative, Some(true));
    assert_eq!(account.origin, Some(AccountOrigin::Aggregated));
    assert_eq!(
        account
            .recommendation
            .as_ref()
            .map(|r| (&r.r#type, &r.method)),
        Some((&RecommendationType::Human, &RecommendationMethod::Source))
    );
    // Without seconds, and with a +05:30 offset that is kept.
    let created = account.created.expect("created");
    assert_eq!(created, DateTime::parse("2024-02-29T23:59:00Z").unwrap());
    let modified = account.modified.expect("modified");
    assert_eq!(
        modified.as_chrono().offset().local_minus_utc(),
        5 * 3600 + 1800
    );
    assert_eq!(
        modified,
        DateTime::parse("2024-03-01T02:45:42.500Z").unwrap()
    );
    // Keys that differ only in case stay apart, in the order sent.
    assert_eq!(
        keys(account.attributes.as_ref()),
        [
            "ImmutableId",
            "immutableId",
            "employeeNumber",
            "Mail",
            "mail",
            "department",
            "manager",
            "groups",
            "startDate",
            "costCenter",
            "ftePercent",
            "contractor"
        ]
    );
    let attributes = account.attributes.as_ref().unwrap();
    assert_ne!(attributes["ImmutableId"], attributes["immutableId"]);
    assert_eq!(attributes["costCenter"], Value::Null);

    assert_round_trip(
        "account-full.json",
        &original,
        &account,
        &["/passwordLastSet", "/sourceHealth"],
    );
    let encoded = serde_json::to_value(&account).unwrap();
    assert_eq!(
        keys(encoded["attributes"].as_object()),
        keys(account.attributes.as_ref()),
        "attributes are sent back in the order received"
    );
}

#[test]
fn an_account_with_nulls_missing_fields_and_unknown_enum_values() {
    let (bytes, original) = fixture("account-nulls-and-unknowns.json");
    let account: Account = decode("account-nulls-and-unknowns.json", &bytes);

    // Required and nullable: null.
    assert_eq!(account.name, None);
    assert_eq!(account.source_name, None);
    assert_eq!(account.attributes, None);
    // Optional and left out.
    assert_eq!(account.uuid, None);
    assert_eq!(account.description, None);
    assert_eq!(account.source_owner, None);
    // Values the spec does not list.
    assert_eq!(
        account.origin,
        Some(AccountOrigin::Unknown("IMPORTED".to_owned()))
    );
    let recommendation = account.recommendation.as_ref().unwrap();
    assert_eq!(
        recommendation.r#type,
        RecommendationType::Unknown("ROBOT".to_owned())
    );
    assert_eq!(
        recommendation.method,
        RecommendationMethod::Unknown("HEURISTIC".to_owned())
    );
    assert_eq!(
        account.identity.as_ref().and_then(|i| i.r#type.clone()),
        Some(V3DtoType::Unknown("MACHINE_ACCOUNT".to_owned()))
    );
    // Minutes without seconds, with a negative and a positive offset.
    assert_eq!(
        account.created.unwrap(),
        DateTime::parse("2024-01-01T00:00:00Z").unwrap()
    );
    assert_eq!(
        account.modified.unwrap(),
        DateTime::parse("2024-01-02T10:07:00Z").unwrap()
    );

    assert_round_trip(
        "account-nulls-and-unknowns.json",
        &original,
        &account,
        &["/entitlementCount"],
    );
    // Required-nullable fields are sent as null, optional ones left out.
    let encoded = serde_json::to_value(&account).unwrap();
    let encoded = encoded.as_object().unwrap();
    for field in ["name", "sourceName", "attributes"] {
        assert_eq!(encoded.get(field), Some(&Value::Null), "{field}");
    }
    for field in ["uuid", "description", "sourceOwner", "ownerIdentity"] {
        assert!(!encoded.contains_key(field), "{field}");
    }
    assert_eq!(encoded["origin"], "IMPORTED");
    assert_eq!(encoded["identity"]["type"], "MACHINE_ACCOUNT");
}

#[test]
fn entitlements_with_nulls_unknown_enum_values_and_case_differing_keys() {
    let (bytes, original) = fixture("account-entitlements.json");
    let entitlements: Vec<Entitlement> = decode("account-entitlements.json", &bytes);
    assert_eq!(entitlements.len(), 3);

    let full = &entitlements[0];
    assert_eq!(
        keys(full.attributes.as_ref()),
        [
            "GroupType",
            "groupType",
            "sAMAccountName",
            "memberCount",
            "nested"
        ]
    );
    assert_eq!(
        full.created.unwrap(),
        DateTime::parse("2022-06-14T10:12:00Z").unwrap()
    );
    assert_eq!(
        full.modified
            .as_ref()
            .unwrap()
            .as_chrono()
            .offset()
            .local_minus_utc(),
        2 * 3600
    );
    assert_eq!(
        full.owner.as_ref().and_then(|o| o.r#type.clone()),
        Some(OwnerReferenceDtoType::Identity)
    );
    let additional: Vec<_> = full
        .additional_owners
        .iter()
        .flatten()
        .map(|o| o.r#type.clone())
        .collect();
    assert_eq!(
        additional,
        [
            Some(V3AdditionalOwnerRefType::GovernanceGroup),
            Some(V3AdditionalOwnerRefType::Identity)
        ]
    );
    let manual = full.manually_updated_fields.as_ref().unwrap();
    assert_eq!(
        (manual.display_name, manual.description),
        (Some(true), Some(false))
    );

    // Nullable optional fields sent as null.
    let sparse = &entitlements[1];
    assert_eq!(sparse.attribute, None);
    assert_eq!(sparse.description, None);
    assert_eq!(sparse.owner, None);
    assert_eq!(sparse.additional_owners, None);
    assert_eq!(sparse.segments, None);
    assert_eq!(sparse.source.as_ref().unwrap().name, None);
    assert_eq!(sparse.created, None);

    // Enum values the spec does not list.
    let odd = &entitlements[2];
    assert_eq!(
        odd.owner.as_ref().and_then(|o| o.r#type.clone()),
        Some(OwnerReferenceDtoType::Unknown(
            "GOVERNANCE_GROUP".to_owned()
        ))
    );
    assert_eq!(
        odd.additional_owners.as_ref().unwrap()[0].r#type,
        Some(V3AdditionalOwnerRefType::Unknown("ROLE".to_owned()))
    );
    let value = &odd
        .access_model_metadata
        .as_ref()
        .unwrap()
        .attributes
        .as_ref()
        .unwrap()[0]
        .values
        .as_ref()
        .unwrap()[0];
    assert_eq!(
        value.r#type,
        Some(AttributeValueDtoType::Unknown("INHERITED".to_owned()))
    );
    assert_eq!(
        odd.created.unwrap(),
        DateTime::parse("2021-11-30T00:00:00Z").unwrap()
    );

    assert_round_trip(
        "account-entitlements.json",
        &original,
        &entitlements,
        &["/0/reviewCycle"],
    );
}

#[test]
fn a_page_of_250_accounts() {
    let (bytes, original) = fixture("accounts-page-250.json");
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from_static("1043"));
    // Decoded the way the generated `send_page()` does.
    let page = Response::new(200, headers, bytes)
        .page::<Account, ()>()
        .unwrap_or_else(|e| panic!("the page does not decode: {e}"));
    assert_eq!(page.total, Some(1043));
    let accounts = page.items;
    assert_eq!(accounts.len(), 250);

    // `detailLevel=SLIM` items: no authoritative/systemAccount/uncorrelated.
    let slim = accounts
        .iter()
        .filter(|a| {
            a.authoritative.is_none() && a.system_account.is_none() && a.uncorrelated.is_none()
        })
        .count();
    assert_eq!(slim, 84);
    assert!(accounts.iter().any(|a| a.name.is_none()));
    assert!(accounts.iter().any(|a| a.attributes.is_none()));
    assert!(
        accounts
            .iter()
            .any(|a| a.origin == Some(AccountOrigin::Unknown("FEDERATED".to_owned())))
    );
    assert!(accounts.iter().any(|a| {
        a.recommendation
            .as_ref()
            .is_some_and(|r| r.r#type == RecommendationType::Unknown("UNSURE".to_owned()))
    }));
    let cased = accounts
        .iter()
        .filter_map(|a| a.attributes.as_ref())
        .find(|attributes| attributes.contains_key("MAIL"))
        .expect("an account with MAIL, Mail and mail");
    assert!(cased.contains_key("Mail") && cased.contains_key("mail"));

    let unknown: Vec<String> = original
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, a)| a.get("lastAggregationRun").is_some())
        .map(|(i, _)| format!("/{i}/lastAggregationRun"))
        .collect();
    assert!(!unknown.is_empty());
    let unknown: Vec<&str> = unknown.iter().map(String::as_str).collect();
    assert_round_trip("accounts-page-250.json", &original, &accounts, &unknown);
}

#[test]
fn a_broken_item_in_a_page_is_named_by_its_index_and_field() {
    let (_, mut original) = fixture("accounts-page-250.json");
    original[137]
        .as_object_mut()
        .unwrap()
        .remove("nativeIdentity");
    let bytes = serde_json::to_vec(&original).unwrap();
    let error = decode_json::<Vec<Account>>(&bytes).unwrap_err();
    assert_eq!(error.path, "[137]", "{error}");
    assert!(error.message.contains("nativeIdentity"), "{error}");
}
