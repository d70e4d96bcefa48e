//! How deeply the compiler must look into the models to prove auto traits
//! (`Send` of a pagination stream, `Deserialize` bounds). rustc stops at
//! `recursion_limit` (128 by default); deeply nested inline schemas pass it,
//! so the crate raises the limit when, and only when, its types need it.

use crate::ir::visit::{self, Slot};
use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// The compiler's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// Room left for what wraps the models: `Result`, `Error<E>`, the error
/// enums, futures and streams.
const WRAPPERS: usize = 32;

/// What a `Vec<T>` adds between it and `T`.
const VEC: usize = 4;
/// What an `IndexMap<String, T>` adds between it and `T`.
const MAP: usize = 7;
/// What a `Box<T>` adds between it and `T`.
const BOX: usize = 3;

/// `Some(limit)` when the default limit is too small for the API's types.
pub fn recursion_limit(api: &Api) -> Option<usize> {
    let mut depths = Depths {
        api,
        known: vec![None; api.types.len()],
        visiting: vec![false; api.types.len()],
    };
    let deepest = (0..api.types.len())
        .map(|i| depths.named(TypeId(i)))
        .max()
        .unwrap_or(0);
    let needed = deepest.saturating_add(WRAPPERS);
    (needed > DEFAULT_LIMIT).then(|| needed.saturating_mul(2).next_power_of_two())
}

struct Depths<'a> {
    api: &'a Api,
    known: Vec<Option<usize>>,
    visiting: Vec<bool>,
}

impl Depths<'_> {
    /// Levels below a named type. A type met again while it is being measured
    /// is a cycle, which the compiler proves coinductively: it adds nothing.
    fn named(&mut self, id: TypeId) -> usize {
        if let Some(Some(depth)) = self.known.get(id.0) {
            return *depth;
        }
        let Some(def) = self.api.def(id) else {
            return 1;
        };
        match self.visiting.get_mut(id.0) {
            Some(visiting) if !*visiting => *visiting = true,
            _ => return 0,
        }
        let inner = if matches!(def.kind, TypeKind::Enum(_)) {
            1
        } else {
            let mut slots = Vec::new();
            visit::type_slots(def, |ty, slot| slots.push((ty, slot)));
            let mut deepest = 0;
            for (ty, slot) in slots {
                let below = self.expr(ty);
                let depth = match slot {
                    Slot::Field { optional, boxed } => {
                        below + usize::from(boxed) * BOX + usize::from(optional)
                    }
                    Slot::Additional => below + MAP,
                    Slot::Alias => below,
                    Slot::Variant { boxed } => below + usize::from(boxed) * BOX,
                };
                deepest = deepest.max(depth);
            }
            deepest
        };
        if let Some(visiting) = self.visiting.get_mut(id.0) {
            *visiting = false;
        }
        let depth = inner + 1;
        if let Some(known) = self.known.get_mut(id.0) {
            *known = Some(depth);
        }
        depth
    }

    /// Levels of a type expression: each container adds the types it is made
    /// of (`Vec` → `RawVec` → ... ; `IndexMap` → `Core` → `Vec<Bucket>` ...).
    fn expr(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Named(id) => self.named(*id),
            TypeRef::Array(inner) => self.expr(inner) + VEC,
            TypeRef::Map(inner) => self.expr(inner) + MAP,
            TypeRef::Nullable(inner) => self.expr(inner) + 1,
            TypeRef::JsonMap => MAP + 2,
            TypeRef::Json => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::lookup::{api_of, struct_def};

    fn nested(levels: usize) -> Api {
        let types = (0..levels)
            .map(|level| {
                let inner = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Named(
                    TypeId(level + 1),
                )))));
                let fields: &[(&str, TypeRef)] = if level + 1 < levels {
                    &[("inner", inner)]
                } else {
                    &[]
                };
                // Zero-padded, so that sorted by name is sorted by level.
                struct_def(&format!("T{level:03}"), fields)
            })
            .collect();
        api_of(types)
    }

    #[test]
    fn shallow_types_keep_the_default_limit() {
        assert_eq!(recursion_limit(&nested(3)), None);
        assert_eq!(recursion_limit(&nested(0)), None);
    }

    #[test]
    fn deep_nesting_raises_the_limit() {
        // Twelve levels of `Option<IndexMap<String, Vec<Next>>>` overflowed
        // 128 in a fuzzed spec.
        let raised = recursion_limit(&nested(12));
        assert!(raised.is_some_and(|l| l >= 256), "{raised:?}");
    }
}
