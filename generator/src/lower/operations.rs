//! Paths and operations → IR operations grouped by tag.

use std::collections::BTreeMap;

use openapiv3::{PathItem, ReferenceOr, Schema};

use super::Warning;
use super::naming::{self, OperationTypes, Scope};
use super::parameters::pagination;
use super::types::Types;
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::{Deprecation, Operation, Tag};

/// The tag for operations that have none.
const UNTAGGED: &str = "Default";

/// The tag an operation is grouped under: its first, or [`UNTAGGED`].
fn first_tag(op: &openapiv3::Operation) -> &str {
    op.tags.first().map_or(UNTAGGED, String::as_str)
}

/// The type that holds a tag's operations (`AccountsApi`).
fn tag_type_name(tag: &str) -> String {
    format!("{}Api", naming::type_name(tag))
}

pub struct Operations<'t, 'a> {
    pub types: &'t mut Types<'a>,
    pub spec: &'a crate::load::Spec,
}

impl Operations<'_, '_> {
    /// Every operation, grouped by its first tag.
    pub fn lower(&mut self) -> Result<Vec<Tag>> {
        let openapi = &self.spec.openapi;
        let mut groups: BTreeMap<String, (String, Vec<Operation>)> = BTreeMap::new();
        let mut ids = Scope::default();
        let tag_types: Vec<String> = openapi
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(|item| methods(item).into_iter().map(|(_, op)| op))
            .map(|op| tag_type_name(first_tag(op)))
            .collect();
        let mut type_names = OperationTypes::new(tag_types.iter().map(String::as_str));
        for (path, item) in openapi.paths.paths.iter() {
            let pointer = pointer_push("/paths", path);
            let ReferenceOr::Item(item) = item else {
                return Err(Error::Invalid {
                    kind: InvalidKind::PathItemRef,
                    location: self.spec.locate(&pointer),
                    message: "path item $ref left after loading".to_owned(),
                });
            };
            for (method, op) in methods(item) {
                let op_pointer = pointer_push(&pointer, method);
                let operation = self.operation(
                    path,
                    method,
                    item,
                    op,
                    &op_pointer,
                    (&mut ids, &mut type_names),
                )?;
                let tag = first_tag(op);
                groups
                    .entry(naming::module_name(tag))
                    .or_insert_with(|| (tag.to_owned(), Vec::new()))
                    .1
                    .push(operation);
            }
        }
        let mut tags = Vec::with_capacity(groups.len());
        for (module, (name, mut operations)) in groups {
            operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
            let description = openapi
                .tags
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| t.description.clone());
            tags.push(Tag {
                type_name: tag_type_name(&name),
                accessor: module.clone(),
                feature: naming::feature_name(&module),
                module,
                name,
                description,
                operations,
            });
        }
        Ok(tags)
    }

    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathItem,
        op: &openapiv3::Operation,
        pointer: &str,
        (ids, type_names): (&mut Scope, &mut OperationTypes),
    ) -> Result<Operation> {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method} {path}"));
        let wanted = naming::field_name(&operation_id);
        let method_name = ids.claim(&wanted);
        if op.operation_id.is_some() && method_name != wanted {
            self.types.warnings.push(Warning {
                kind: WarningKind::DuplicateOperationId,
                location: self.spec.locate(&pointer_push(pointer, "operationId")),
                message: format!(
                    "operationId `{operation_id}` is used by an earlier operation too (or converts to the same name); this one becomes `{method_name}`"
                ),
            });
        }
        let type_base = type_names.claim(&naming::type_name(naming::bare(&method_name)));
        // Parameters and multipart fields share the builder's namespace.
        let mut scope = Scope::default();
        scope.reserve("client");
        scope.reserve("body");
        let parameters = self.parameters(item, op, pointer, &type_base, path, &mut scope)?;
        let body = match &op.request_body {
            Some(body) => Some(self.request_body(
                body,
                &pointer_push(pointer, "requestBody"),
                &type_base,
                &mut scope,
            )?),
            None => None,
        };
        let (success, errors) = self.responses(op, pointer, &type_base)?;
        let pagination = pagination(&parameters, &success);
        let security = op.security.as_ref().or(self.spec.openapi.security.as_ref());
        let authenticated = security.is_some_and(|reqs| reqs.iter().any(|r| !r.is_empty()));
        let deprecated = op.deprecated.then(|| Deprecation {
            note: op
                .extensions
                .get("x-deprecated-description")
                .and_then(|v| v.as_str())
                .map(|s| s.trim().to_owned()),
        });
        Ok(Operation {
            builder_name: type_base.clone(),
            error_name: format!("{type_base}Error"),
            shared_error: None,
            operation_id,
            method_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated,
            parameters,
            body,
            success,
            errors,
            authenticated,
            pagination,
        })
    }
}

fn methods(item: &PathItem) -> Vec<(&'static str, &openapiv3::Operation)> {
    [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("options", &item.options),
        ("head", &item.head),
        ("patch", &item.patch),
        ("trace", &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

/// The media type without parameters, lower case.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

pub(super) fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}
