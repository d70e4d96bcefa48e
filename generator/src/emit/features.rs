//! Prints the cargo features lowering decided: one per tag, so a crate that
//! uses two tags compiles only those two and the models they reach
//! ([`crate::ir::analysis::reach`]).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Tag, TypeDef};
use crate::lower::naming::FULL_FEATURE as FULL;

/// The features of one API, as `#[cfg]` attributes and a Cargo table.
pub struct Features<'a> {
    api: &'a Api,
    all: BTreeSet<&'a str>,
}

impl<'a> Features<'a> {
    /// The features of an API.
    pub fn of(api: &'a Api) -> Self {
        Self {
            api,
            all: api.tags.iter().map(|t| t.feature.as_str()).collect(),
        }
    }

    /// `#[cfg(...)]` for a tag's module and accessor.
    pub fn tag_cfg(&self, tag: &Tag) -> TokenStream {
        if !self.api.tag_features {
            return TokenStream::new();
        }
        let feature = &tag.feature;
        quote!(#[cfg(feature = #feature)])
    }

    /// `#[cfg(feature = "full")]`, for what only the whole crate has.
    pub fn full_cfg(&self) -> TokenStream {
        if !self.api.tag_features {
            return TokenStream::new();
        }
        quote!(#[cfg(feature = #FULL)])
    }

    /// `#[cfg(...)]` for a model: any feature whose operations reach it; the
    /// `full` feature for types no operation reaches; nothing for types every
    /// tag needs.
    pub fn type_cfg(&self, def: &TypeDef) -> TokenStream {
        self.tags_cfg(&def.reached_by)
    }

    /// `#[cfg(...)]` for what the tags at these indices (into
    /// [`Api::tags`]) need, as for a model.
    pub fn tags_cfg<'t>(&self, tags: impl IntoIterator<Item = &'t usize>) -> TokenStream {
        if !self.api.tag_features {
            return TokenStream::new();
        }
        let tags: BTreeSet<&str> = tags
            .into_iter()
            .filter_map(|i| self.api.tags.get(*i))
            .map(|t| t.feature.as_str())
            .collect();
        match tags.len() {
            0 => quote!(#[cfg(feature = #FULL)]),
            n if n == self.all.len() => TokenStream::new(),
            1 => {
                let tag = tags.iter().next();
                quote!(#[cfg(feature = #tag)])
            }
            _ => {
                let tags = tags.iter();
                quote!(#[cfg(any(#(feature = #tags),*))])
            }
        }
    }

    /// The `[features]` table of Cargo.toml.
    pub fn cargo_table(&self) -> String {
        const MOCK: &str = "# Typed mocks of the API for your tests (`mock::MockServer`).\nmock = [\"isc-runtime/mock\"]\n";
        if !self.api.tag_features {
            return format!("\n[features]\n{MOCK}");
        }
        let quoted: Vec<String> = self.all.iter().map(|t| format!("\"{t}\"")).collect();
        let mut out = format!(
            "\n# One feature per tag: depend with `default-features = false` and list the tags you use.\n[features]\ndefault = [\"{FULL}\"]\n{FULL} = [{}]\n",
            quoted.join(", ")
        );
        for tag in &self.all {
            out.push_str(&format!("{tag} = []\n"));
        }
        out.push_str(MOCK);
        out
    }
}
