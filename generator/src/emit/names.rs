//! Identifiers and type expressions as tokens.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeRef};

/// An identifier token; `r#name` becomes a raw identifier. Names come from
/// the lowering stage's naming rules, which only produce valid identifiers;
/// anything else is replaced rather than allowed to panic.
pub fn ident(name: &str) -> Ident {
    let valid = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && s != "_"
    };
    match name.strip_prefix("r#") {
        Some(raw) if valid(raw) => Ident::new_raw(raw, Span::call_site()),
        _ if valid(name) => Ident::new(name, Span::call_site()),
        _ => Ident::new("invalid_identifier", Span::call_site()),
    }
}

/// How named types are written where the type expression appears.
#[derive(Clone, Copy)]
pub enum Context {
    /// Inside `models/`: sibling types are imported by name.
    Models,
    /// Elsewhere: `models::Name`.
    Outside,
}

/// Collects the `use` items a file needs, and prints type expressions
/// (named types by the name their id has in `api`).
pub struct Imports<'a> {
    api: &'a Api,
    paths: BTreeSet<String>,
    models: BTreeSet<String>,
}

impl<'a> Imports<'a> {
    /// Nothing imported yet.
    pub fn new(api: &'a Api) -> Self {
        Self {
            api,
            paths: BTreeSet::new(),
            models: BTreeSet::new(),
        }
    }

    /// The API whose types are named.
    pub fn api(&self) -> &'a Api {
        self.api
    }

    /// Records `use path;`.
    pub fn add(&mut self, path: &str) {
        self.paths.insert(path.to_owned());
    }

    /// The `use` items, sorted.
    pub fn tokens(&self, own_name: Option<&str>) -> TokenStream {
        let mut items: Vec<TokenStream> = Vec::new();
        let models: Vec<Ident> = self
            .models
            .iter()
            .filter(|m| Some(m.as_str()) != own_name)
            .map(|m| ident(m))
            .collect();
        if !models.is_empty() {
            items.push(quote!(use super::{#(#models),*};));
        }
        // `use a::{B, C};` per crate, like a person would write it.
        let mut by_root: std::collections::BTreeMap<&str, Vec<&str>> =
            std::collections::BTreeMap::new();
        for path in &self.paths {
            if let Some((root, rest)) = path.split_once("::") {
                by_root.entry(root).or_default().push(rest);
            }
        }
        for (root, rests) in by_root {
            let text = match rests.as_slice() {
                [one] => format!("use {root}::{one};"),
                many => format!("use {root}::{{{}}};", many.join(", ")),
            };
            if let Ok(item) = syn::parse_str::<syn::Item>(&text) {
                items.push(quote!(#item));
            }
        }
        quote!(#(#items)*)
    }

    /// The tokens of a type expression.
    pub fn ty(&mut self, ty: &TypeRef, context: Context) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::Integer { bits: 32 } => quote!(i32),
            TypeRef::Integer { .. } => quote!(i64),
            TypeRef::Number { bits: 32 } => quote!(f32),
            TypeRef::Number { .. } => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::DateTime => {
                self.add("isc_runtime::DateTime");
                quote!(DateTime)
            }
            TypeRef::Date => {
                self.add("isc_runtime::Date");
                quote!(Date)
            }
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::JsonMap => {
                self.add("isc_runtime::JsonMap");
                quote!(JsonMap)
            }
            TypeRef::Array(item) => {
                let item = self.ty(item, context);
                quote!(Vec<#item>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner, context);
                quote!(Option<#inner>)
            }
            TypeRef::Map(value) => {
                let value = self.ty(value, context);
                self.add("indexmap::IndexMap");
                quote!(IndexMap<String, #value>)
            }
            TypeRef::Named(id) => {
                if let Some(path) = self
                    .api
                    .def(*id)
                    .and_then(|d| d.custom.replaced_by.as_deref())
                {
                    return super::custom::path(path);
                }
                let name = self.api.type_name(*id);
                let id = ident(name);
                match context {
                    Context::Models => {
                        self.models.insert(name.to_owned());
                        quote!(#id)
                    }
                    Context::Outside => quote!(models::#id),
                }
            }
        }
    }
}
