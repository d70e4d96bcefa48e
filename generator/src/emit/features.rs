//! One cargo feature per tag, so a crate that uses two tags compiles only
//! those two and the models they reach.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyEncoding, Operation, Payload, TypeDef, TypeKind, TypeRef};

/// Which features need each named type; absent means "always compiled".
pub struct Features {
    enabled: bool,
    all: BTreeSet<String>,
    by_type: BTreeMap<String, BTreeSet<String>>,
}

/// The feature that compiles every tag (and the types no operation uses).
pub const FULL: &str = "full";

/// The cargo feature of a tag's module. Usually the module's name; a tag whose
/// module is `default` (where untagged operations go) or `full` would repeat a
/// key cargo already has, so it gets a `tag-` prefix (a module name never
/// holds `-`, so the prefixed name cannot meet another tag's).
fn feature_name(module: &str) -> String {
    if module == "default" || module == FULL {
        format!("tag-{module}")
    } else {
        module.to_owned()
    }
}

impl Features {
    /// Features of an API: only when it has more than one tag to choose from.
    pub fn of(api: &Api) -> Self {
        let enabled = api.tags.len() > 1;
        let defs: BTreeMap<&str, &TypeDef> =
            api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut by_type: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let all: BTreeSet<String> = api.tags.iter().map(|t| feature_name(&t.module)).collect();
        for tag in &api.tags {
            let mut pending: Vec<String> =
                tag.operations.iter().flat_map(operation_types).collect();
            let mut seen = BTreeSet::new();
            while let Some(name) = pending.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(def) = defs.get(name.as_str()) {
                    pending.extend(def_types(def));
                }
                by_type
                    .entry(name)
                    .or_default()
                    .insert(feature_name(&tag.module));
            }
        }
        Self {
            enabled,
            all,
            by_type,
        }
    }

    /// `#[cfg(...)]` for a tag's module and accessor.
    pub fn tag_cfg(&self, module: &str) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        let feature = feature_name(module);
        quote!(#[cfg(feature = #feature)])
    }

    /// `#[cfg(feature = "full")]`, for what only the whole crate has.
    pub fn full_cfg(&self) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        quote!(#[cfg(feature = #FULL)])
    }

    /// `#[cfg(...)]` for a model: any feature whose operations reach it; the
    /// `full` feature for types no operation reaches; nothing for types every
    /// tag needs.
    pub fn type_cfg(&self, name: &str) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        match self.by_type.get(name) {
            None => quote!(#[cfg(feature = #FULL)]),
            Some(tags) if tags.len() == self.all.len() => TokenStream::new(),
            Some(tags) if tags.len() == 1 => {
                let tag = tags.iter().next();
                quote!(#[cfg(feature = #tag)])
            }
            Some(tags) => {
                let tags = tags.iter();
                quote!(#[cfg(any(#(feature = #tags),*))])
            }
        }
    }

    /// The `[features]` table of Cargo.toml.
    pub fn cargo_table(&self) -> String {
        if !self.enabled {
            return String::new();
        }
        let quoted: Vec<String> = self.all.iter().map(|t| format!("\"{t}\"")).collect();
        let mut out = format!(
            "\n# One feature per tag: depend with `default-features = false` and list the tags you use.\n[features]\ndefault = [\"{FULL}\"]\n{FULL} = [{}]\n",
            quoted.join(", ")
        );
        for tag in &self.all {
            out.push_str(&format!("{tag} = []\n"));
        }
        out
    }
}

fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named(inner, out),
        _ => {}
    }
}

fn operation_types(op: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    for p in &op.parameters {
        named(&p.ty, &mut out);
    }
    if let Some(body) = &op.body {
        match &body.encoding {
            BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => named(ty, &mut out),
            BodyEncoding::Multipart(fields) => fields.iter().for_each(|f| named(&f.ty, &mut out)),
            BodyEncoding::Binary | BodyEncoding::Text => {}
        }
    }
    for case in op.success.cases.iter().chain(&op.errors) {
        if let Payload::Json(ty) = &case.payload {
            named(ty, &mut out);
        }
    }
    out
}

fn def_types(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| named(&f.ty, &mut out));
            if let Some(extra) = &s.additional {
                named(extra, &mut out);
            }
        }
        TypeKind::Alias(ty) => named(ty, &mut out),
        TypeKind::OneOf(o) => o.variants.iter().for_each(|v| named(&v.ty, &mut out)),
        TypeKind::Enum(_) => {}
    }
    out
}
