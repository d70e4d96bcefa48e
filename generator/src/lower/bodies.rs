//! Request bodies → the media type sent and how the body is encoded (JSON,
//! form, multipart parts, raw bytes or text).

use openapiv3::{
    MediaType, ReferenceOr, RequestBody as SpecRequestBody, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Warning;
use super::naming::{self, Scope};
use super::operations::{Operations, essence, is_json, unbox};
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::{BodyEncoding, BodyField, FileKind, RequestBody, TypeRef};

impl Operations<'_, '_> {
    pub(super) fn request_body(
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

    pub(super) fn schema_type(
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
    pub(super) fn multipart_fields(
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
    pub(super) fn resolve_schema(
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

/// `type: string, format: binary` (file contents).
pub(super) fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    )
}
