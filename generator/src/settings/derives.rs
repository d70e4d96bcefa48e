//! Whether an extra derive can hold for a type: `Eq`, `Hash`, `PartialOrd`
//! and `Ord` need every value inside the type to have them too, which
//! floating-point numbers, JSON values and maps do not. Derives this module
//! does not know (`schemars::JsonSchema`, say) are the user's to vouch for.

use std::collections::HashMap;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// A standard trait whose derive depends on what the type holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trait {
    /// `Eq`.
    Eq,
    /// `Hash`.
    Hash,
    /// `PartialOrd`.
    PartialOrd,
    /// `Ord`.
    Ord,
}

impl Trait {
    /// The trait a derive path names, when it is one this module checks.
    pub fn of(path: &str) -> Option<Self> {
        match path.trim_start_matches("::").trim_start_matches("std::") {
            "Eq" | "cmp::Eq" => Some(Self::Eq),
            "Hash" | "hash::Hash" => Some(Self::Hash),
            "PartialOrd" | "cmp::PartialOrd" => Some(Self::PartialOrd),
            "Ord" | "cmp::Ord" => Some(Self::Ord),
            _ => None,
        }
    }
}

/// The traits the emitter already implements on a type of this kind (by a
/// derive, or for string enums and model structs by the runtime's macro and
/// `object` module); asking for one again would be a conflicting
/// implementation, so it is dropped. Must agree with `emit::models`.
pub fn already_derived(kind: &TypeKind, all_optional: bool) -> &'static [&'static str] {
    match kind {
        TypeKind::Struct(_) if all_optional => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Default",
            "Serialize",
            "Deserialize",
        ],
        TypeKind::Struct(_) => &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"],
        TypeKind::Enum(_) => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Eq",
            "Hash",
            "PartialOrd",
            "Ord",
        ],
        TypeKind::OneOf(_) => &["Debug", "Clone", "PartialEq"],
        TypeKind::Alias(_) => &[],
    }
}

/// Answers "can `T` be derived for this type?" with memory, since types
/// share their members.
pub struct Checker<'a> {
    api: &'a Api,
    known: HashMap<(TypeId, Trait), Result<(), String>>,
}

impl<'a> Checker<'a> {
    /// A checker over `api`'s types.
    pub fn new(api: &'a Api) -> Self {
        Self {
            api,
            known: HashMap::new(),
        }
    }

    /// `Ok` when `trait_` holds for the named type and all it holds, else
    /// the place (type and field) that prevents it.
    pub fn named(&mut self, id: TypeId, trait_: Trait) -> Result<(), String> {
        if let Some(known) = self.known.get(&(id, trait_)) {
            return known.clone();
        }
        // A type that contains itself holds the trait if nothing else in it
        // breaks it: assume so while looking inside.
        self.known.insert((id, trait_), Ok(()));
        let answer = self.look_inside(id, trait_);
        self.known.insert((id, trait_), answer.clone());
        answer
    }

    fn look_inside(&mut self, id: TypeId, trait_: Trait) -> Result<(), String> {
        let Some(def) = self.api.def(id) else {
            return Ok(());
        };
        if def.custom.replaced_by.is_some() {
            return Ok(());
        }
        let name = def.name.clone();
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    self.ty(&field.ty, trait_)
                        .map_err(|why| format!("{name}.{}: {why}", field.name))?;
                }
                if s.additional.is_some() && trait_ != Trait::Eq {
                    return Err(format!(
                        "{name}.{}: a map has no {trait_:?}",
                        s.additional_name
                    ));
                }
                if let Some(extra) = &s.additional {
                    self.ty(extra, trait_)
                        .map_err(|why| format!("{name}.{}: {why}", s.additional_name))?;
                }
                Ok(())
            }
            TypeKind::Enum(_) => Ok(()),
            TypeKind::Alias(ty) => self.ty(ty, trait_),
            TypeKind::OneOf(o) => {
                for v in &o.variants {
                    self.ty(&v.ty, trait_)
                        .map_err(|why| format!("{name}::{}: {why}", v.name))?;
                }
                Ok(())
            }
        }
    }

    fn ty(&mut self, ty: &TypeRef, trait_: Trait) -> Result<(), String> {
        match ty {
            TypeRef::String
            | TypeRef::Integer { .. }
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Date => Ok(()),
            TypeRef::Number { .. } if trait_ == Trait::PartialOrd => Ok(()),
            TypeRef::Number { .. } => Err(format!("a floating-point number has no {trait_:?}")),
            TypeRef::Json | TypeRef::JsonMap => Err(format!("a JSON value has no {trait_:?}")),
            TypeRef::Map(_) if trait_ != Trait::Eq => Err(format!("a map has no {trait_:?}")),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.ty(inner, trait_)
            }
            TypeRef::Named(id) => self.named(*id, trait_),
        }
    }
}
