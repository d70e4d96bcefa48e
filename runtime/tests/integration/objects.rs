//! `isc_runtime::object`, what generated structs decode and encode through,
//! must read what `#[derive(Deserialize)]` reads, with the same errors, and
//! write what `#[derive(Serialize)]` writes: each struct here is written the
//! way the generator writes it, next to a derived twin, and arbitrary objects
//! must give both the same answer.

use indexmap::IndexMap;
use isc_runtime::object::{Object, Properties, Writer, decode};
use proptest::prelude::*;
use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

/// Written as the generator writes a struct with required, nullable and
/// optional properties.
#[derive(Debug, PartialEq)]
struct Account {
    id: Option<String>,
    name: Option<String>,
    source_id: String,
    disabled: bool,
    tags: Option<Vec<String>>,
}

impl Object for Account {
    const NAME: &'static str = "Account";

    fn field(name: &str) -> Option<usize> {
        match name {
            "id" => Some(0),
            "name" => Some(1),
            "sourceId" => Some(2),
            "disabled" => Some(3),
            "tags" => Some(4),
            _ => None,
        }
    }

    fn read<'de, A: MapAccess<'de>>(
        mut properties: Properties<'de, A, Self>,
    ) -> Result<Self, A::Error> {
        let mut id: Option<String> = None;
        let mut name: Option<String> = None;
        let mut source_id: Option<String> = None;
        let mut disabled: Option<bool> = None;
        let mut tags: Option<Vec<String>> = None;
        while let Some(index) = properties.next_field()? {
            match index {
                0 => properties.optional(&mut id),
                1 => properties.optional(&mut name),
                2 => properties.value(&mut source_id),
                3 => properties.value(&mut disabled),
                4 => properties.optional(&mut tags),
                _ => Ok(()),
            }?;
        }
        match (source_id, disabled) {
            (Some(source_id), Some(disabled)) => Ok(Self {
                id,
                name,
                source_id,
                disabled,
                tags,
            }),
            _ => Err(properties.missing(&["sourceId", "disabled"])),
        }
    }
}

impl Serialize for Account {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::new(serializer);
        object.optional("id", &self.id);
        object.field("name", &self.name);
        object.field("sourceId", &self.source_id);
        object.field("disabled", &self.disabled);
        object.optional("tags", &self.tags);
        object.end()
    }
}

impl<'de> Deserialize<'de> for Account {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode(deserializer)
    }
}

/// What the generator used to print for the same schemas (in a module of
/// their own: the derive's messages name the Rust type).
mod derived {
    use indexmap::IndexMap;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Account {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        pub name: Option<String>,
        pub source_id: String,
        pub disabled: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<String>>,
    }

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    pub struct Labels {
        pub kind: String,
        #[serde(flatten)]
        pub additional_properties: IndexMap<String, i64>,
    }
}

/// A struct that keeps the properties its schema does not name.
#[derive(Debug, PartialEq)]
struct Labels {
    kind: String,
    additional_properties: IndexMap<String, i64>,
}

impl Object for Labels {
    const NAME: &'static str = "Labels";

    fn field(name: &str) -> Option<usize> {
        (name == "kind").then_some(0)
    }

    fn read<'de, A: MapAccess<'de>>(
        mut properties: Properties<'de, A, Self>,
    ) -> Result<Self, A::Error> {
        let mut kind: Option<String> = None;
        let mut additional = IndexMap::new();
        while let Some(key) = properties.next_field_or_other()? {
            match key {
                Ok(0) => properties.value(&mut kind),
                Ok(_) => Ok(()),
                Err(other) => properties.additional(&mut additional, other),
            }?;
        }
        match kind {
            Some(kind) => Ok(Self {
                kind,
                additional_properties: additional,
            }),
            None => Err(serde::de::Error::missing_field("kind")),
        }
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::new(serializer);
        object.field("kind", &self.kind);
        object.additional(&self.additional_properties);
        object.end()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode(deserializer)
    }
}

fn same(ours: &Account, derived: &derived::Account) -> bool {
    ours.id == derived.id
        && ours.name == derived.name
        && ours.source_id == derived.source_id
        && ours.disabled == derived.disabled
        && ours.tags == derived.tags
}

