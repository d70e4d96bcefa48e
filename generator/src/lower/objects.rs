//! Objects → structs: `allOf` members merged in order with the schema's own
//! properties, and which schemas count as objects at all.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::Warning;
use super::naming::{self, Scope};
use super::types::{SCHEMAS, Types};
use crate::error::{Error, InvalidKind, Result, WarningKind, pointer_push};
use crate::ir::{Field, Struct, TypeRef};

impl Types<'_> {
    /// The fields of an object, `allOf` members merged in order: the union of
    /// their properties and of their `required` lists.
    pub(super) fn struct_def(
        &mut self,
        schema: &Schema,
        owner: &str,
        pointer: &str,
    ) -> Result<Struct> {
        if let SchemaKind::Any(any) = &schema.schema_kind
            && let Some(typ) = any.typ.as_deref().filter(|t| *t != "object")
        {
            self.warnings.push(Warning {
                kind: WarningKind::PropertiesOnScalar,
                location: self.spec.locate(&pointer_push(pointer, "properties")),
                message: format!("the schema says `type: {typ}` but has `properties`; it is generated as an object"),
            });
        }
        let mut merge = Merge::default();
        self.collect(schema, pointer, owner, &mut merge)?;
        let Merge {
            props,
            required,
            additional,
            ..
        } = merge;
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(props.len());
        for (json_name, prop) in props {
            let hint = format!("{} {json_name}", prop.owner);
            let lowered = self.lower_boxed(&prop.schema, &hint, &prop.pointer)?;
            let data = match &prop.schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            // A required property that only one side sends cannot be
            // required of the other: `readOnly` ones are absent from
            // requests, `writeOnly` ones from responses.
            let one_sided = data.is_some_and(|d| d.read_only || d.write_only);
            fields.push(Field {
                name: scope.claim(&naming::field_name(&json_name)),
                required: required.contains(&json_name) && !one_sided,
                default: data.and_then(|d| d.default.clone()),
                nullable: lowered.nullable,
                ty: lowered.ty,
                boxed: false,
                read_only: data.is_some_and(|d| d.read_only),
                deprecated: data.is_some_and(|d| d.deprecated),
                doc: data.and_then(|d| d.description.clone().or_else(|| d.title.clone())),
                json_name,
            });
        }
        let additional = match additional {
            Some((value, at)) => Some(
                match self.map_type(Some(&value), &format!("{owner} additional"), &at)? {
                    TypeRef::Map(inner) => *inner,
                    _ => TypeRef::Json,
                },
            ),
            None => None,
        };
        let additional_name = if fields.iter().any(|f| f.name == "additional_properties") {
            "other_properties"
        } else {
            "additional_properties"
        };
        let mut lowered = Struct {
            fields,
            additional,
            additional_name: additional_name.to_owned(),
            new_arguments: Vec::new(),
            default: true,
        };
        decide_constructor(&mut lowered);
        Ok(lowered)
    }

    fn collect(
        &mut self,
        schema: &Schema,
        pointer: &str,
        owner: &str,
        merge: &mut Merge,
    ) -> Result<()> {
        let (properties, own_required, own_additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                (&o.properties, &o.required, &o.additional_properties)
            }
            SchemaKind::Any(a) => (&a.properties, &a.required, &a.additional_properties),
            SchemaKind::AllOf { all_of } => {
                for (i, member) in all_of.iter().enumerate() {
                    let at = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
                    match member {
                        ReferenceOr::Item(member) => self.collect(member, &at, owner, merge)?,
                        ReferenceOr::Reference { reference } => {
                            let key = self.component_key(reference, &at)?;
                            if !merge.visiting.insert(key.clone()) {
                                return Err(Error::Invalid {
                                    kind: InvalidKind::SelfContaining,
                                    location: self.spec.locate(&at),
                                    message: format!(
                                        "allOf includes `{key}`, which includes this schema again; an object cannot contain itself"
                                    ),
                                });
                            }
                            if let Some(ReferenceOr::Item(target)) = self.component_schema(&key) {
                                let target_pointer = pointer_push(SCHEMAS, &key);
                                let declared_by = self.component_ids.get(&key).map_or_else(
                                    || owner.to_owned(),
                                    |id| self.name_of(*id).to_owned(),
                                );
                                self.collect(target, &target_pointer, &declared_by, merge)?;
                            }
                            merge.visiting.remove(&key);
                        }
                    }
                }
                return Ok(());
            }
            _ => {
                self.fallback(
                    pointer,
                    "an allOf member that is not an object is left out of the merged struct",
                );
                return Ok(());
            }
        };
        for (name, prop) in properties {
            let at = pointer_push(&pointer_push(pointer, "properties"), name);
            // A later member redefining a property refines it in place.
            merge.props.insert(
                name.clone(),
                Prop {
                    schema: prop.clone(),
                    pointer: at,
                    owner: owner.to_owned(),
                },
            );
        }
        merge.required.extend(own_required.iter().cloned());
        match own_additional {
            Some(AdditionalProperties::Any(false)) | None => {}
            Some(value) => {
                if !properties.is_empty() || !merge.props.is_empty() {
                    merge.additional =
                        Some((value.clone(), pointer_push(pointer, "additionalProperties")));
                }
            }
        }
        Ok(())
    }
}

/// What the members of an `allOf` add up to so far.
#[derive(Default)]
struct Merge {
    props: IndexMap<String, Prop>,
    required: HashSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    /// Components on the current path, to stop an `allOf` that includes itself.
    visiting: HashSet<String>,
}

struct Prop {
    schema: ReferenceOr<Box<Schema>>,
    pointer: String,
    /// The type that declares the property, which names its inline types.
    owner: String,
}

/// Whether the schema describes an object with named properties (directly or
/// through `allOf` members), and so becomes a struct.
pub(super) fn is_struct(schema: &Schema, types: &Types<'_>) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty(),
        // A single member is the loader's wrapper for a `$ref` with siblings:
        // the same type, not a new struct.
        SchemaKind::AllOf { all_of } => {
            all_of.len() > 1 && all_of.iter().all(|m| object_like(m, types, 0))
        }
        _ => false,
    }
}

/// Whether an `allOf` member contributes object properties: an object, or a
/// composition (or reference) of objects. Depth-bounded, so `allOf` cycles
/// end here and are reported by the merge itself.
pub(super) fn object_like(member: &ReferenceOr<Schema>, types: &Types<'_>, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    let schema = match member {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/schemas/")
                .and_then(|k| types.component_schema(k))
            {
                Some(ReferenceOr::Item(s)) => s,
                _ => return false,
            }
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(a) => !a.properties.is_empty() || a.typ.as_deref() == Some("object"),
        SchemaKind::AllOf { all_of } => all_of.iter().all(|m| object_like(m, types, depth + 1)),
        _ => false,
    }
}

/// `new` takes every field that is not an `Option`; with none, the struct
/// derives `Default` too. Called again when the overlay makes a field optional.
pub(super) fn decide_constructor(s: &mut Struct) {
    s.new_arguments = s
        .fields
        .iter()
        .filter(|f| !f.optional())
        .map(|f| f.name.clone())
        .collect();
    s.default = s.new_arguments.is_empty();
}
