//! Checks the value types of schema keywords before the typed parse. The
//! typed parse would reject the same mistakes, but it cannot say where, and
//! for a mistake deep inside nested schemas it takes time exponential in the
//! depth (every untagged variant is retried at every level).

use serde_json::{Map, Value};

use crate::error::{Error, InvalidKind, Location, Result, UnsupportedKind, Warning, WarningKind};

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// What a keyword's value must be.
enum Shape {
    Schema,
    Schemas,
    SchemaMap,
    Bool,
    Number,
    Count,
    Text,
    Texts,
    Array,
    BoolOrSchema,
    Object,
}

fn shape(keyword: &str) -> Option<Shape> {
    Some(match keyword {
        "items" | "not" => Shape::Schema,
        "allOf" | "oneOf" | "anyOf" => Shape::Schemas,
        "properties" => Shape::SchemaMap,
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
        | "exclusiveMinimum" | "exclusiveMaximum" => Shape::Bool,
        "minimum" | "maximum" | "multipleOf" => Shape::Number,
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            Shape::Count
        }
        "format" | "pattern" | "title" | "description" => Shape::Text,
        "required" => Shape::Texts,
        "enum" => Shape::Array,
        "additionalProperties" => Shape::BoolOrSchema,
        "discriminator" | "externalDocs" | "xml" => Shape::Object,
        _ => return None,
    })
}

/// String formats that real specs sometimes write as a `type`.
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "uuid",
    "email",
    "uri",
    "binary",
    "byte",
    "password",
];

/// Checks one schema object's own keywords (children are checked as they are
/// walked), repairing the one mistake real specs make that has an obvious
/// reading: a string format written as the `type` (SailPoint's beta spec has
/// `type: date-time`). Returns the note that reports the repair.
pub fn schema(map: &mut Map<String, Value>, at: &Location) -> Result<Option<Warning>> {
    let mut repaired = None;
    if repair_needed(map)
        && let Some(name) = map.get("type").and_then(Value::as_str).map(str::to_owned)
    {
        let reading = if FORMATS.contains(&name.as_str()) {
            map.insert("type".to_owned(), Value::from("string"));
            map.entry("format")
                .or_insert_with(|| Value::from(name.clone()));
            format!("read as `type: string, format: {name}`")
        } else {
            map.remove("type");
            "read as a schema without a type (any JSON value)".to_owned()
        };
        repaired = Some(Warning {
            kind: WarningKind::TypeRepaired,
            location: at.child("type"),
            message: format!(
                "unknown type `{name}` (OpenAPI 3.0 has string, number, integer, boolean, array, object); {reading}"
            ),
        });
    }
    check(map, at)?;
    Ok(repaired)
}

/// Whether [`schema`] would change `map`: its `type` is a string OpenAPI 3.0
/// does not know (and not `null`, which is an error instead).
pub fn repair_needed(map: &Map<String, Value>) -> bool {
    map.get("type")
        .and_then(Value::as_str)
        .is_some_and(|name| !TYPES.contains(&name) && name != "null")
}

/// The checks of [`schema`] without its repair, so without a mutable copy;
/// for a map whose [`repair_needed`] is false it is all [`schema`] does.
pub fn check(map: &Map<String, Value>, at: &Location) -> Result<()> {
    if let Some(typ) = map.get("type") {
        check_type(typ, at)?;
    }
    keywords(map, at)
}

