//! Parameters → IR parameters: location, type, style, whether each is a
//! method argument or a setter and what a defaulted one sends; and whether
//! an operation pages with limit/offset, with the page-size bounds.

use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema,
    SchemaKind, Type,
};

use super::Warning;
use super::naming::{self, Scope};
use super::operations::Operations;
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::{
    DefaultValue, Pagination, ParamLocation, Parameter, Payload, QueryStyle, Success, TypeRef,
};

impl Operations<'_, '_> {
    pub(super) fn parameters(
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
            let required = data.required || location == ParamLocation::Path;
            out.push(Parameter {
                rust_name: scope.claim(&naming::field_name(&data.name)),
                name: data.name.clone(),
                location,
                argument: required && default.is_none(),
                fallback: match (required, location, &default) {
                    (true, ParamLocation::Path | ParamLocation::Header, Some(value)) => {
                        Some(fallback(&lowered.ty, value))
                    }
                    _ => None,
                },
                ty: lowered.ty,
                required,
                default,
                doc: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                maximum: integer_maximum(&schema),
                style,
                explode,
                // Set once every type is known (`ir::analysis::scalar`).
                scalar: false,
                copy: false,
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
                    argument: true,
                    fallback: None,
                    default: None,
                    doc: None,
                    deprecated: false,
                    maximum: None,
                    style: QueryStyle::FormExploded,
                    explode: false,
                    scalar: true,
                    copy: false,
                });
            }
        }
        Ok(out)
    }

    pub(super) fn resolve_parameter(
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
}

/// limit/offset operations that return an array page.
pub(super) fn pagination(parameters: &[Parameter], success: &Success) -> Option<Pagination> {
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
    let page_size_max = limit
        .maximum
        .and_then(|m| u64::try_from(m).ok())
        .unwrap_or(Pagination::DEFAULT_PAGE_SIZE)
        .max(1);
    Some(Pagination {
        item: *item,
        page_size_max,
        page_size_default: page_size_max.min(Pagination::DEFAULT_PAGE_SIZE),
        has_count: query("count").is_some(),
    })
}

/// What a required path or header parameter with a default sends when the
/// caller sets nothing, as a value of its Rust type.
fn fallback(ty: &TypeRef, default: &serde_json::Value) -> DefaultValue {
    use serde_json::Value;
    match (ty, default) {
        (TypeRef::String, Value::String(s)) => DefaultValue::Text(s.clone()),
        // A header declared `type: string` with `default: true` (unquoted
        // YAML) means the text "true".
        (TypeRef::String, scalar @ (Value::Bool(_) | Value::Number(_))) => {
            DefaultValue::Text(scalar.to_string())
        }
        (TypeRef::Boolean, Value::Bool(b)) => DefaultValue::Bool(*b),
        (TypeRef::Integer { .. }, Value::Number(n)) => match n.as_i64() {
            Some(n) => DefaultValue::Integer(n),
            None => DefaultValue::TypeDefault,
        },
        (TypeRef::Named(_), Value::String(s)) => DefaultValue::From(s.clone()),
        _ => DefaultValue::TypeDefault,
    }
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
