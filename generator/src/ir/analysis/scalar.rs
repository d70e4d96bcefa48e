//! Which parameters hold one scalar value (string, number, boolean, date,
//! string enum, or an alias of one): their text is their wire form, while
//! arrays and objects need a serialisation style. And which of them are
//! `Copy`, so the request takes them by value.

use crate::ir::{Api, TypeKind, TypeRef};

/// Sets [`Parameter::scalar`](crate::ir::Parameter::scalar) and
/// [`Parameter::copy`](crate::ir::Parameter::copy) everywhere.
pub fn mark_parameters(api: &mut Api) {
    let types = &api.types;
    // (scalar, Copy) of a type, through aliases.
    let classify = |ty: &TypeRef| {
        let mut ty = ty;
        // Alias cycles are rejected before this runs; the bound only keeps a
        // mistake from looping.
        for _ in 0..=types.len() {
            match ty {
                TypeRef::String => return (true, false),
                TypeRef::Integer { .. }
                | TypeRef::Number { .. }
                | TypeRef::Boolean
                | TypeRef::DateTime
                | TypeRef::Date => return (true, true),
                TypeRef::Named(id) => match types.get(id.0).map(|d| &d.kind) {
                    // String enums keep unknown values as text: not `Copy`.
                    Some(TypeKind::Enum(_)) => return (true, false),
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => return (false, false),
                },
                _ => return (false, false),
            }
        }
        (false, false)
    };
    for op in api.tags.iter_mut().flat_map(|t| t.operations.iter_mut()) {
        for p in &mut op.parameters {
            (p.scalar, p.copy) = classify(&p.ty);
        }
    }
}
