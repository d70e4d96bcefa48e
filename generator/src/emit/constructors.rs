//! The constructors of model structs. Model structs are `#[non_exhaustive]`
//! (a new optional property must not break other crates' struct literals),
//! so other crates build them with `new` — one argument per field that is
//! not an `Option`, chosen in lowering (`Struct::new_arguments`) — or with
//! `Default` when there is none, and then set the public fields.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{Context, Imports, ident};
use crate::ir::{Struct, TypeDef};

/// `impl Name { pub fn new(...) -> Self }` for a model struct.
pub fn new_fn(def: &TypeDef, s: &Struct, imports: &mut Imports<'_>) -> TokenStream {
    let name = ident(&def.name);
    let mut arguments = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let id = ident(&f.name);
        if s.new_arguments.contains(&f.name) {
            let ty = imports.ty(&f.ty, Context::Models);
            arguments.push(quote!(#id: #ty));
            inits.push(if f.boxed {
                quote!(#id: Box::new(#id))
            } else {
                quote!(#id)
            });
        } else {
            inits.push(quote!(#id: None));
        }
    }
    if s.additional.is_some() {
        let extra = ident(&s.additional_name);
        inits.push(quote!(#extra: IndexMap::new()));
    }
    let text = if arguments.is_empty() {
        "Every field `None`; set the ones to send."
    } else {
        "From the fields that are not optional; the others start as `None`."
    };
    let docs = super::doc::own(text);
    let allow = (arguments.len() > super::lints::TOO_MANY_ARGUMENTS_THRESHOLD).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")])
    });
    quote! {
        #[allow(deprecated, reason = "a constructor sets deprecated fields too")]
        impl #name {
            #docs
            #allow
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}
