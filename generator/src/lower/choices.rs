//! `oneOf`/`anyOf` → choice types: variant names, the discriminator values
//! that select each, and the order untagged variants are tried in.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::Warning;
use super::naming::Scope;
use super::types::Types;
use crate::error::{Result, WarningKind, pointer_push};
use crate::ir::{JsonKind, OneOf, OneOfVariant, TypeId, TypeKind, TypeRef};

impl Types<'_> {
    /// The variants of a `oneOf`/`anyOf`, with the discriminator values that
    /// select each and, without a discriminator, the order they are tried in.
    pub(super) fn one_of_def(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        name: &str,
        pointer: &str,
    ) -> Result<OneOf> {
        let keyword = match schema.schema_kind {
            SchemaKind::AnyOf { .. } => "anyOf",
            _ => "oneOf",
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut scope = Scope::default();
        scope.reserve(crate::ir::UNKNOWN_VARIANT);
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            let lowered = self.lower(member, &format!("{name} variant {}", i + 1), &at)?;
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, member) {
                tags.extend(
                    d.mapping
                        .iter()
                        .filter(|(_, target)| *target == reference)
                        .map(|(tag, _)| tag.clone()),
                );
                if tags.is_empty() {
                    // Without a mapping entry the value is the schema's name.
                    if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                        tags.push(key.to_owned());
                    }
                }
            }
            variants.push(OneOfVariant {
                name: scope.claim(&variant_name(&lowered.ty, &|id| self.name_of(id))),
                json: self.json_kind(&lowered.ty),
                ty: lowered.ty,
                tags,
                boxed: false,
            });
        }
        let tagged = discriminator.is_some() && variants.iter().all(|v| !v.tags.is_empty());
        if discriminator.is_some() && !tagged {
            self.warnings.push(Warning {
                kind: WarningKind::UntaggedDiscriminator,
                location: self.spec.locate(pointer),
                message: "a discriminator whose variants are not all named schemas; variants are tried in order instead".to_owned(),
            });
        }
        if !tagged {
            // serde tries untagged variants in order: the one that demands
            // the most must come first, or a looser one would always win.
            variants.sort_by_key(|v| self.specificity(&v.ty));
        }
        Ok(OneOf {
            discriminator: if tagged {
                discriminator.map(|d| d.property_name.clone())
            } else {
                None
            },
            variants,
        })
    }

    /// What JSON a value of `ty` looks like.
    pub(super) fn json_kind(&self, ty: &TypeRef) -> JsonKind {
        match ty {
            TypeRef::String | TypeRef::DateTime | TypeRef::Date => JsonKind::String,
            TypeRef::Integer { .. } => JsonKind::Integer,
            TypeRef::Number { .. } => JsonKind::Number,
            TypeRef::Boolean => JsonKind::Boolean,
            TypeRef::Array(_) => JsonKind::Array,
            TypeRef::Map(_) | TypeRef::JsonMap => JsonKind::Object,
            TypeRef::Json | TypeRef::Nullable(_) => JsonKind::Any,
            TypeRef::Named(id) => match self.def_of(*id).map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => JsonKind::Object,
                Some(TypeKind::Enum(_)) => JsonKind::String,
                Some(TypeKind::Alias(inner)) => self.json_kind(inner),
                Some(TypeKind::OneOf(_)) | None => JsonKind::Any,
            },
        }
    }

    /// Sort key: lower is tried first.
    pub(super) fn specificity(
        &self,
        ty: &TypeRef,
    ) -> (u8, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>) {
        use std::cmp::Reverse;
        let rank = |r: u8| (r, Reverse(0), Reverse(0));
        match ty {
            TypeRef::Named(id) => match self.def_of(*id).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => (
                    0,
                    Reverse(
                        s.fields
                            .iter()
                            .filter(|f| f.required && !f.nullable)
                            .count(),
                    ),
                    Reverse(s.fields.len()),
                ),
                Some(TypeKind::OneOf(_)) => rank(1),
                Some(TypeKind::Enum(_)) => rank(3),
                Some(TypeKind::Alias(inner)) => {
                    let (r, a, b) = self.specificity(inner);
                    (r, a, b)
                }
                // Not lowered yet (a cycle): treat as an object.
                None => rank(1),
            },
            // Derived struct decoding also accepts JSON arrays, so arrays
            // go before structs or a list would decode as a struct.
            TypeRef::Array(_) => (0, Reverse(usize::MAX), Reverse(0)),
            TypeRef::Nullable(inner) => self.specificity(inner),
            TypeRef::Integer { .. } => rank(4),
            TypeRef::Number { .. } => rank(5),
            TypeRef::Boolean => rank(6),
            TypeRef::DateTime | TypeRef::Date => rank(7),
            TypeRef::String => rank(8),
            TypeRef::Map(_) | TypeRef::JsonMap => rank(9),
            TypeRef::Json => rank(10),
        }
    }
}

/// The members of a `oneOf`/`anyOf` of two or more.
pub(super) fn choice(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members }
            if members.len() > 1 =>
        {
            Some(members.as_slice())
        }
        _ => None,
    }
}

/// A variant name from the variant's type.
pub(super) fn variant_name<'n>(ty: &TypeRef, name_of: &impl Fn(TypeId) -> &'n str) -> String {
    match ty {
        TypeRef::Named(id) => name_of(*id).to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer { .. } => "Integer".to_owned(),
        TypeRef::Number { .. } => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonMap | TypeRef::Map(_) => "Object".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name(item, name_of)),
        TypeRef::Nullable(inner) => variant_name(inner, name_of),
    }
}
