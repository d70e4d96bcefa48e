//! OpenAPI 3.1 schemas (JSON Schema 2020-12 as 3.1 uses it) rewritten into
//! the OpenAPI 3.0 forms the typed model holds. Runs on each schema object of
//! a 3.1 document before it is checked and walked; what has no 3.0 form is
//! replaced by a documented fallback and reported as a note on the schema.

use serde_json::{Map, Value};

use crate::error::{Location, Warning, WarningKind};

/// `jsonSchemaDialect` values whose schemas mean what this module reads
/// them as: OpenAPI 3.1's default dialect and plain JSON Schema 2020-12.
pub const KNOWN_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    "https://json-schema.org/draft/2020-12/schema",
];

/// The keywords this module rewrites or reports; a schema with none of them
/// (and no boolean sub-schema) is walked as it is.
const KEYWORDS: &[&str] = &[
    "type",
    "const",
    "examples",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "prefixItems",
    "contentEncoding",
    "contentMediaType",
    "patternProperties",
    "if",
    "dependentSchemas",
    "unevaluatedProperties",
];

/// Keywords whose value is one sub-schema, which 3.1 lets be `true`/`false`.
const SUBSCHEMA: &[&str] = &["items", "not", "contains"];

/// Which schema keywords belong to which JSON type, for splitting a list of
/// types into one `oneOf` member per type.
fn belongs_to(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "format" | "pattern" | "minLength" | "maxLength" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        _ => return None,
    })
}

/// Whether a `$ref` names a schema by its `$anchor` (`#pet`) rather than by
/// a JSON pointer; such names are not resolved yet.
pub fn names_anchor(reference: &str) -> bool {
    reference
        .split_once('#')
        .is_some_and(|(_, fragment)| !fragment.is_empty() && !fragment.starts_with('/'))
}

/// The fallback for a `$ref` to an anchor: the schema allows any value.
pub fn anchor_note(reference: &str, at: &Location) -> Warning {
    note(
        at.child("$ref"),
        format!(
            "`$ref: {reference}` names an `$anchor`, which is not resolved yet; read as any JSON value (serde_json::Value)"
        ),
    )
}

/// Whether [`schema`] may change `map`.
pub fn needed(map: &Map<String, Value>) -> bool {
    KEYWORDS.iter().any(|k| match map.get(*k) {
        // A single 3.0 type needs nothing; a list or `null` does.
        Some(Value::String(t)) if *k == "type" => t == "null",
        Some(_) => true,
        None => false,
    }) || SUBSCHEMA
        .iter()
        .any(|k| map.get(*k).is_some_and(Value::is_boolean))
        || ["allOf", "oneOf", "anyOf"].iter().any(|k| {
            map.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|members| members.iter().any(|m| m.is_boolean() || is_null(m)))
        })
        || map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|props| props.values().any(Value::is_boolean))
}

/// A schema that allows only `null`: `{type: null}` or `{type: [null]}`.
fn is_null(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    let only_null = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    only_null
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "type" | "description" | "title"))
}

fn note(location: Location, message: String) -> Warning {
    Warning {
        location,
        message,
        kind: WarningKind::OpenApi31Fallback,
    }
}

/// `true` allows any value (`{}`); `false` allows none (`{not: {}}`).
fn boolean_schema(value: &mut Value) {
    if let Value::Bool(allowed) = value {
        *value = if *allowed {
            Value::Object(Map::new())
        } else {
            let mut not = Map::new();
            not.insert("not".to_owned(), Value::Object(Map::new()));
            Value::Object(not)
        };
    }
}

