//! One file per named type: structs, string enums and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{Context, Imports, ident};
use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind};
use crate::lower::naming::serde_camel_case;

/// The body of `models/<module>.rs`.
pub fn type_file(def: &TypeDef) -> TokenStream {
    let mut imports = Imports::default();
    let origin = format!("Schema: `{}`.", def.origin);
    let docs = doc::attrs(&doc::paragraphs([
        def.doc.as_deref(),
        Some(origin.as_str()),
    ]));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_item(def, s, &mut imports),
        TypeKind::Enum(e) => enum_item(def, e, &mut imports),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let ty = imports.ty(ty, Context::Models);
            quote!(pub type #name = #ty;)
        }
    };
    let uses = imports.tokens(Some(&def.name));
    quote! {
        #uses
        #docs
        #deprecated
        #item
    }
}

fn struct_item(def: &TypeDef, s: &Struct, imports: &mut Imports) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Serialize");
    let name = ident(&def.name);
    // `rename_all` only when it reproduces every wire name it touches, so the
    // remaining per-field renames are the exceptions.
    let camel = s.fields.iter().filter(|f| f.name != f.json_name).count() > 1
        && s.fields
            .iter()
            .all(|f| serde_camel_case(&f.name) == f.json_name || plain(f));
    let container = camel.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let mut fields: Vec<TokenStream> = s.fields.iter().map(|f| field(f, camel, imports)).collect();
    if let Some(value) = &s.additional {
        let value = imports.ty(value, Context::Models);
        imports.add("indexmap::IndexMap");
        let taken = s.fields.iter().any(|f| f.name == "additional_properties");
        let extra = ident(if taken {
            "other_properties"
        } else {
            "additional_properties"
        });
        fields.push(quote! {
            /// Properties not named in the schema, in the order they were sent.
            #[serde(flatten)]
            pub #extra: IndexMap<String, #value>,
        });
    }
    let all_optional = s.fields.iter().all(|f| f.optional());
    let default = all_optional.then(|| quote!(Default,));
    quote! {
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #container
        pub struct #name {
            #(#fields)*
        }
    }
}

/// A field whose Rust name already is its wire name.
fn plain(field: &Field) -> bool {
    crate::lower::naming::bare(&field.name) == field.json_name
}

fn field(f: &Field, camel: bool, imports: &mut Imports) -> TokenStream {
    let name = ident(&f.name);
    let inner = imports.ty(&f.ty, Context::Models);
    let inner = if f.boxed { quote!(Box<#inner>) } else { inner };
    let ty = if f.optional() {
        quote!(Option<#inner>)
    } else {
        inner
    };
    let wire = &f.json_name;
    let needs_rename = if camel {
        serde_camel_case(&f.name) != f.json_name
    } else {
        !plain(f)
    };
    let mut serde = Vec::new();
    if needs_rename {
        serde.push(quote!(rename = #wire));
    }
    if !f.required {
        // Absent and `None` are the same: leave the property out.
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    let presence = match (f.required, f.nullable) {
        (true, false) => None,
        (true, true) => Some("Required; `null` is a value (sent as `null`)."),
        (false, true) => Some("Optional; may also be `null`."),
        (false, false) => None,
    };
    let read_only = f
        .read_only
        .then_some("Set by the server; ignored in requests.");
    let fallback = format!("The `{wire}` property.");
    let text = doc::paragraphs([
        f.doc.as_deref().or(Some(fallback.as_str())),
        presence,
        read_only,
    ]);
    let docs = doc::attrs(&text);
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn enum_item(def: &TypeDef, e: &StringEnum, imports: &mut Imports) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    let name = ident(&def.name);
    let unknown = ident(if e.variants.iter().any(|v| v.name == "Unknown") {
        "UnknownValue"
    } else {
        "Unknown"
    });
    let variants = e.variants.iter().map(|v| {
        let id = ident(&v.name);
        let docs = doc::attrs(&format!("`{}`", v.value));
        quote!(#docs #id,)
    });
    let to_str = e.variants.iter().map(|v| {
        let id = ident(&v.name);
        let value = &v.value;
        quote!(Self::#id => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let id = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#id,)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept exactly as received.
            #unknown(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}