/// Both readers on one text: equal values, which both writers write the
/// same, or equal error messages.
fn agree(text: &str) -> Result<(), String> {
    let ours = serde_json::from_str::<Account>(text);
    let derived = serde_json::from_str::<derived::Account>(text);
    match (&ours, &derived) {
        (Ok(a), Ok(b))
            if same(a, b) && serde_json::to_string(a).ok() == serde_json::to_string(b).ok() =>
        {
            Ok(())
        }
        (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
        _ => Err(format!("{text}: ours {ours:?}, derived {derived:?}")),
    }
}

#[test]
fn decodes_like_the_derive() {
    for text in [
        r#"{"sourceId":"s","disabled":false}"#,
        r#"{"id":"1","name":null,"sourceId":"s","disabled":true,"tags":["a"]}"#,
        r#"{"id":null,"sourceId":"s","disabled":true,"tags":null,"extra":{"deep":[1,2]}}"#,
        r#"{"disabled":true}"#,
        r#"{"sourceId":"s"}"#,
        r#"{}"#,
        r#"{"sourceId":"s","disabled":true,"id":"1","id":"2"}"#,
        r#"{"sourceId":"s","disabled":true,"id":null,"id":null}"#,
        r#"{"sourceId":"s","sourceId":"t","disabled":true}"#,
        "{ \"id\" : \"1\" ,\n \"id\" : \"2\" }",
        "{\"sourceId\":\"s\",\"disabled\":true,\"name\":null,\"name\":\"n\"}",
        r#"{"sourceId":1,"disabled":true}"#,
        r#"{"sourceId":"s","disabled":"yes"}"#,
        r#"{"sourceId":"s","disabled":true,"tags":[1]}"#,
        r#"{"sourceId":"s","disabled":true,"extra":1,"extra":2}"#,
        r#"{"source\u0049d":"escaped key","disabled":false}"#,
        r#""a string""#,
        r#"null"#,
        r#"{"sourceId":"s","disabled":true"#,
    ] {
        agree(text).unwrap();
    }
}

#[test]
fn a_required_property_missing_names_the_first_one() {
    let error = serde_json::from_str::<Account>("{}").unwrap_err();
    assert!(
        error.to_string().starts_with("missing field `sourceId`"),
        "{error}"
    );
    let error = serde_json::from_str::<Account>(r#"{"sourceId":"s"}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("missing field `disabled`"),
        "{error}"
    );
}

#[test]
fn an_array_is_not_an_object() {
    // The derive reads a struct from an array, positionally; no API means that.
    assert!(serde_json::from_str::<derived::Account>(r#"["1",null,"s",true,null]"#).is_ok());
    let error = serde_json::from_str::<Account>(r#"["1",null,"s",true,null]"#).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected struct Account"),
        "{error}"
    );
}

#[test]
fn decodes_from_a_value_and_reports_paths() {
    let value = json!({"sourceId": "s", "disabled": false, "tags": ["a", "b"]});
    let account: Account = serde_json::from_value(value).unwrap();
    assert_eq!(account.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    let error = isc_runtime::decode_json::<Vec<Account>>(
        br#"[{"sourceId":"s","disabled":false},{"sourceId":"s","disabled":false,"tags":[1]}]"#,
    )
    .unwrap_err();
    assert_eq!(error.path, "[1].tags[0]");
}

#[test]
fn additional_properties_keep_their_order_and_the_last_value() {
    let text = r#"{"b":1,"kind":"k","a":2,"b":3}"#;
    let ours: Labels = serde_json::from_str(text).unwrap();
    let derived: derived::Labels = serde_json::from_str(text).unwrap();
    assert_eq!(ours.kind, derived.kind);
    assert_eq!(ours.additional_properties, derived.additional_properties);
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        serde_json::to_string(&derived).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        r#"{"kind":"k","b":3,"a":2}"#
    );
    assert_eq!(
        ours.additional_properties.into_iter().collect::<Vec<_>>(),
        [("b".to_owned(), 3), ("a".to_owned(), 2)]
    );
    let error = serde_json::from_str::<Labels>(r#"{"kind":"k","a":"x"}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("invalid type: string"),
        "{error}"
    );
    assert!(serde_json::from_str::<Labels>(r#"{"a":1}"#).is_err());
}

fn property_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z]{0,4}".prop_map(Value::from),
        prop::collection::vec("[a-z]{0,2}".prop_map(Value::from), 0..3).prop_map(Value::from),
        prop::collection::vec(any::<i8>().prop_map(Value::from), 1..3).prop_map(Value::from),
    ]
}

fn property_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id".to_owned()),
        Just("name".to_owned()),
        Just("sourceId".to_owned()),
        Just("disabled".to_owned()),
        Just("tags".to_owned()),
        Just("sourceid".to_owned()),
        "[a-zA-Z]{0,6}",
    ]
}

proptest! {
    /// Any object (duplicates included, which `Value` cannot hold, hence
    /// text) decodes to the same value or fails with the same message.
    #[test]
    fn arbitrary_objects_decode_like_the_derive(
        properties in prop::collection::vec((property_name(), property_value()), 0..8)
    ) {
        let body: Vec<String> = properties
            .iter()
            .map(|(name, value)| format!("{}:{value}", Value::from(name.as_str())))
            .collect();
        let text = format!("{{{}}}", body.join(","));
        prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
    }
}
