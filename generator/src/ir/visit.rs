//! The one traversal over type references. Every analysis of the IR (reach,
//! cycles, depth, scalars, imports) and the id remapping at the end of
//! lowering see type expressions through these functions, so a new place
//! that holds a type (a new body encoding, say) is added here once.

use super::{Api, BodyEncoding, Operation, Payload, TypeDef, TypeId, TypeKind, TypeRef};

/// Where a type expression stands inside a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A struct field (`optional`: wrapped in `Option`; `boxed`: in `Box`).
    Field {
        /// The field is an `Option`.
        optional: bool,
        /// The field is boxed to break a cycle.
        boxed: bool,
    },
    /// The value type of a struct's flattened `additionalProperties` map.
    Additional,
    /// The target of an alias.
    Alias,
    /// A variant of a choice (`boxed`: in `Box`).
    Variant {
        /// The variant is boxed to break a cycle.
        boxed: bool,
    },
}

impl Slot {
    /// Whether the value is held inline, so that a named type here is part
    /// of its owner's size (a struct field, a variant, an alias target).
    pub fn inline(self) -> bool {
        !matches!(self, Slot::Additional)
    }
}

/// Calls `f` with every type expression a named type holds, in order:
/// fields then the additional map, variants in order, an alias's target.
pub fn type_slots<'a>(def: &'a TypeDef, mut f: impl FnMut(&'a TypeRef, Slot)) {
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(
                    &field.ty,
                    Slot::Field {
                        optional: field.optional(),
                        boxed: field.boxed,
                    },
                );
            }
            if let Some(extra) = &s.additional {
                f(extra, Slot::Additional);
            }
        }
        TypeKind::Alias(ty) => f(ty, Slot::Alias),
        TypeKind::OneOf(o) => {
            for v in &o.variants {
                f(&v.ty, Slot::Variant { boxed: v.boxed });
            }
        }
        TypeKind::Enum(_) => {}
    }
}

/// Calls `f` with every type expression an operation's parameters, body and
/// JSON responses hold.
pub fn operation_refs(op: &Operation, f: impl FnMut(&TypeRef)) {
    refs(op, true, f);
}

fn refs(op: &Operation, errors: bool, mut f: impl FnMut(&TypeRef)) {
    for p in &op.parameters {
        f(&p.ty);
    }
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => f(ty),
            BodyEncoding::Multipart(fields) => fields.iter().for_each(|field| f(&field.ty)),
            BodyEncoding::Binary | BodyEncoding::Text => {}
        }
    }
    let errors = if errors { op.errors.as_slice() } else { &[] };
    for case in op.success.cases.iter().chain(errors) {
        if let Payload::Json(ty) = &case.payload {
            f(ty);
        }
    }
    if let Some(pages) = &op.pagination {
        f(&pages.item);
    }
}

impl TypeRef {
    /// Calls `f` with every named type in the expression, through arrays,
    /// maps and nullable wrappers.
    pub fn for_each_named(&self, f: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => f(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.for_each_named(f)
            }
            _ => {}
        }
    }

    /// Whether the expression names a model anywhere.
    pub fn mentions_named(&self) -> bool {
        let mut found = false;
        self.for_each_named(&mut |_| found = true);
        found
    }

    /// The named type the expression is itself (not inside a container).
    pub fn direct(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }

    /// Calls `f` with every named type's id, mutably (for remapping ids).
    fn for_each_named_mut(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeRef::Named(id) => f(id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.for_each_named_mut(f)
            }
            _ => {}
        }
    }
}

/// Whether what is printed for an operation in its tag's file names a model
/// anywhere (so the file imports `models`): its error cases only when its
/// error enum is its own, not an alias of a shared one.
pub fn operation_mentions_named(op: &Operation) -> bool {
    let mut found = false;
    refs(op, op.shared_error.is_none(), |ty| {
        found |= ty.mentions_named()
    });
    found
}

/// Calls `f` with every type id in the API, mutably: named types, operations
/// and webhooks.
pub fn ids_mut(api: &mut Api, mut f: impl FnMut(&mut TypeId)) {
    let mut each = |ty: &mut TypeRef| ty.for_each_named_mut(&mut f);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| each(&mut field.ty));
                if let Some(extra) = &mut s.additional {
                    each(extra);
                }
            }
            TypeKind::Alias(ty) => each(ty),
            TypeKind::OneOf(o) => o.variants.iter_mut().for_each(|v| each(&mut v.ty)),
            TypeKind::Enum(_) => {}
        }
    }
    for op in api.tags.iter_mut().flat_map(|t| &mut t.operations) {
        op.parameters.iter_mut().for_each(|p| each(&mut p.ty));
        if let Some(body) = &mut op.body {
            match &mut body.encoding {
                BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => each(ty),
                BodyEncoding::Multipart(fields) => fields.iter_mut().for_each(|b| each(&mut b.ty)),
                BodyEncoding::Binary | BodyEncoding::Text => {}
            }
        }
        for case in op.success.cases.iter_mut().chain(&mut op.errors) {
            if let Payload::Json(ty) = &mut case.payload {
                each(ty);
            }
        }
        if let Some(pages) = &mut op.pagination {
            each(&mut pages.item);
        }
    }
    for hook in &mut api.webhooks {
        each(&mut hook.payload);
    }
}
