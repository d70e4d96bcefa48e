//! Rewrites schema forms that a typed OpenAPI parse would silently lose into
//! equivalent forms it keeps. Runs on each schema object before its children.

use serde_json::{Map, Value};

/// Keywords that annotate a schema without constraining its shape.
const ANNOTATIONS: &[&str] = &[
    "nullable",
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "externalDocs",
];

/// Keywords that describe an object's own shape.
const OBJECT_SHAPE: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

fn is_annotation_only(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| !map.is_empty() && map.keys().all(|k| ANNOTATIONS.contains(&k.as_str())))
}

/// Whether [`schema`] would change `map`; when it would not, the walk uses
/// the map as it is instead of a copy.
pub fn needed(map: &Map<String, Value>) -> bool {
    if map.contains_key("$ref") && map.len() > 1 {
        return true;
    }
    if let Some(Value::Array(members)) = map.get("allOf")
        && members.iter().any(is_annotation_only)
    {
        return true;
    }
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    composed && (map.contains_key("type") || OBJECT_SHAPE.iter().any(|k| map.contains_key(*k)))
}

/// Normalises one schema object in place.
///
/// - `{$ref, nullable, description, ...}`: a typed parse keeps only the `$ref`,
///   so the reference moves into `allOf: [{$ref}]` and the siblings stay.
/// - `allOf` members that only annotate (`{nullable: true}`) are folded into the
///   parent, leaving `allOf: [{$ref}]` plus the annotation.
/// - `type`/`properties` next to `allOf` (or `oneOf`/`anyOf`) would make the
///   parse pick the plain object and drop the composition, so the object's own
///   shape becomes one more `allOf` member.
pub fn schema(map: &mut Map<String, Value>) {
    if map.contains_key("$ref")
        && map.len() > 1
        && let Some(reference) = map.remove("$ref")
    {
        let mut only_ref = Map::new();
        only_ref.insert("$ref".to_owned(), reference);
        let mut members = vec![Value::Object(only_ref)];
        // A `$ref` beside an existing allOf is one more member of it.
        if let Some(Value::Array(existing)) = map.remove("allOf") {
            members.extend(existing);
        }
        map.insert("allOf".to_owned(), Value::Array(members));
    }

    if let Some(Value::Array(members)) = map.get_mut("allOf") {
        let mut hoisted = Vec::new();
        members.retain(|member| {
            if is_annotation_only(member) {
                hoisted.push(member.clone());
                false
            } else {
                true
            }
        });
        for member in hoisted {
            if let Value::Object(annotations) = member {
                for (key, value) in annotations {
                    merge_annotation(map, key, value);
                }
            }
        }
    }

    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    if composed {
        let mut own = Map::new();
        for key in OBJECT_SHAPE {
            if let Some(value) = map.remove(*key) {
                own.insert((*key).to_owned(), value);
            }
        }
        let typ = map.remove("type");
        if !own.is_empty() {
            own.insert("type".to_owned(), Value::String("object".to_owned()));
            push_all_of(map, Value::Object(own));
        } else if let Some(typ) = typ.filter(|t| t.as_str() != Some("object")) {
            // `type: string` next to a composition constrains every member;
            // keep it as its own member so it is not lost.
            let mut only_type = Map::new();
            only_type.insert("type".to_owned(), typ);
            push_all_of(map, Value::Object(only_type));
        }
    }
}

fn push_all_of(map: &mut Map<String, Value>, member: Value) {
    if map.contains_key("allOf") {
        if let Some(Value::Array(members)) = map.get_mut("allOf") {
            members.push(member);
        }
        return;
    }
    // oneOf/anyOf with an own shape: the shape and the choice both apply.
    let mut choice = Map::new();
    for key in ["oneOf", "anyOf", "discriminator"] {
        if let Some(value) = map.remove(key) {
            choice.insert(key.to_owned(), value);
        }
    }
    map.insert(
        "allOf".to_owned(),
        Value::Array(vec![member, Value::Object(choice)]),
    );
}

/// Folds an annotation from an `allOf` member into the parent. `nullable` is
/// sticky (either side saying `true` wins); for the rest the parent's own
/// value is kept.
fn merge_annotation(map: &mut Map<String, Value>, key: String, value: Value) {
    if key == "nullable" {
        let parent = map
            .get("nullable")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let member = value.as_bool().unwrap_or(false);
        map.insert(key, Value::Bool(parent || member));
    } else {
        map.entry(key).or_insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalised(value: Value) -> Value {
        let Value::Object(mut map) = value else {
            unreachable!("tests pass objects")
        };
        schema(&mut map);
        Value::Object(map)
    }

    #[test]
    fn needed_is_true_exactly_when_schema_changes_something() {
        let cases = [
            json!({"type": "string"}),
            json!({"$ref": "#/a"}),
            json!({"$ref": "#/a", "nullable": true}),
            json!({"allOf": [{"$ref": "#/a"}]}),
            json!({"allOf": [{"$ref": "#/a"}, {"nullable": true}]}),
            json!({"allOf": [{"$ref": "#/a"}, {}]}),
            json!({"allOf": [{"$ref": "#/a"}], "type": "object"}),
            json!({"allOf": [{"$ref": "#/a"}], "description": "d"}),
            json!({"oneOf": [{"type": "string"}], "properties": {"a": {}}}),
            json!({"anyOf": [{"type": "string"}], "type": "string"}),
            json!({"oneOf": [{"type": "string"}], "discriminator": {"propertyName": "k"}}),
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"allOf": "not a list"}),
            json!({}),
        ];
        for case in cases {
            let Value::Object(map) = case.clone() else {
                unreachable!()
            };
            assert_eq!(needed(&map), normalised(case.clone()) != case, "{case}");
        }
    }

    #[test]
    fn ref_with_siblings_becomes_all_of() {
        let got = normalised(
            json!({"$ref": "#/components/schemas/A", "nullable": true, "description": "d"}),
        );
        assert_eq!(
            got,
            json!({"nullable": true, "description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn plain_ref_is_untouched() {
        let got = normalised(json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(got, json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn annotation_member_of_all_of_is_hoisted() {
        let got =
            normalised(json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"nullable": true}]}));
        assert_eq!(
            got,
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }

    #[test]
    fn own_properties_beside_all_of_become_a_member() {
        let got = normalised(json!({
            "type": "object",
            "allOf": [{"$ref": "#/components/schemas/A"}],
            "properties": {"x": {"type": "string"}},
            "required": ["x"]
        }));
        assert_eq!(
            got,
            json!({"allOf": [
                {"$ref": "#/components/schemas/A"},
                {"properties": {"x": {"type": "string"}}, "required": ["x"], "type": "object"}
            ]})
        );
    }

    #[test]
    fn one_of_with_properties_keeps_both() {
        let got = normalised(json!({
            "type": "object",
            "properties": {"kind": {"type": "string"}},
            "oneOf": [{"$ref": "#/components/schemas/A"}]
        }));
        assert_eq!(
            got,
            json!({"allOf": [
                {"properties": {"kind": {"type": "string"}}, "type": "object"},
                {"oneOf": [{"$ref": "#/components/schemas/A"}]}
            ]})
        );
    }
}
