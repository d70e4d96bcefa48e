//! Narrows a bundled document to the operations asked for (by tag or by
//! operationId) and the components they reach.

use std::collections::{BTreeSet, VecDeque};

use serde_json::{Map, Value};

use crate::error::{Error, InvalidKind, Location, Result, pointer_push};

/// Which operations to generate. Empty lists on both sides mean everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep operations carrying any of these tags.
    pub tags: Vec<String>,
    /// Keep operations with any of these operationIds.
    pub operations: Vec<String>,
}

impl Selection {
    /// Everything in the document.
    pub fn all() -> Self {
        Self::default()
    }

    /// The operations of one tag.
    pub fn tag(tag: impl Into<String>) -> Self {
        Self {
            tags: vec![tag.into()],
            operations: Vec::new(),
        }
    }

    /// Whether this selection keeps every operation.
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Removes what the selection leaves out. `root` names the document in errors.
pub fn apply(document: &mut Value, selection: &Selection, root: &std::path::Path) -> Result<()> {
    if selection.is_all() {
        return Ok(());
    }
    let mut seen_tags = BTreeSet::new();
    let mut seen_ids = BTreeSet::new();
    let mut matched_tags = BTreeSet::new();
    let mut matched_ids = BTreeSet::new();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for method in HTTP_METHODS {
                let keep = match item.get(*method) {
                    Some(op) => {
                        let tags = strings(op.get("tags"));
                        let id = op
                            .get("operationId")
                            .and_then(Value::as_str)
                            .unwrap_or_default();
                        seen_tags.extend(tags.iter().cloned());
                        seen_ids.insert(id.to_owned());
                        let by_tag: Vec<&String> = selection
                            .tags
                            .iter()
                            .filter(|t| tags.iter().any(|have| have.eq_ignore_ascii_case(t)))
                            .collect();
                        let by_id = selection.operations.iter().any(|o| o == id);
                        matched_tags.extend(by_tag.iter().map(|t| t.to_ascii_lowercase()));
                        if by_id {
                            matched_ids.insert(id.to_owned());
                        }
                        !by_tag.is_empty() || by_id
                    }
                    None => continue,
                };
                if !keep {
                    item.remove(*method);
                }
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|m| HTTP_METHODS.iter().any(|k| m.contains_key(*k)))
        });
    }
    for tag in &selection.tags {
        if !matched_tags.contains(&tag.to_ascii_lowercase()) {
            return Err(Error::Invalid {
                kind: InvalidKind::UnknownTag,
                location: Location::new(root, "/paths"),
                message: format!(
                    "no operation has the tag `{tag}`; tags in this document: {}",
                    seen_tags.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    for id in &selection.operations {
        if !matched_ids.contains(id) {
            let near: Vec<&String> = seen_ids
                .iter()
                .filter(|s| s.eq_ignore_ascii_case(id))
                .collect();
            return Err(Error::Invalid {
                kind: InvalidKind::UnknownOperation,
                location: Location::new(root, "/paths"),
                message: format!(
                    "no operation has the operationId `{id}`{}",
                    near.first()
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default()
                ),
            });
        }
    }
    if let Value::Object(top) = document {
        top.remove("webhooks");
        top.remove("x-webhooks");
    }
    prune_components(document);
    Ok(())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps only the components reachable from the paths.
fn prune_components(document: &mut Value) {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    let mut start = Vec::new();
    if let Some(paths) = document.get("paths") {
        collect_refs(paths, &mut start);
    }
    queue.extend(start);
    while let Some(reference) = queue.pop_front() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        let pointer = reference.trim_start_matches('#');
        if let Some(target) = document.pointer(pointer) {
            let mut more = Vec::new();
            collect_refs(target, &mut more);
            queue.extend(more);
        }
    }
    let Some(Value::Object(components)) = document.get_mut("components") else {
        return;
    };
    for section in [
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
    ] {
        if let Some(Value::Object(items)) = components.get_mut(section) {
            let kept: Map<String, Value> = std::mem::take(items)
                .into_iter()
                .filter(|(name, _)| {
                    let pointer = pointer_push(&pointer_push("/components", section), name);
                    reached.contains(&format!("#{pointer}"))
                })
                .collect();
            *items = kept;
        }
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    // Property names are free text: `default` there is a field.
                    // Status codes, `default` among them, are not data either.
                    ("properties" | "responses", Value::Object(props)) => {
                        props.values().for_each(|p| collect_refs(p, out));
                    }
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    ("mapping", Value::Object(mapping)) => out.extend(
                        mapping
                            .values()
                            .filter_map(Value::as_str)
                            .filter(|s| s.starts_with("#/"))
                            .map(str::to_owned),
                    ),
                    ("example" | "examples" | "default" | "enum", _) => {}
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