/// Rewrites one schema object; returns the notes for what had no 3.0 form.
pub fn schema(map: &mut Map<String, Value>, at: &Location) -> Vec<Warning> {
    let mut notes = Vec::new();
    for key in SUBSCHEMA {
        if let Some(value) = map.get_mut(*key) {
            boolean_schema(value);
        }
    }
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        props.values_mut().for_each(boolean_schema);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        members.iter_mut().for_each(boolean_schema);
        // `anyOf: [X, {type: null}]` is 3.1's nullable X.
        if key != "allOf" && members.iter().any(is_null) {
            members.retain(|m| !is_null(m));
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    types(map, at, &mut notes);
    if let Some(value) = map.remove("const")
        && !map.contains_key("enum")
    {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples")
        && let Some(first) = examples.first()
        && !map.contains_key("example")
    {
        let first = first.clone();
        map.insert("example".to_owned(), first);
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        // 3.1 writes the bound itself; 3.0 a flag beside `minimum`/`maximum`.
        if let Some(Value::Number(limit)) = map.get(exclusive).cloned() {
            map.insert(bound.to_owned(), Value::Number(limit));
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    if map.remove("prefixItems").is_some() {
        map.insert("items".to_owned(), Value::Object(Map::new()));
        notes.push(note(
            at.child("prefixItems"),
            "`prefixItems` (a tuple) is not expressible yet; generated as a list of any JSON value (serde_json::Value)".to_owned(),
        ));
    }
    content(map);
    if let Some(Value::Object(patterns)) = map.get("patternProperties") {
        let only = patterns.values().next().filter(|_| patterns.len() == 1);
        let message = match only {
            Some(value) if !map.contains_key("additionalProperties") => {
                let value = value.clone();
                map.insert("additionalProperties".to_owned(), value);
                "`patternProperties` read as `additionalProperties` (the key pattern is not checked)"
            }
            _ => {
                "`patternProperties` is ignored: the keys it matches are kept as additional properties"
            }
        };
        notes.push(note(at.child("patternProperties"), message.to_owned()));
    }
    for keyword in ["if", "dependentSchemas", "unevaluatedProperties"] {
        if map.contains_key(keyword) {
            notes.push(note(
                at.child(keyword),
                format!("`{keyword}` is not expressible as a Rust type; it is ignored"),
            ));
        }
    }
    notes
}

/// `type: [string, "null"]` → `type: string, nullable: true`; several types
/// become one `oneOf` member per type, each with the keywords of its type.
fn types(map: &mut Map<String, Value>, at: &Location, notes: &mut Vec<Warning>) {
    let names: Vec<String> = match map.get("type") {
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => return,
    };
    map.remove("type");
    let (nulls, names): (Vec<String>, Vec<String>) = names.into_iter().partition(|t| t == "null");
    if !nulls.is_empty() {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    let [single] = names.as_slice() else {
        if names.len() > 1 {
            split(map, &names, at, notes);
        }
        return;
    };
    map.insert("type".to_owned(), Value::String(single.clone()));
}

fn split(map: &mut Map<String, Value>, names: &[String], at: &Location, notes: &mut Vec<Warning>) {
    if ["oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        notes.push(note(
            at.child("type"),
            format!(
                "a list of types ({}) beside a composition is not expressible yet; the type list is ignored",
                names.join(", ")
            ),
        ));
        return;
    }
    let mut members: Vec<Value> = names
        .iter()
        .map(|name| {
            let mut member = Map::new();
            member.insert("type".to_owned(), Value::String(name.clone()));
            Value::Object(member)
        })
        .collect();
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let Some(owner) = belongs_to(&key) else {
            continue;
        };
        let Some(value) = map.remove(&key) else {
            continue;
        };
        for (name, member) in names.iter().zip(members.iter_mut()) {
            let applies = name == owner || (owner == "number" && name == "integer");
            if let (true, Value::Object(member)) = (applies, member) {
                member.insert(key.clone(), value.clone());
            }
        }
    }
    map.insert("oneOf".to_owned(), Value::Array(members));
}

/// `contentEncoding`/`contentMediaType` on a string say how its bytes are
/// carried: base64 text is 3.0's `format: byte`, raw content `format: binary`.
fn content(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if map.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), &media) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some(_), _) | (None, Some(_)) => "binary",
        (None, None) => return,
    };
    // A `contentMediaType` of JSON or text is a string holding that text.
    let textual = media
        .as_ref()
        .and_then(Value::as_str)
        .is_some_and(|m| m.starts_with("text/") || m.contains("json"));
    if textual && encoding.is_none() {
        return;
    }
    map.entry("type")
        .or_insert_with(|| Value::String("string".to_owned()));
    map.insert("format".to_owned(), Value::String(format.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rewritten(value: Value) -> (Value, Vec<String>) {
        let Value::Object(mut map) = value else {
            unreachable!("tests pass objects")
        };
        let notes = schema(&mut map, &Location::new("a.yaml", "/s"));
        (
            Value::Object(map),
            notes.into_iter().map(|w| w.to_string()).collect(),
        )
    }

    #[test]
    fn type_list_with_null_is_nullable() {
        let (got, notes) = rewritten(json!({"type": ["string", "null"], "format": "uuid"}));
        assert_eq!(
            got,
            json!({"type": "string", "format": "uuid", "nullable": true})
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn several_types_become_one_member_each() {
        let (got, _) =
            rewritten(json!({"type": ["string", "integer"], "maxLength": 3, "minimum": 1}));
        assert_eq!(
            got,
            json!({"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1}]})
        );
    }

    #[test]
    fn null_member_of_any_of_makes_the_choice_nullable() {
        let (got, _) =
            rewritten(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}));
        assert_eq!(
            got,
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }

    #[test]
    fn const_examples_and_numeric_bounds() {
        let (got, _) = rewritten(
            json!({"type": "integer", "const": 3, "examples": [3], "exclusiveMinimum": 0}),
        );
        assert_eq!(
            got,
            json!({"type": "integer", "enum": [3], "examples": [3], "example": 3, "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn content_keywords_say_binary_or_base64() {
        let (got, _) = rewritten(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(got, json!({"type": "string", "format": "binary"}));
        let (got, _) = rewritten(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(got, json!({"type": "string", "format": "byte"}));
        let (got, _) = rewritten(json!({"type": "string", "contentMediaType": "application/json"}));
        assert_eq!(got, json!({"type": "string"}));
    }

    #[test]
    fn tuples_fall_back_with_a_note_naming_the_keyword() {
        let (got, notes) = rewritten(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert_eq!(got, json!({"type": "array", "items": {}}));
        assert_eq!(notes.len(), 1);
        assert!(
            notes
                .iter()
                .all(|n| n.starts_with("a.yaml#/s/prefixItems: "))
        );
    }

    #[test]
    fn boolean_sub_schemas_become_mappings() {
        let (got, _) =
            rewritten(json!({"type": "array", "items": true, "properties": {"a": false}}));
        assert_eq!(
            got,
            json!({"type": "array", "items": {}, "properties": {"a": {"not": {}}}})
        );
    }

    #[test]
    fn needed_is_false_for_plain_3_0_schemas() {
        let Value::Object(map) =
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "nullable": true})
        else {
            unreachable!()
        };
        assert!(!needed(&map));
    }
}
