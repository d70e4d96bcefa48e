//! What the settings added to a type ([`crate::ir::Custom`]), as tokens:
//! extra derives, attributes, and the path of a replacing type. Settings
//! validated every string when they were applied.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::TypeDef;

/// A Rust path (`my_crate::Account`) as tokens.
pub fn path(text: &str) -> TokenStream {
    syn::parse_str::<syn::Path>(text)
        .map(|p| quote!(#p))
        .unwrap_or_default()
}

/// Attributes as written (`#[serde(deny_unknown_fields)]`) as tokens.
fn attributes<'a>(texts: impl IntoIterator<Item = &'a String>) -> TokenStream {
    texts
        .into_iter()
        .filter_map(|text| text.parse::<TokenStream>().ok())
        .collect()
}

/// The extra `#[derive(...)]` and the attributes of a type.
pub fn type_attrs(def: &TypeDef) -> TokenStream {
    let derives = def.custom.derives.iter().map(|d| path(d));
    let derive = (!def.custom.derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    let attrs = attributes(&def.custom.attributes);
    quote!(#derive #attrs)
}

/// The attributes the settings put on one field (by its Rust name).
pub fn field_attrs(def: &TypeDef, field: &str) -> TokenStream {
    def.custom
        .field_attributes
        .get(field)
        .map(attributes)
        .unwrap_or_default()
}
