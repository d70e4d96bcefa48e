//! Schemas → type expressions: references, scalars, arrays and maps, and
//! which inline schemas get a name of their own (enums, objects, choices).

use std::collections::HashSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Warning;
use super::choices::choice;
use super::naming::{self, Scope};
use super::objects::is_struct;
use super::types::Types;
use crate::error::{Result, WarningKind, pointer_push};
use crate::ir::{StringEnum, TypeKind, TypeRef, Variant};

/// A schema's type plus whether `null` is one of its values.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    /// The type where nothing else can carry `null` (an array item, a map
    /// value): wrapped in `Nullable` when `null` is allowed.
    pub fn nullable_ty(self) -> TypeRef {
        if self.nullable {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

impl Types<'_> {
    /// The shape a schema takes when it gets a name of its own.
    pub(super) fn named_kind(
        &mut self,
        schema: &Schema,
        name: &str,
        pointer: &str,
    ) -> Result<TypeKind> {
        if let Some(variants) = string_enum(schema) {
            return Ok(TypeKind::Enum(enum_def(&variants)));
        }
        if is_struct(schema, self) {
            let def = self.struct_def(schema, name, pointer)?;
            // An object whose members add no property is a free-form map,
            // not an empty struct that would drop everything it is sent.
            if def.fields.is_empty() && def.additional.is_none() {
                return Ok(TypeKind::Alias(TypeRef::JsonMap));
            }
            return Ok(TypeKind::Struct(def));
        }
        if let Some(members) = choice(schema) {
            return Ok(TypeKind::OneOf(
                self.one_of_def(schema, members, name, pointer)?,
            ));
        }
        let lowered = self.anonymous(schema, name, pointer)?;
        Ok(TypeKind::Alias(lowered.ty))
    }

    /// The type of a schema in some position; `hint` names inline types.
    pub fn lower(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => {
                let key = self.component_key(reference, pointer)?;
                let id = self.component(&key)?;
                Ok(Lowered {
                    ty: TypeRef::Named(id),
                    nullable: self.component_nullable(&key),
                })
            }
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer),
        }
    }

    pub(super) fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower(
                &ReferenceOr::Reference {
                    reference: reference.clone(),
                },
                hint,
                pointer,
            ),
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer),
        }
    }

    pub(super) fn inline(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<Lowered> {
        self.note_repair(pointer);
        let nullable = nullable(schema);
        if string_enum(schema).is_some() || is_struct(schema, self) || choice(schema).is_some() {
            if let Some(done) = self.inline_named.get(pointer) {
                return Ok(done.clone());
            }
            let name = self.names.claim(&naming::type_name(hint));
            let id = self.new_id(name.clone());
            self.inline_named.insert(
                pointer.to_owned(),
                Lowered {
                    ty: TypeRef::Named(id),
                    nullable,
                },
            );
            let kind = self.named_kind(schema, &name, pointer)?;
            let doc = schema
                .schema_data
                .description
                .clone()
                .or_else(|| schema.schema_data.title.clone());
            self.define(id, pointer, doc, schema.schema_data.deprecated, kind);
            return Ok(Lowered {
                ty: TypeRef::Named(id),
                nullable,
            });
        }
        let mut lowered = self.anonymous(schema, hint, pointer)?;
        lowered.nullable |= nullable;
        Ok(lowered)
    }

    /// Types that are expressions rather than new names: scalars, arrays,
    /// maps, free-form objects and single-reference wrappers.
    pub(super) fn anonymous(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Integer {
                bits: match &i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => 32,
                    _ => 64,
                },
            },
            SchemaKind::Type(Type::Number(n)) => TypeRef::Number {
                bits: match &n.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => 32,
                    _ => 64,
                },
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item = self.lower_boxed(
                        items,
                        &format!("{hint} item"),
                        &pointer_push(pointer, "items"),
                    )?;
                    TypeRef::Array(Box::new(item.nullable_ty()))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), hint, pointer)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                // `allOf: [{$ref}]` is how the loader keeps a reference's
                // siblings (`nullable`, `description`): same type, own flags.
                let member = all_of.first().map(|m| {
                    self.lower(m, hint, &pointer_push(&pointer_push(pointer, "allOf"), "0"))
                });
                match member {
                    Some(result) => {
                        return result.map(|mut l| {
                            l.nullable |= nullable(schema);
                            l
                        });
                    }
                    None => TypeRef::Json,
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
                if members.len() == 1 =>
            {
                // A choice of one is that one.
                let keyword = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
                let member = members.first().map(|m| self.lower(m, hint, &pointer_push(&pointer_push(pointer, keyword), "0")));
                match member {
                    Some(result) => {
                        return result.map(|mut l| {
                            l.nullable |= nullable(schema);
                            l
                        });
                    }
                    None => TypeRef::Json,
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => TypeRef::Json,
            SchemaKind::AllOf { .. } => self.fallback(
                pointer,
                "an allOf that mixes objects with other kinds of schema (or a oneOf) is not expressible as a Rust type yet",
            ),
            SchemaKind::Not { .. } => self.fallback(pointer, "`not` schemas are not expressible as a Rust type"),
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let item = self.lower_boxed(
                        items,
                        &format!("{hint} item"),
                        &pointer_push(pointer, "items"),
                    )?;
                    TypeRef::Array(Box::new(item.nullable_ty()))
                } else if any.typ.as_deref() == Some("object")
                    || any.additional_properties.is_some()
                {
                    self.map_type(any.additional_properties.as_ref(), hint, pointer)?
                } else {
                    // No `type` at all: any JSON value is allowed.
                    TypeRef::Json
                }
            }
        };
        Ok(Lowered {
            ty,
            nullable: false,
        })
    }

    pub(super) fn fallback(&mut self, pointer: &str, why: &str) -> TypeRef {
        self.warnings.push(Warning {
            kind: WarningKind::UntypedFallback,
            location: self.spec.locate(pointer),
            message: format!("{why}; using serde_json::Value"),
        });
        TypeRef::Json
    }

    pub(super) fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value = self.lower(
                    value,
                    &format!("{hint} value"),
                    &pointer_push(pointer, "additionalProperties"),
                )?;
                match value.nullable_ty() {
                    TypeRef::Json => TypeRef::JsonMap,
                    ty => TypeRef::Map(Box::new(ty)),
                }
            }
            _ => TypeRef::JsonMap,
        })
    }
}

/// `nullable: true`, or a `null` among the enum values.
pub(super) fn nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

/// The non-null values of a string enum, if the schema is one.
pub(super) fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(a) if a.typ.is_none() || a.typ.as_deref() == Some("string") => {
            if a.enumeration.is_empty()
                || !a.enumeration.iter().all(|v| v.is_string() || v.is_null())
            {
                return None;
            }
            a.enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        }
        _ => return None,
    };
    (!values.is_empty()).then_some(values)
}

pub(super) fn enum_def(values: &[String]) -> StringEnum {
    let mut scope = Scope::default();
    scope.reserve(crate::ir::UNKNOWN_VARIANT);
    // A value listed twice is one variant.
    let mut seen = HashSet::new();
    let variants = values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .enumerate()
        .map(|(i, value)| {
            let base = naming::type_name(value);
            let base = if base == "Unnamed" {
                format!("Value{i}")
            } else {
                base
            };
            // `Unknown` is the catch-all; a spec value that converts to it
            // gets a suffix like any other collision.
            Variant {
                name: scope.claim(&base),
                value: value.clone(),
            }
        })
        .collect();
    StringEnum { variants }
}
