//! Boxes the one response variant of a success or error enum that is far
//! larger than the others (a big struct beside `NoContent`), as clippy's
//! `large_enum_variant` asks: every value of the enum would otherwise take
//! the space of the largest. Sizes are estimated from the IR with the layout
//! rustc gives the emitted types on a 64-bit target.

use std::collections::HashSet;

use crate::ir::{Api, Case, Payload, TypeDef, TypeKind, TypeRef};

/// Clippy's default `enum-variant-size-threshold`, in bytes. The estimate is
/// a little generous below it, so a variant near the line is boxed rather
/// than left for clippy to reject.
const THRESHOLD: u64 = 180;

/// Sets `boxed` on the largest case of each success enum and error enum
/// whose largest payload exceeds the second largest by more than the
/// threshold. Runs after cycle boxing, whose boxes it counts as pointers.
pub fn box_large_variants(api: &mut Api) {
    let sizes = Sizes { defs: &api.types };
    for op in api.tags.iter_mut().flat_map(|t| t.operations.iter_mut()) {
        if op.success.enum_name.is_some() {
            mark(&mut op.success.cases, &sizes);
        }
        mark(&mut op.errors, &sizes);
    }
}

fn mark(cases: &mut [Case], sizes: &Sizes<'_>) {
    let mut by_size: Vec<(u64, usize)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (sizes.payload(&c.payload), i))
        .collect();
    by_size.sort_unstable_by(|a, b| b.cmp(a));
    if let [(largest, index), (second, _), ..] = by_size.as_slice()
        && largest.saturating_sub(*second) > THRESHOLD
        && let Some(case) = cases.get_mut(*index)
    {
        case.boxed = true;
    }
}

struct Sizes<'a> {
    /// The arena, indexed by [`TypeId`](crate::ir::TypeId).
    defs: &'a [TypeDef],
}

/// Rounds `size` up to a multiple of 8, the alignment of nearly every
/// emitted type.
fn aligned(size: u64) -> u64 {
    size.div_ceil(8).saturating_mul(8)
}

impl Sizes<'_> {
    fn payload(&self, payload: &Payload) -> u64 {
        match payload {
            Payload::Empty => 0,
            Payload::Json(ty) => self.ty(ty, &mut HashSet::new()),
            Payload::Text => 24,
            Payload::Binary => 32,
        }
    }

    /// The size of `ty`; a type already being measured (a cycle, which the
    /// emitter breaks with a `Box`) counts as a pointer.
    fn ty(&self, ty: &TypeRef, open: &mut HashSet<usize>) -> u64 {
        match ty {
            TypeRef::String | TypeRef::Array(_) => 24,
            TypeRef::Integer { bits } | TypeRef::Number { bits } => u64::from(*bits / 8),
            TypeRef::Boolean => 1,
            TypeRef::DateTime => 16,
            TypeRef::Date => 4,
            // serde_json::Value with an order-keeping map.
            TypeRef::Json => 80,
            TypeRef::JsonMap | TypeRef::Map(_) => 72,
            TypeRef::Nullable(inner) => self.optional(inner, open),
            TypeRef::Named(id) => {
                if !open.insert(id.0) {
                    return 8;
                }
                let size = match self.defs.get(id.0).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => {
                        let fields: u64 = s
                            .fields
                            .iter()
                            .map(|f| match (f.boxed, f.optional()) {
                                (true, _) => 8,
                                (false, true) => self.optional(&f.ty, open),
                                (false, false) => self.ty(&f.ty, open),
                            })
                            .fold(0, u64::saturating_add);
                        let extra = if s.additional.is_some() { 72 } else { 0 };
                        aligned(fields.saturating_add(extra))
                    }
                    Some(TypeKind::Enum(_)) => 24,
                    Some(TypeKind::Alias(inner)) => self.ty(inner, open),
                    Some(TypeKind::OneOf(one)) => {
                        let largest = one
                            .variants
                            .iter()
                            .map(|v| if v.boxed { 8 } else { self.ty(&v.ty, open) })
                            .max()
                            .unwrap_or_default();
                        aligned(largest.saturating_add(8))
                    }
                    None => 8,
                };
                open.remove(&id.0);
                size
            }
        }
    }

    /// The size of `Option<ty>`: the same where the type has a spare bit
    /// pattern (strings, vectors, maps, enums), a tag word more otherwise.
    fn optional(&self, ty: &TypeRef, open: &mut HashSet<usize>) -> u64 {
        let size = self.ty(ty, open);
        match ty {
            TypeRef::String
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::JsonMap
            | TypeRef::Json
            | TypeRef::Boolean
            | TypeRef::Named(_) => size,
            _ => aligned(size.saturating_add(4)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::lookup::struct_def;
    use crate::ir::{StatusMatch, TypeId};

    /// A struct of `fields` strings (24 bytes each).
    fn def(name: &str, fields: usize) -> TypeDef {
        let names: Vec<String> = (0..fields).map(|i| format!("f{i}")).collect();
        let fields: Vec<(&str, TypeRef)> = names
            .iter()
            .map(|n| (n.as_str(), TypeRef::String))
            .collect();
        struct_def(name, &fields)
    }

    fn case(variant: &str, payload: Payload) -> Case {
        Case {
            status: StatusMatch::Default,
            variant: variant.to_owned(),
            payload,
            doc: None,
            boxed: false,
        }
    }

    fn boxed(defs: &[TypeDef], mut cases: Vec<Case>) -> Vec<bool> {
        let sizes = Sizes { defs };
        mark(&mut cases, &sizes);
        cases.iter().map(|c| c.boxed).collect()
    }

    #[test]
    fn a_big_struct_beside_no_content_is_boxed() {
        // Ten strings: 240 bytes, against nothing.
        let defs = [def("Big", 10)];
        let cases = vec![
            case("Ok", Payload::Json(TypeRef::Named(TypeId(0)))),
            case("NoContent", Payload::Empty),
        ];
        assert_eq!(boxed(&defs, cases), [true, false]);
    }

    #[test]
    fn variants_of_similar_size_stay_inline() {
        // Ids are indices into the slice: Big 0, AlsoBig 1.
        let defs = [def("Big", 10), def("AlsoBig", 9)];
        let cases = vec![
            case("Ok", Payload::Json(TypeRef::Named(TypeId(0)))),
            case("Created", Payload::Json(TypeRef::Named(TypeId(1)))),
            case("NoContent", Payload::Empty),
        ];
        assert_eq!(boxed(&defs, cases), [false, false, false]);
        let small = [def("Small", 3)];
        let cases = vec![
            case("Ok", Payload::Json(TypeRef::Named(TypeId(0)))),
            case("NoContent", Payload::Empty),
        ];
        assert_eq!(boxed(&small, cases), [false, false]);
    }
}
