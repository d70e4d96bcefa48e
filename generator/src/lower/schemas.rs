//! Schemas → named types and type expressions.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Warning;
use super::naming::{self, Scope};
use crate::error::{Error, InvalidKind, Location, Result, WarningKind, pointer_push};
use crate::ir::{
    Field, JsonKind, OneOf, OneOfVariant, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Variant,
};
use crate::load::Spec;
use crate::overlay::Overlay;

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

/// Builds the named types of one document.
pub struct Types<'a> {
    spec: &'a Spec,
    overlay: &'a Overlay,
    /// Component name → Rust type name.
    component_names: BTreeMap<String, String>,
    /// Components already lowered (or being lowered, which ends recursion).
    started: HashSet<String>,
    names: Scope,
    defs: BTreeMap<String, TypeDef>,
    /// Inline types already named, by the pointer of their schema: a shared
    /// response or parameter reached from many operations is one type.
    inline_named: HashMap<String, Lowered>,
    pub warnings: Vec<Warning>,
}

const SCHEMAS: &str = "/components/schemas";

impl<'a> Types<'a> {
    pub fn new(spec: &'a Spec, overlay: &'a Overlay) -> Self {
        let mut names = Scope::default();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &spec.openapi.components {
            // Sorted, so which of two colliding names gets the suffix does not
            // depend on document order.
            let mut keys: Vec<&String> = components.schemas.keys().collect();
            keys.sort();
            for key in keys {
                let name = names.claim(&naming::model_name(key));
                component_names.insert(key.clone(), name);
            }
        }
        Self {
            spec,
            overlay,
            component_names,
            started: HashSet::new(),
            names,
            defs: BTreeMap::new(),
            inline_named: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Lowers every component schema, reached or not (selection has already
    /// dropped the ones no operation reaches).
    pub fn lower_components(&mut self) -> Result<()> {
        let keys: Vec<String> = self.component_names.keys().cloned().collect();
        for key in keys {
            self.component(&key)?;
        }
        Ok(())
    }

    /// All named types, sorted by name.
    pub fn finish(self) -> (Vec<TypeDef>, Vec<Warning>) {
        (self.defs.into_values().collect(), self.warnings)
    }

    fn component_schema(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec
            .component_by_key::<Schema>(key)
            .map(|(_, schema)| schema)
    }

    /// The component a `#/components/schemas/X` reference names.
    fn component_key(&self, reference: &str, pointer: &str) -> Result<String> {
        let key = reference
            .strip_prefix("#/components/schemas/")
            .map(|k| k.replace("~1", "/").replace("~0", "~"))
            .filter(|k| self.component_names.contains_key(k));
        key.ok_or_else(|| Error::Invalid {
            kind: InvalidKind::WrongComponent,
            location: self.spec.locate(pointer),
            message: format!("schema reference `{reference}` does not name a schema component"),
        })
    }

    /// Lowers one component schema into a named type; returns its name.
    fn component(&mut self, key: &str) -> Result<String> {
        let name = self
            .component_names
            .get(key)
            .cloned()
            .unwrap_or_else(|| naming::model_name(key));
        if !self.started.insert(key.to_owned()) {
            return Ok(name);
        }
        let pointer = pointer_push(SCHEMAS, key);
        let Some(schema) = self.component_schema(key) else {
            return Ok(name);
        };
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                // The loader collapses pure aliases; what is left is a name for
                // another component.
                let target = self.component_key(reference, &pointer)?;
                let target_name = self.component(&target)?;
                self.define(
                    &name,
                    key,
                    &pointer,
                    None,
                    false,
                    TypeKind::Alias(TypeRef::Named(target_name)),
                );
                return Ok(name);
            }
        };
        self.note_repair(&pointer);
        let mut kind = self.named_kind(schema, &name, &pointer)?;
        self.apply_overlay(key, &mut kind)?;
        let doc = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        self.define(
            &name,
            key,
            &pointer,
            doc,
            schema.schema_data.deprecated,
            kind,
        );
        Ok(name)
    }

    /// Required properties the overlay says the server may leave out become
    /// optional; a name that matches nothing is an error, not a silent no-op.
    fn apply_overlay(&self, key: &str, kind: &mut TypeKind) -> Result<()> {
        let Some(props) = self.overlay.absent.get(key) else {
            return Ok(());
        };
        let location = Location::new(&self.overlay.file, format!("/absent/{key}"));
        let TypeKind::Struct(s) = kind else {
            return Err(Error::Invalid {
                kind: InvalidKind::OverlayNotObject,
                location,
                message: format!(
                    "schema `{key}` is not an object, so none of its properties can be absent"
                ),
            });
        };
        for prop in props {
            match s.fields.iter_mut().find(|f| &f.json_name == prop) {
                Some(field) => field.required = false,
                None => {
                    return Err(Error::Invalid {
                        kind: InvalidKind::OverlayUnknownProperty,
                        location,
                        message: format!("schema `{key}` has no property `{prop}`"),
                    });
                }
            }
        }
        Ok(())
    }

    fn define(
        &mut self,
        name: &str,
        key: &str,
        pointer: &str,
        doc: Option<String>,
        deprecated: bool,
        kind: TypeKind,
    ) {
        let origin = self.spec.locate(pointer);
        // Relative to the root's folder, so the text does not depend on where
        // the generator ran from.
        let base = self.spec.root.parent().unwrap_or(std::path::Path::new(""));
        let file = origin.file.strip_prefix(base).unwrap_or(&origin.file);
        let file = file.to_string_lossy().replace('\\', "/");
        let origin = if origin.pointer.is_empty() {
            file
        } else {
            format!("{file}#{}", origin.pointer)
        };
        let _ = key;
        self.defs.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                module: naming::module_name(name),
                origin,
                doc,
                deprecated,
                kind,
            },
        );
    }

    /// The shape a schema takes when it gets a name of its own.
    fn named_kind(&mut self, schema: &Schema, name: &str, pointer: &str) -> Result<TypeKind> {
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

    /// The variants of a `oneOf`/`anyOf`, with the discriminator values that
    /// select each and, without a discriminator, the order they are tried in.
    fn one_of_def(
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
        scope.reserve("Unknown");
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
                name: scope.claim(&variant_name(&lowered.ty)),
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
    fn json_kind(&self, ty: &TypeRef) -> JsonKind {
        match ty {
            TypeRef::String | TypeRef::DateTime | TypeRef::Date => JsonKind::String,
            TypeRef::Integer { .. } => JsonKind::Integer,
            TypeRef::Number { .. } => JsonKind::Number,
            TypeRef::Boolean => JsonKind::Boolean,
            TypeRef::Array(_) => JsonKind::Array,
            TypeRef::Map(_) | TypeRef::JsonMap => JsonKind::Object,
            TypeRef::Json | TypeRef::Nullable(_) => JsonKind::Any,
            TypeRef::Named(name) => match self.defs.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(_)) => JsonKind::Object,
                Some(TypeKind::Enum(_)) => JsonKind::String,
                Some(TypeKind::Alias(inner)) => self.json_kind(inner),
                Some(TypeKind::OneOf(_)) | None => JsonKind::Any,
            },
        }
    }

    /// Sort key: lower is tried first.
    fn specificity(
        &self,
        ty: &TypeRef,
    ) -> (u8, std::cmp::Reverse<usize>, std::cmp::Reverse<usize>) {
        use std::cmp::Reverse;
        let rank = |r: u8| (r, Reverse(0), Reverse(0));
        match ty {
            TypeRef::Named(name) => match self.defs.get(name).map(|d| &d.kind) {
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
                let name = self.component(&key)?;
                Ok(Lowered {
                    ty: TypeRef::Named(name),
                    nullable: self.component_nullable(&key),
                })
            }
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer),
        }
    }

    fn lower_boxed(
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

    /// Whether a component's own values include `null`.
    fn component_nullable(&self, key: &str) -> bool {
        match self.component_schema(key) {
            Some(ReferenceOr::Item(schema)) => nullable(schema),
            _ => false,
        }
    }

    /// Reports what the loader repaired in this schema or replaced by a
    /// fallback.
    fn note_repair(&mut self, pointer: &str) {
        self.warnings
            .extend(self.spec.notes(pointer).iter().cloned());
    }

    fn inline(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<Lowered> {
        self.note_repair(pointer);
        let nullable = nullable(schema);
        if string_enum(schema).is_some() || is_struct(schema, self) || choice(schema).is_some() {
            if let Some(done) = self.inline_named.get(pointer) {
                return Ok(done.clone());
            }
            let name = self.names.claim(&naming::type_name(hint));
            self.inline_named.insert(
                pointer.to_owned(),
                Lowered {
                    ty: TypeRef::Named(name.clone()),
                    nullable,
                },
            );
            let kind = self.named_kind(schema, &name, pointer)?;
            let doc = schema
                .schema_data
                .description
                .clone()
                .or_else(|| schema.schema_data.title.clone());
            self.define(
                &name,
                hint,
                pointer,
                doc,
                schema.schema_data.deprecated,
                kind,
            );
            return Ok(Lowered {
                ty: TypeRef::Named(name),
                nullable,
            });
        }
        let mut lowered = self.anonymous(schema, hint, pointer)?;
        lowered.nullable |= nullable;
        Ok(lowered)
    }

    /// Types that are expressions rather than new names: scalars, arrays,
    /// maps, free-form objects and single-reference wrappers.
    fn anonymous(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<Lowered> {
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

    fn fallback(&mut self, pointer: &str, why: &str) -> TypeRef {
        self.warnings.push(Warning {
            kind: WarningKind::UntypedFallback,
            location: self.spec.locate(pointer),
            message: format!("{why}; using serde_json::Value"),
        });
        TypeRef::Json
    }

    fn map_type(
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

    /// The fields of an object, `allOf` members merged in order: the union of
    /// their properties and of their `required` lists.
    fn struct_def(&mut self, schema: &Schema, owner: &str, pointer: &str) -> Result<Struct> {
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
        Ok(Struct { fields, additional })
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
                                let declared_by = self
                                    .component_names
                                    .get(&key)
                                    .cloned()
                                    .unwrap_or_else(|| owner.to_owned());
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

/// `nullable: true`, or a `null` among the enum values.
fn nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

/// The non-null values of a string enum, if the schema is one.
fn string_enum(schema: &Schema) -> Option<Vec<String>> {
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

/// Whether the schema describes an object with named properties (directly or
/// through `allOf` members), and so becomes a struct.
fn is_struct(schema: &Schema, types: &Types<'_>) -> bool {
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
fn object_like(member: &ReferenceOr<Schema>, types: &Types<'_>, depth: usize) -> bool {
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

/// The members of a `oneOf`/`anyOf` of two or more.
fn choice(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
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
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer { .. } => "Integer".to_owned(),
        TypeRef::Number { .. } => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonMap | TypeRef::Map(_) => "Object".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name(item)),
        TypeRef::Nullable(inner) => variant_name(inner),
    }
}

fn enum_def(values: &[String]) -> StringEnum {
    let mut scope = Scope::default();
    scope.reserve("Unknown");
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