/// The value checks of every keyword `map` has.
fn keywords(map: &Map<String, Value>, at: &Location) -> Result<()> {
    for (keyword, value) in map {
        let Some(shape) = shape(keyword) else {
            continue;
        };
        // A list or mapping of schemas is checked item by item, so the
        // message points at the one that is wrong, not at its container.
        let bad_item = match (&shape, value) {
            (Shape::Schemas, Value::Array(items)) => items
                .iter()
                .enumerate()
                .find(|(_, item)| !item.is_object())
                .map(|(index, item)| (index.to_string(), item)),
            // `properties: {$ref: ...}` stands for the whole mapping.
            (Shape::SchemaMap, Value::Object(props))
                if props.len() == 1 && props.get("$ref").is_some_and(Value::is_string) =>
            {
                None
            }
            (Shape::SchemaMap, Value::Object(props)) => props
                .iter()
                .find(|(_, item)| !item.is_object())
                .map(|(name, item)| (name.clone(), item)),
            _ => None,
        };
        if let Some((key, item)) = bad_item {
            let what = match shape {
                Shape::SchemaMap => format!("property `{key}`"),
                _ => format!("item {key} of `{keyword}`"),
            };
            return Err(Error::Invalid {
                kind: InvalidKind::SchemaNotMapping,
                location: at.child(keyword).child(&key),
                message: format!("{what} must be a schema (a mapping), not {}", kind_of(item)),
            });
        }
        let ok = match shape {
            Shape::Schema | Shape::Object => value.is_object(),
            Shape::Schemas => value.is_array(),
            Shape::SchemaMap => value.is_object(),
            Shape::Bool => value.is_boolean(),
            Shape::Number => value.is_number(),
            Shape::Count => value.as_u64().is_some(),
            Shape::Text => value.is_string(),
            Shape::Texts => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Shape::Array => value.is_array(),
            Shape::BoolOrSchema => value.is_boolean() || value.is_object(),
        };
        if !ok {
            let expected = match shape {
                Shape::Schema => "a schema (a mapping)",
                Shape::Object => "a mapping",
                Shape::Schemas => "a list of schemas",
                Shape::SchemaMap => "a mapping from property names to schemas",
                Shape::Bool => "true or false",
                Shape::Number => "a number",
                Shape::Count => "a whole number of at least 0",
                Shape::Text => "a string",
                Shape::Texts => "a list of strings",
                Shape::Array => "a list",
                Shape::BoolOrSchema => "true, false or a schema",
            };
            return Err(Error::Invalid {
                kind: InvalidKind::KeywordShape,
                location: at.child(keyword),
                message: format!("`{keyword}` must be {expected}, not {}", kind_of(value)),
            });
        }
    }
    Ok(())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A schema `type` must be one OpenAPI 3.0 knows; a typo would otherwise
/// silently turn the schema into "any value".
fn check_type(typ: &Value, at: &Location) -> Result<()> {
    match typ.as_str() {
        Some(name) if TYPES.contains(&name) => Ok(()),
        Some("null") => Err(Error::Unsupported {
            kind: UnsupportedKind::TypeNull,
            location: at.child("type"),
            message: "`type: null` is OpenAPI 3.1; in 3.0 write `nullable: true`".to_owned(),
        }),
        Some(name) => Err(Error::Invalid {
            kind: InvalidKind::UnknownType,
            location: at.child("type"),
            message: format!("unknown type `{name}`; expected one of {}", TYPES.join(", ")),
        }),
        None if typ.is_array() => Err(Error::Unsupported {
            kind: UnsupportedKind::TypeList,
            location: at.child("type"),
            message: "a list of types is OpenAPI 3.1; in 3.0 use one type (and `nullable: true`) or `oneOf`".to_owned(),
        }),
        None => Err(Error::Invalid {
            kind: InvalidKind::TypeNotString,
            location: at.child("type"),
            message: format!("`type` must be a string, not {}", kind_of(typ)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(value: Value) -> std::result::Result<(), String> {
        let Value::Object(map) = value else {
            unreachable!("tests pass objects")
        };
        let mut map = map;
        schema(&mut map, &Location::new("a.yaml", "/s"))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn well_formed_schemas_pass() {
        assert!(check(json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false, "nullable": true})).is_ok());
    }

    #[test]
    fn wrong_value_types_name_the_keyword() {
        assert_eq!(
            check(json!({"type": "object", "properties": {"x": []}})),
            Err(
                "a.yaml#/s/properties/x: property `x` must be a schema (a mapping), not a list"
                    .to_owned()
            )
        );
        assert_eq!(
            check(json!({"allOf": [{"type": "string"}, "Pet"]})),
            Err(
                "a.yaml#/s/allOf/1: item 1 of `allOf` must be a schema (a mapping), not a string"
                    .to_owned()
            )
        );
        assert!(
            check(json!({"required": "a"}))
                .err()
                .is_some_and(|e| e.contains("/s/required"))
        );
        assert!(
            check(json!({"type": "strin"})).is_ok(),
            "repaired, reported by the lowering"
        );
        assert!(
            check(json!({"type": ["string", "null"]}))
                .err()
                .is_some_and(|e| e.contains("OpenAPI 3.1"))
        );
        assert!(check(json!({"minLength": -1})).is_err());
    }
}
