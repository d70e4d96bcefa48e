//! Paths and operations → IR operations grouped by tag.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody as SpecRequestBody, Response, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Warning;
use super::naming::{self, OperationTypes, Scope};
use super::schemas::Types;
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::{
    BodyEncoding, BodyField, Case, Deprecation, FileKind, Operation, Pagination, ParamLocation,
    Parameter, Payload, QueryStyle, RequestBody, StatusMatch, Success, Tag, TypeRef,
};

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
                module,
                name,
                description,
                operations,
            });
        }
        Ok(tags)
    }

    fn operation(
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

    fn parameters(
        &mut self,
        item: &PathItem,
        op: &openapiv3::Operation,
        pointer: &str,
        type_base: &str,
        path: &str,
        scope: &mut Scope,
    ) -> Result<Vec<Parameter>> {
        // Path-level parameters apply unless the operation redefines them.
        let mut merged: Vec<(SpecParameter, String)> = Vec::new();
        let item_pointer = pointer.rsplit_once('/').map_or("", |(p, _)| p);
        for (list, base) in [(&item.parameters, item_pointer), (&op.parameters, pointer)] {
            for (i, param) in list.iter().enumerate() {
                let at = pointer_push(&pointer_push(base, "parameters"), &i.to_string());
                let param = self.resolve_parameter(param, &at)?;
                let data = param.parameter_data_ref();
                merged.retain(|(p, _)| {
                    let d = p.parameter_data_ref();
                    !(d.name == data.name
                        && std::mem::discriminant(p) == std::mem::discriminant(&param))
                });
                merged.push((param, at));
            }
        }
        let mut out = Vec::with_capacity(merged.len());
        for (param, at) in merged {
            let style = match &param {
                SpecParameter::Query {
                    style,
                    parameter_data,
                    ..
                } => {
                    let explode = parameter_data
                        .explode
                        .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                    match style {
                        openapiv3::QueryStyle::Form if explode => QueryStyle::FormExploded,
                        openapiv3::QueryStyle::Form => QueryStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    }
                }
                _ => QueryStyle::FormExploded,
            };
            let explode = match &param {
                SpecParameter::Path {
                    style,
                    parameter_data,
                } => {
                    if !matches!(style, openapiv3::PathStyle::Simple) {
                        self.types.warnings.push(Warning {
                            kind: WarningKind::PathStyle,
                            location: self.spec.locate(&pointer_push(&at, "style")),
                            message: format!(
                                "path parameter `{}` has style `{}`, which this client does not write yet; it is sent in style `simple` (`a,b`)",
                                parameter_data.name,
                                match style {
                                    openapiv3::PathStyle::Label => "label",
                                    _ => "matrix",
                                }
                            ),
                        });
                    }
                    parameter_data.explode.unwrap_or(false)
                }
                SpecParameter::Header { parameter_data, .. } => {
                    parameter_data.explode.unwrap_or(false)
                }
                _ => false,
            };
            let location = match &param {
                SpecParameter::Path { .. } => ParamLocation::Path,
                SpecParameter::Query { .. } => ParamLocation::Query,
                SpecParameter::Header { .. } => ParamLocation::Header,
                SpecParameter::Cookie { .. } => {
                    self.types.warnings.push(Warning {
                        kind: WarningKind::CookieParameter,
                        location: self.spec.locate(&at),
                        message: "cookie parameters are not sent by this client".to_owned(),
                    });
                    continue;
                }
            };
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema.clone(),
                ParameterSchemaOrContent::Content(content) => {
                    match content.values().next().and_then(|m| m.schema.clone()) {
                        Some(schema) => schema,
                        None => {
                            return Err(Error::Invalid {
                                kind: InvalidKind::ParameterWithoutSchema,
                                location: self.spec.locate(&at),
                                message: format!(
                                    "parameter `{}` has neither `schema` nor a `content` schema; add `schema: {{type: string}}`",
                                    data.name
                                ),
                            });
                        }
                    }
                }
            };
            if location == ParamLocation::Path && !path.contains(&format!("{{{}}}", data.name)) {
                // SailPoint's own specs have this slip; the parameter could
                // never be sent, so it is left out rather than failing the run.
                self.types.warnings.push(Warning {
                    kind: WarningKind::PathParameterNotInPath,
                    location: self.spec.locate(&at),
                    message: format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is left out (rename it to match the path template)",
                        data.name
                    ),
                });
                continue;
            }
            let lowered = self.types.lower(
                &schema,
                &format!("{type_base} {}", data.name),
                &pointer_push(&at, "schema"),
            )?;
            let default = match &schema {
                ReferenceOr::Item(s) => s.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            out.push(Parameter {
                rust_name: scope.claim(&naming::field_name(&data.name)),
                name: data.name.clone(),
                location,
                ty: lowered.ty,
                required: data.required || location == ParamLocation::Path,
                default,
                doc: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                maximum: integer_maximum(&schema),
                style,
                explode,
                // Set once every type is known (`lower::mark_scalar_parameters`).
                scalar: false,
            });
        }
        for segment in path.split('{').skip(1) {
            let name = segment.split('}').next().unwrap_or_default();
            if !out
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.name == name)
            {
                self.types.warnings.push(Warning {
                    kind: WarningKind::UndeclaredPathParameter,
                    location: self.spec.locate(pointer),
                    message: format!(
                        "the path `{path}` has `{{{name}}}` but the operation declares no path parameter `{name}`; it is taken as a required string (declare it to give it a type and a description)"
                    ),
                });
                out.push(Parameter {
                    rust_name: scope.claim(&naming::field_name(name)),
                    name: name.to_owned(),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    default: None,
                    doc: None,
                    deprecated: false,
                    maximum: None,
                    style: QueryStyle::FormExploded,
                    explode: false,
                    scalar: true,
                });
            }
        }
        Ok(out)
    }

    fn resolve_parameter(
        &self,
        param: &ReferenceOr<SpecParameter>,
        at: &str,
    ) -> Result<SpecParameter> {
        match param {
            ReferenceOr::Item(p) => Ok(p.clone()),
            ReferenceOr::Reference { reference } => {
                match self.spec.component::<SpecParameter>(reference) {
                    Some((_, ReferenceOr::Item(p))) => Ok(p.clone()),
                    _ => Err(Error::Invalid {
                        kind: InvalidKind::WrongComponent,
                        location: self.spec.locate(at),
                        message: format!(
                            "parameter reference `{reference}` does not name a parameter component"
                        ),
                    }),
                }
            }
        }
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<SpecRequestBody>,
        pointer: &str,
        type_base: &str,
        scope: &mut Scope,
    ) -> Result<RequestBody> {
        let (body, hint, pointer) = match body {
            ReferenceOr::Item(b) => (
                b.clone(),
                format!("{type_base} request"),
                pointer.to_owned(),
            ),
            ReferenceOr::Reference { reference } => {
                match self.spec.component::<SpecRequestBody>(reference) {
                    Some((key, ReferenceOr::Item(b))) => (
                        b.clone(),
                        format!("{key} request"),
                        pointer_push("/components/requestBodies", key),
                    ),
                    _ => {
                        return Err(Error::Invalid {
                            kind: InvalidKind::WrongComponent,
                            location: self.spec.locate(pointer),
                            message: format!(
                                "request body reference `{reference}` does not name a requestBodies component"
                            ),
                        });
                    }
                }
            }
        };
        let Some((media_type, media)) = pick_request_media(&body.content) else {
            return Err(Error::Invalid {
                kind: InvalidKind::BodyWithoutContent,
                location: self.spec.locate(&pointer),
                message: "request body has no content; declare at least one media type".to_owned(),
            });
        };
        let at = pointer_push(
            &pointer_push(&pointer_push(&pointer, "content"), &media_type),
            "schema",
        );
        let essence = essence(&media_type);
        let encoding = if is_json(&media_type) {
            BodyEncoding::Json(self.schema_type(media.schema.as_ref(), &hint, &at)?)
        } else if essence == "application/x-www-form-urlencoded" {
            BodyEncoding::Form(self.schema_type(media.schema.as_ref(), &hint, &at)?)
        } else if essence == "multipart/form-data" {
            BodyEncoding::Multipart(self.multipart_fields(
                media.schema.as_ref(),
                &at,
                &hint,
                scope,
            )?)
        } else if essence.starts_with("text/") {
            BodyEncoding::Text
        } else {
            BodyEncoding::Binary
        };
        Ok(RequestBody {
            media_type,
            encoding,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn schema_type(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        hint: &str,
        at: &str,
    ) -> Result<TypeRef> {
        Ok(match schema {
            Some(schema) => self.types.lower(schema, hint, at)?.ty,
            None => TypeRef::Json,
        })
    }

    /// The parts of a multipart body: one per property of its object schema;
    /// `format: binary` properties (and arrays of them) are files.
    fn multipart_fields(
        &mut self,
        schema: Option<&ReferenceOr<Schema>>,
        at: &str,
        hint: &str,
        scope: &mut Scope,
    ) -> Result<Vec<BodyField>> {
        let Some((schema, at)) = self.resolve_schema(schema, at) else {
            return Ok(Vec::new());
        };
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            _ => {
                self.types.warnings.push(Warning {
                    kind: WarningKind::MultipartNotObject,
                    location: self.spec.locate(&at),
                    message: "a multipart body that is not an object of properties is sent as one `body` field".to_owned(),
                });
                return Ok(vec![BodyField {
                    name: "body".to_owned(),
                    rust_name: scope.claim("body"),
                    ty: TypeRef::Json,
                    file: FileKind::No,
                    required: true,
                    doc: None,
                }]);
            }
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (name, prop) in properties {
            let here = pointer_push(&pointer_push(&at, "properties"), name);
            let file = match prop {
                ReferenceOr::Item(s) if is_binary(s) => FileKind::One,
                ReferenceOr::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::Array(a)) => match &a.items {
                        Some(ReferenceOr::Item(item)) if is_binary(item) => FileKind::Many,
                        _ => FileKind::No,
                    },
                    _ => FileKind::No,
                },
                ReferenceOr::Reference { .. } => FileKind::No,
            };
            let ty = match file {
                FileKind::No => {
                    self.types
                        .lower(&unbox(prop), &format!("{hint} {name}"), &here)?
                        .ty
                }
                FileKind::One | FileKind::Many => TypeRef::String,
            };
            let doc = match prop {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(BodyField {
                rust_name: scope.claim(&naming::field_name(name)),
                name: name.clone(),
                ty,
                file,
                required: required.contains(name),
                doc,
            });
        }
        Ok(fields)
    }

    /// The schema itself, following one component reference.
    fn resolve_schema(
        &self,
        schema: Option<&ReferenceOr<Schema>>,
        at: &str,
    ) -> Option<(Schema, String)> {
        match schema? {
            ReferenceOr::Item(s) => Some((s.clone(), at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let (key, schema) = self.spec.component::<Schema>(reference)?;
                match schema {
                    ReferenceOr::Item(s) => {
                        Some((s.clone(), pointer_push("/components/schemas", key)))
                    }
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &str,
        type_base: &str,
    ) -> Result<(Success, Vec<Case>)> {
        let at = pointer_push(pointer, "responses");
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        let mut success_variants = Scope::default();
        let mut error_variants = Scope::default();
        let declared = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            );
        let mut declared: Vec<_> = declared.collect();
        // Exact codes first, then ranges, then `default`: the order the
        // emitted `match` needs.
        declared.sort_by_key(|(status, _, _)| *status);
        for (status, key, response) in declared {
            let here = pointer_push(&at, &key);
            let success = match status {
                StatusMatch::Code(c) => (200..300).contains(&c),
                StatusMatch::Range(r) => r == 2,
                StatusMatch::Default => false,
            };
            let name = status_name(status);
            let hint = if success {
                format!("{type_base} response")
            } else {
                format!("{type_base} {key} response")
            };
            let shared = format!("{name} response");
            let (payload, doc) = self.response(response, &here, &hint, shared)?;
            let (list, variants) = if success {
                (&mut successes, &mut success_variants)
            } else {
                (&mut errors, &mut error_variants)
            };
            list.push(Case {
                status,
                variant: variants.claim(&name),
                payload,
                doc,
            });
        }
        let shared_payload = successes
            .first()
            .map(|c| c.payload.clone())
            .filter(|first| successes.iter().all(|c| &c.payload == first));
        let enum_name = match shared_payload {
            Some(_) => None,
            None if successes.is_empty() => None,
            // Not `...Response`: inline response bodies are named that way.
            None => Some(format!("{type_base}Success")),
        };
        Ok((
            Success {
                cases: successes,
                enum_name,
            },
            errors,
        ))
    }

    /// `hint` names an inline body schema of a response written in the
    /// operation; `shared_hint` one of a response component, which is named
    /// after the status it is used for, not after any one operation.
    fn response(
        &mut self,
        response: &ReferenceOr<Response>,
        pointer: &str,
        hint: &str,
        shared_hint: String,
    ) -> Result<(Payload, Option<String>)> {
        let (response, hint, pointer) = match response {
            ReferenceOr::Item(r) => (r.clone(), hint.to_owned(), pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                match self.spec.component::<openapiv3::Response>(reference) {
                    Some((key, ReferenceOr::Item(r))) => (
                        r.clone(),
                        shared_hint,
                        pointer_push("/components/responses", key),
                    ),
                    _ => {
                        return Err(Error::Invalid {
                            kind: InvalidKind::WrongComponent,
                            location: self.spec.locate(pointer),
                            message: format!(
                                "response reference `{reference}` does not name a responses component"
                            ),
                        });
                    }
                }
            }
        };
        let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
        let Some((media_type, media)) = pick_response_media(&response.content) else {
            return Ok((Payload::Empty, doc));
        };
        let at = pointer_push(
            &pointer_push(&pointer_push(&pointer, "content"), &media_type),
            "schema",
        );
        let essence = essence(&media_type);
        let binary_schema = matches!(&media.schema, Some(ReferenceOr::Item(s)) if is_binary(s));
        let payload = if binary_schema {
            Payload::Binary
        } else if is_json(&media_type) {
            match &media.schema {
                Some(schema) => Payload::Json(self.types.lower(schema, &hint, &at)?.ty),
                None => Payload::Json(TypeRef::Json),
            }
        } else if essence.starts_with("text/") {
            Payload::Text
        } else {
            Payload::Binary
        };
        Ok((payload, doc))
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
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// `type: string, format: binary` (file contents).
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    )
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// Of several request media types, the one the client sends: JSON, then a
/// form, then multipart, then text, then anything else, each in spec order.
fn pick_request_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(String, MediaType)> {
    let rank = |media_type: &str| {
        let e = essence(media_type);
        if e == "application/json" {
            0
        } else if is_json(media_type) {
            1
        } else if e == "application/x-www-form-urlencoded" {
            2
        } else if e == "multipart/form-data" {
            3
        } else if e.starts_with("text/") {
            4
        } else {
            5
        }
    };
    content
        .iter()
        .min_by_key(|(k, _)| rank(k))
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// Of several response media types, the one the client asks to decode: JSON
/// first, then the first declared.
fn pick_response_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(String, MediaType)> {
    content
        .iter()
        .find(|(k, _)| essence(k) == "application/json")
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .or_else(|| content.iter().next())
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// A name for the statuses a case covers (`NotFound`, `ClientError`, `Default`).
fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => reason_variant(code),
        StatusMatch::Range(1) => "Informational".to_owned(),
        StatusMatch::Range(2) => "Success".to_owned(),
        StatusMatch::Range(3) => "Redirection".to_owned(),
        StatusMatch::Range(4) => "ClientError".to_owned(),
        StatusMatch::Range(5) => "ServerError".to_owned(),
        StatusMatch::Range(other) => format!("Status{other}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// Error enum variant for a status: its reason phrase (`NotFound`).
fn reason_variant(status: u16) -> String {
    let reason = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}

/// limit/offset operations that return an array page.
fn pagination(parameters: &[Parameter], success: &Success) -> Option<Pagination> {
    let query = |name: &str| {
        parameters.iter().find(|p| {
            p.location == ParamLocation::Query
                && p.name == name
                && matches!(p.ty, TypeRef::Integer { .. } | TypeRef::Boolean)
        })
    };
    let limit = query("limit")?;
    query("offset")?;
    let Payload::Json(TypeRef::Array(item)) = success.payload() else {
        return None;
    };
    Some(Pagination {
        item: *item,
        max_page_size: limit.maximum.and_then(|m| u64::try_from(m).ok()),
        has_count: query("count").is_some(),
    })
}

fn integer_maximum(schema: &ReferenceOr<Schema>) -> Option<i64> {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Integer(i)),
            ..
        }) => i.maximum,
        _ => None,
    }
}
