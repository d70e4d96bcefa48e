//! Value types: DateTime, Date and JsonMap.

use isc_runtime::{Date, DateTime, JsonMap};
use serde::{Deserialize, Serialize};

fn parse(text: &str) -> DateTime {
    DateTime::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn rfc3339_forms_parse() {
    for (input, output) in [
        ("2021-09-28T02:15:07Z", "2021-09-28T02:15:07Z"),
        ("2021-09-28T02:15:07+02:00", "2021-09-28T02:15:07+02:00"),
        ("2021-09-28T02:15:07-05:30", "2021-09-28T02:15:07-05:30"),
        ("2021-09-28T02:15:07.123Z", "2021-09-28T02:15:07.123Z"),
        (
            "2021-09-28T02:15:07.123456789Z",
            "2021-09-28T02:15:07.123456789Z",
        ),
        (
            "2021-09-28T02:15:07.5+01:00",
            "2021-09-28T02:15:07.500+01:00",
        ),
        ("2021-09-28t02:15:07z", "2021-09-28T02:15:07Z"),
        ("2021-09-28T02:15:07+00:00", "2021-09-28T02:15:07Z"),
    ] {
        assert_eq!(parse(input).to_string(), output, "{input}");
    }
}

#[test]
fn timestamps_without_seconds_parse() {
    for (input, output) in [
        ("2021-09-28T02:15Z", "2021-09-28T02:15:00Z"),
        ("2021-09-28T02:15+02:00", "2021-09-28T02:15:00+02:00"),
        ("2021-09-28T02:15-07:00", "2021-09-28T02:15:00-07:00"),
        ("2021-09-28T02:15z", "2021-09-28T02:15:00Z"),
    ] {
        assert_eq!(parse(input).to_string(), output, "{input}");
    }
}

#[test]
fn invalid_timestamps_are_rejected() {
    for input in [
        "",
        "2021-09-28",
        "2021-09-28T02:15",
        "2021-09-28T02Z",
        "2021-09-28T25:15Z",
        "2021-09-28T02:15.5Z",
        "2021-02-30T02:15:00Z",
        "yesterday",
        "2021-09-28T02:15:07",
    ] {
        assert!(
            DateTime::parse(input).is_err(),
            "{input:?} should not parse"
        );
    }
}

#[test]
fn equality_compares_instants() {
    assert_eq!(
        parse("2021-09-28T02:15Z"),
        parse("2021-09-28T04:15:00+02:00")
    );
    assert!(parse("2021-09-28T02:15Z") < parse("2021-09-28T02:15:00.001Z"));
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Model {
    created: DateTime,
    modified: Option<DateTime>,
    birthday: Date,
}

#[test]
fn serde_round_trip_in_a_model() {
    let model: Model = serde_json::from_str(
        r#"{"created":"2021-09-28T02:15Z","modified":"2021-09-28T02:15:07.25+02:00","birthday":"1999-12-31"}"#,
    )
    .unwrap();
    let text = serde_json::to_string(&model).unwrap();
    assert_eq!(
        text,
        r#"{"created":"2021-09-28T02:15:00Z","modified":"2021-09-28T02:15:07.250+02:00","birthday":"1999-12-31"}"#
    );
    let back: Model = serde_json::from_str(&text).unwrap();
    assert_eq!(back, model);
}

#[test]
fn bad_values_in_a_model_are_errors() {
    let error = serde_json::from_str::<Model>(
        r#"{"created":"2021-09-28","modified":null,"birthday":"1999-12-31"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("invalid timestamp"), "{error}");
    assert!(serde_json::from_str::<Date>(r#""1999-13-01""#).is_err());
    assert!(serde_json::from_str::<Date>(r#""1999-12-31T00:00:00Z""#).is_err());
    assert!(serde_json::from_str::<DateTime>("12").is_err());
}

#[test]
fn dates() {
    let date: Date = "2024-02-29".parse().unwrap();
    assert_eq!(date, Date::from_ymd(2024, 2, 29).unwrap());
    assert_eq!(date.to_string(), "2024-02-29");
    assert!(Date::parse("2023-02-29").is_err());
    assert!(Date::from_ymd(2023, 2, 29).is_none());
}

#[test]
fn json_map_keeps_order_and_case_distinct_keys() {
    let text = r#"{"zeta":1,"ImmutableId":"a","alpha":2,"immutableId":"b"}"#;
    let map: JsonMap = serde_json::from_str(text).unwrap();
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    assert_eq!(keys, ["zeta", "ImmutableId", "alpha", "immutableId"]);
    assert_eq!(map["ImmutableId"], "a");
    assert_eq!(map["immutableId"], "b");
    assert_eq!(serde_json::to_string(&map).unwrap(), text);
}
