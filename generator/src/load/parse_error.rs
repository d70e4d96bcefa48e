//! Finds the node a failed typed parse is about. serde's path tracking stops
//! where `openapiv3` flattens (path items, operations, responses and
//! components all carry flattened extensions), so the failure is narrowed by
//! parsing the children of such a node one by one, down to the first child
//! that fails on its own.

use openapiv3::{
    Header, MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::pointer_push;

type Found = (String, String);

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The pointer (into `document`) and message of the first node that does not
/// parse, if the narrowing finds one.
pub fn find(document: &Value) -> Option<Found> {
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = document.get(section) {
            let at = pointer_push("", section);
            for (path, item) in items {
                if let Some(found) = path_item(item, &pointer_push(&at, path)) {
                    return Some(found);
                }
            }
        }
    }
    components(document.get("components")?)
}

/// Parses `value` as `T`; on failure, the full pointer and the message.
fn parse<T: DeserializeOwned>(value: &Value, at: &str) -> Option<Found> {
    let err = serde_path_to_error::deserialize::<_, T>(value).err()?;
    Some((
        format!("{at}{}", to_pointer(err.path())),
        err.inner().to_string(),
    ))
}

/// Each entry of the mapping or list `value[key]`, through `f`.
fn each(
    value: &Value,
    key: &str,
    at: &str,
    f: impl Fn(&Value, &str) -> Option<Found>,
) -> Option<Found> {
    let here = pointer_push(at, key);
    match value.get(key)? {
        Value::Object(items) => items
            .iter()
            .find_map(|(name, item)| f(item, &pointer_push(&here, name))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| f(item, &pointer_push(&here, &i.to_string()))),
        _ => None,
    }
}

fn path_item(item: &Value, at: &str) -> Option<Found> {
    METHODS
        .iter()
        .find_map(|method| operation(item.get(*method)?, &pointer_push(at, method)))
        .or_else(|| each(item, "parameters", at, parse::<ReferenceOr<Parameter>>))
        .or_else(|| parse::<ReferenceOr<PathItem>>(item, at))
}

fn operation(op: &Value, at: &str) -> Option<Found> {
    each(op, "parameters", at, parse::<ReferenceOr<Parameter>>)
        .or_else(|| {
            let body = op.get("requestBody")?;
            parse::<ReferenceOr<RequestBody>>(body, &pointer_push(at, "requestBody"))
        })
        .or_else(|| each(op, "responses", at, response))
        .or_else(|| parse::<Operation>(op, at))
}

fn response(value: &Value, at: &str) -> Option<Found> {
    each(value, "content", at, parse::<MediaType>)
        .or_else(|| each(value, "headers", at, parse::<ReferenceOr<Header>>))
        .or_else(|| parse::<ReferenceOr<Response>>(value, at))
}

fn components(value: &Value) -> Option<Found> {
    let at = "/components";
    each(value, "schemas", at, parse::<ReferenceOr<Schema>>)
        .or_else(|| each(value, "responses", at, response))
        .or_else(|| each(value, "parameters", at, parse::<ReferenceOr<Parameter>>))
        .or_else(|| {
            each(
                value,
                "requestBodies",
                at,
                parse::<ReferenceOr<RequestBody>>,
            )
        })
        .or_else(|| each(value, "headers", at, parse::<ReferenceOr<Header>>))
        .or_else(|| {
            each(
                value,
                "securitySchemes",
                at,
                parse::<ReferenceOr<SecurityScheme>>,
            )
        })
}

/// serde's path as a JSON pointer.
pub fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { variant } => pointer = pointer_push(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}
