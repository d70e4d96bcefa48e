//! The serde impls of a model struct, through the runtime's
//! `isc_runtime::object` instead of serde's derives: the derive's field
//! visitor, sequence visitor and per-field checks are half of what a big
//! client costs to compile, and the runtime has them once. A struct whose
//! settings add serde attributes keeps the derives, which are what read
//! them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{Imports, ident};
use crate::ir::{Struct, TypeDef};

/// `impl Serialize` (the fields through `isc_runtime::object::Writer`), `impl
/// Object` (which property goes to which field) and `impl Deserialize` (a
/// call into the runtime) for a struct.
pub fn struct_impls(def: &TypeDef, s: &Struct, imports: &mut Imports<'_>) -> TokenStream {
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    let name = ident(&def.name);
    let type_name = &def.name;
    let names = s.fields.iter().enumerate().map(|(index, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let wire = &f.json_name;
        quote!(#wire => Some(#index),)
    });
    let field_fn = if s.fields.is_empty() {
        quote!(
            fn field(_name: &str) -> Option<usize> {
                None
            }
        )
    } else {
        quote! {
            fn field(name: &str) -> Option<usize> {
                match name {
                    #(#names)*
                    _ => None,
                }
            }
        }
    };
    let reserved: &[&str] = if s.additional.is_some() {
        &["properties", "key", "other", "additional"]
    } else {
        &["properties", "index"]
    };
    let slots: Vec<_> = s
        .fields
        .iter()
        .map(|f| slot_ident(&f.name, reserved))
        .collect();
    let types: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            // An optional field is read into itself (`null` and absent are
            // `None`); a required one into an `Option` that says it came.
            let ty = super::models::field_type(f, imports);
            if f.optional() {
                ty
            } else {
                quote!(Option<#ty>)
            }
        })
        .collect();
    let allows = types.iter().map(super::lints::allow_type_complexity);
    // A struct whose fields are all optional is read into its own default:
    // one local instead of one per field, and no struct to assemble.
    let in_place = s.default && !(s.fields.is_empty() && s.additional.is_none());
    let places: Vec<TokenStream> = if in_place {
        s.fields
            .iter()
            .map(|f| {
                let field = ident(&f.name);
                quote!(value.#field)
            })
            .collect()
    } else {
        slots.iter().map(|slot| quote!(#slot)).collect()
    };
    let reads: Vec<(proc_macro2::Literal, TokenStream)> = s
        .fields
        .iter()
        .zip(&places)
        .enumerate()
        .map(|(index, (f, place))| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let read = if f.optional() {
                quote!(properties.optional(&mut #place))
            } else {
                quote!(properties.value(&mut #place))
            };
            (index, read)
        })
        .collect();
    let additional = if in_place {
        let field = ident(&s.additional_name);
        quote!(value.#field)
    } else {
        quote!(additional)
    };
    let arms = reads.iter().map(|(index, read)| quote!(#index => #read,));
    let ok_arms = reads
        .iter()
        .map(|(index, read)| quote!(Ok(#index) => #read,));
    let read_loop = match (s.fields.len(), &s.additional) {
        (0, None) => quote!(while properties.next_field()?.is_some() {}),
        // One arm and a wildcard would be clippy's `single_match`.
        (1, None) => {
            let read = reads.first().map(|(_, read)| read);
            quote! {
                while properties.next_field()?.is_some() {
                    #read?;
                }
            }
        }
        (_, None) => quote! {
            while let Some(index) = properties.next_field()? {
                match index {
                    #(#arms)*
                    _ => Ok(()),
                }?;
            }
        },
        (0, Some(_)) => quote! {
            while let Some(key) = properties.next_field_or_other()? {
                if let Err(other) = key {
                    properties.additional(&mut #additional, other)?;
                }
            }
        },
        (_, Some(_)) => quote! {
            while let Some(key) = properties.next_field_or_other()? {
                match key {
                    #(#ok_arms)*
                    Ok(_) => Ok(()),
                    Err(other) => properties.additional(&mut #additional, other),
                }?;
            }
        },
    };
    let inits = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field = ident(&f.name);
        if *slot == field {
            quote!(#field)
        } else {
            quote!(#field: #slot)
        }
    });
    let extra = s.additional.as_ref().map(|_| {
        let field = ident(&s.additional_name);
        quote!(#field: additional,)
    });
    let extra_slot = s
        .additional
        .as_ref()
        .map(|_| quote!(let mut additional = IndexMap::new();));
    let value = quote! {
        Self {
            #(#inits,)*
            #extra
        }
    };
    // The required slots are taken apart in one match rather than with a `?`
    // each: every early return drops every slot still alive, and that drop
    // code, per return, is what makes a big struct slow to check.
    let required: Vec<(&proc_macro2::Ident, &str)> = s
        .fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| !f.optional())
        .map(|(f, slot)| (slot, f.json_name.as_str()))
        .collect();
    let finish = match required.as_slice() {
        [] if in_place => quote!(Ok(value)),
        [] => quote!(Ok(#value)),
        [(slot, wire)] => quote! {
            match #slot {
                Some(#slot) => Ok(#value),
                None => Err(serde::de::Error::missing_field(#wire)),
            }
        },
        many => {
            let slots = many.iter().map(|(slot, _)| *slot);
            let somes = many.iter().map(|(slot, _)| quote!(Some(#slot)));
            let wires = many.iter().map(|(_, wire)| *wire);
            quote! {
                match (#(#slots),*) {
                    (#(#somes),*) => Ok(#value),
                    _ => Err(properties.missing(&[#(#wires),*])),
                }
            }
        }
    };
    let locals = if in_place {
        quote!(let mut value = Self::default();)
    } else {
        quote! {
            #(#allows let mut #slots: #types = None;)*
            #extra_slot
        }
    };
    let deprecated = (def.deprecated || s.fields.iter().any(|f| f.deprecated))
        .then(|| quote!(#[allow(deprecated, reason = "decoding sets deprecated fields too")]));
    let writes = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.json_name;
        if f.required {
            quote!(object.field(#wire, &self.#field);)
        } else {
            // Absent and `None` are the same: leave the property out.
            quote!(object.optional(#wire, &self.#field);)
        }
    });
    let write_extra = s.additional.as_ref().map(|_| {
        let field = ident(&s.additional_name);
        quote!(object.additional(&self.#field);)
    });
    quote! {
        #deprecated
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = isc_runtime::object::Writer::new(serializer);
                #(#writes)*
                #write_extra
                object.end()
            }
        }

        #deprecated
        impl isc_runtime::object::Object for #name {
            const NAME: &'static str = #type_name;

            #field_fn

            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut properties: isc_runtime::object::Properties<'de, A, Self>,
            ) -> Result<Self, A::Error> {
                #locals
                #read_loop
                #finish
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                isc_runtime::object::decode(deserializer)
            }
        }
    }
}

/// The local holding a field's value while the object is read: the field's
/// own name, unless the reader uses that name for one of its own locals, or
/// clippy objects to it as a local (`disallowed_names`: `foo`, `baz`,
/// `quux`; `just_underscores_and_digits`: `_1`), which it does not for fields.
fn slot_ident(field: &str, reserved: &[&str]) -> proc_macro2::Ident {
    let bare = field.strip_prefix("r#").unwrap_or(field);
    let placeholder = matches!(bare, "foo" | "baz" | "quux")
        || bare.chars().all(|c| c == '_' || c.is_ascii_digit());
    if placeholder || reserved.contains(&bare) {
        format_ident!("{bare}_slot")
    } else {
        ident(field)
    }
}
