//! Which parameters hold one scalar value (string, number, boolean, date,
//! string enum, or an alias of one): their text is their wire form, while
//! arrays and objects need a serialisation style.

use crate::ir::{Api, TypeKind, TypeRef};

/// Sets [`Parameter::scalar`](crate::ir::Parameter::scalar) everywhere.
pub fn mark_parameters(api: &mut Api) {
    let types = &api.types;
    let scalar = |ty: &TypeRef| {
        let mut ty = ty;
        // Alias cycles are rejected before this runs; the bound only keeps a
        // mistake from looping.
        for _ in 0..=types.len() {
            match ty {
                TypeRef::String
                | TypeRef::Integer { .. }
                | TypeRef::Number { .. }
                | TypeRef::Boolean
                | TypeRef::DateTime
                | TypeRef::Date => return true,
                TypeRef::Named(id) => match types.get(id.0).map(|d| &d.kind) {
                    Some(TypeKind::Enum(_)) => return true,
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    };
    for op in api.tags.iter_mut().flat_map(|t| t.operations.iter_mut()) {
        for p in &mut op.parameters {
            p.scalar = scalar(&p.ty);
        }
    }
}
