//! How deeply the compiler must look into the models to prove auto traits
//! (`Send` of a pagination stream, `Deserialize` bounds). rustc stops at
//! `recursion_limit` (128 by default); deeply nested inline schemas pass it,
//! so the crate raises the limit when, and only when, its types need it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeDef, TypeKind, TypeRef};

/// The compiler's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// Room left for what wraps the models: `Result`, `Error<E>`, the error
/// enums, futures and streams.
const WRAPPERS: usize = 32;

/// `Some(limit)` when the default limit is too small for the API's types.
pub fn limit(api: &Api) -> Option<usize> {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut depths = Depths {
        defs,
        known: BTreeMap::new(),
        visiting: BTreeSet::new(),
    };
    let deepest = api
        .types
        .iter()
        .map(|d| depths.named(&d.name))
        .max()
        .unwrap_or(0);
    let needed = deepest + WRAPPERS;
    (needed > DEFAULT_LIMIT).then(|| (needed * 2).next_power_of_two())
}

struct Depths<'a> {
    defs: BTreeMap<&'a str, &'a TypeDef>,
    known: BTreeMap<String, usize>,
    visiting: BTreeSet<String>,
}

impl Depths<'_> {
    /// Levels below a named type. A type met again while it is being measured
    /// is a cycle, which the compiler proves coinductively: it adds nothing.
    fn named(&mut self, name: &str) -> usize {
        if let Some(&depth) = self.known.get(name) {
            return depth;
        }
        let Some(def) = self.defs.get(name).copied() else {
            return 1;
        };
        if !self.visiting.insert(name.to_owned()) {
            return 0;
        }
        let inner = match &def.kind {
            TypeKind::Struct(s) => {
                let mut deepest = 0;
                for f in &s.fields {
                    let depth =
                        self.expr(&f.ty) + usize::from(f.boxed) * 3 + usize::from(f.optional());
                    deepest = deepest.max(depth);
                }
                if let Some(ty) = &s.additional {
                    deepest = deepest.max(self.expr(ty) + MAP);
                }
                deepest
            }
            TypeKind::Alias(ty) => self.expr(ty),
            TypeKind::OneOf(o) => o
                .variants
                .iter()
                .map(|v| self.expr(&v.ty) + usize::from(v.boxed) * 3)
                .max()
                .unwrap_or(0),
            TypeKind::Enum(_) => 1,
        };
        self.visiting.remove(name);
        let depth = inner + 1;
        self.known.insert(name.to_owned(), depth);
        depth
    }

    /// Levels of a type expression: each container adds the types it is made
    /// of (`Vec` → `RawVec` → ... ; `IndexMap` → `Core` → `Vec<Bucket>` ...).
    fn expr(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::Array(inner) => self.expr(inner) + VEC,
            TypeRef::Map(inner) => self.expr(inner) + MAP,
            TypeRef::Nullable(inner) => self.expr(inner) + 1,
            TypeRef::JsonMap => MAP + 2,
            TypeRef::Json => 2,
            _ => 1,
        }
    }
}

/// What a `Vec<T>` adds between it and `T`.
const VEC: usize = 4;
/// What an `IndexMap<String, T>` adds between it and `T`.
const MAP: usize = 7;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::struct_def;

    fn nested(levels: usize) -> Api {
        let types = (0..levels)
            .map(|level| {
                let inner = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Named(
                    format!("T{}", level + 1),
                )))));
                let fields: &[(&str, TypeRef)] = if level + 1 < levels {
                    &[("inner", inner)]
                } else {
                    &[]
                };
                struct_def(&format!("T{level}"), fields)
            })
            .collect();
        Api {
            title: "t".to_owned(),
            version: "1".to_owned(),
            description: None,
            base_path: String::new(),
            server_url: None,
            types,
            tags: Vec::new(),
            webhooks: Vec::new(),
        }
    }

    #[test]
    fn shallow_types_keep_the_default_limit() {
        assert_eq!(limit(&nested(3)), None);
        assert_eq!(limit(&nested(0)), None);
    }

    #[test]
    fn deep_nesting_raises_the_limit() {
        // Twelve levels of `Option<IndexMap<String, Vec<Next>>>` overflowed
        // 128 in a fuzzed spec.
        let raised = limit(&nested(12));
        assert!(raised.is_some_and(|l| l >= 256), "{raised:?}");
    }
}
