//! One file per named type: structs, string enums and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{Context, Imports, ident};
use crate::ir::{Api, Field, JsonKind, OneOf, StringEnum, Struct, TypeDef, TypeKind, TypeRef};
use crate::lower::naming::serde_camel_case;

/// The body of `models/<module>.rs`.
pub fn type_file(api: &Api, def: &TypeDef) -> TokenStream {
    let mut imports = Imports::new(api);
    let origin = format!("Schema: `{}`.", def.origin);
    let docs = doc::attrs(&doc::paragraphs([
        def.doc.as_deref(),
        Some(origin.as_str()),
    ]));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_item(def, s, &mut imports),
        TypeKind::Enum(e) => enum_item(def, e),
        TypeKind::OneOf(o) => one_of_item(def, o, &mut imports),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let ty = imports.ty(ty, Context::Models);
            let custom = super::custom::type_attrs(def);
            quote!(#custom pub type #name = #ty;)
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

fn struct_item(def: &TypeDef, s: &Struct, imports: &mut Imports<'_>) -> TokenStream {
    let name = ident(&def.name);
    // Settings' serde attributes are read by the derives only; without them
    // the runtime's object reader and writer are lighter to compile, and the
    // wire names are in their impls rather than in attributes.
    let derived = def.custom.has_serde_attributes();
    // `rename_all` only when it reproduces every wire name it touches, so the
    // remaining per-field renames are the exceptions.
    let camel = s.fields.iter().filter(|f| f.name != f.json_name).count() > 1
        && s.fields
            .iter()
            .all(|f| serde_camel_case(&f.name) == f.json_name || plain(f));
    let container = (derived && camel).then(|| quote!(#[serde(rename_all = "camelCase")]));
    let mut fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let custom = super::custom::field_attrs(def, &f.name);
            let field = field(f, derived.then_some(camel), imports);
            quote!(#custom #field)
        })
        .collect();
    let custom = super::custom::type_attrs(def);
    if let Some(value) = &s.additional {
        let value = imports.ty(value, Context::Models);
        imports.add("indexmap::IndexMap");
        let extra = ident(&s.additional_name);
        let flatten = derived.then(|| quote!(#[serde(flatten)]));
        fields.push(quote! {
            /// Properties not named in the schema, in the order they were sent.
            #flatten
            pub #extra: IndexMap<String, #value>,
        });
    }
    let default = s.default.then(|| quote!(Default,));
    let new = super::constructors::new_fn(def, s, imports);
    let (serde_derives, serde_impls) = if derived {
        imports.add("serde::Deserialize");
        imports.add("serde::Serialize");
        (Some(quote!(Serialize, Deserialize)), None)
    } else {
        (None, Some(super::object::struct_impls(def, s, imports)))
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default #serde_derives)]
        #custom
        #container
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #new
        #serde_impls
    }
}

/// A field whose Rust name already is its wire name.
fn plain(field: &Field) -> bool {
    crate::lower::naming::bare(&field.name) == field.json_name
}

/// A field's type as declared: boxed to break a cycle, `Option` when it may
/// be absent or `null`.
pub(super) fn field_type(f: &Field, imports: &mut Imports<'_>) -> TokenStream {
    let inner = imports.ty(&f.ty, Context::Models);
    let inner = if f.boxed { quote!(Box<#inner>) } else { inner };
    if f.optional() {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

/// A field; `derived` is `Some(rename_all camelCase)` when serde's derives
/// read its attributes.
fn field(f: &Field, derived: Option<bool>, imports: &mut Imports<'_>) -> TokenStream {
    let name = ident(&f.name);
    let ty = field_type(f, imports);
    let wire = &f.json_name;
    let serde = derived.and_then(|camel| {
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
        (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]))
    });
    let presence = match (f.required, f.nullable) {
        (true, false) => None,
        (true, true) => Some("Required; `null` is a value (sent as `null`)."),
        (false, true) => Some("Optional; may also be `null`."),
        (false, false) => None,
    };
    let read_only = f
        .read_only
        .then_some("Set by the server; ignored in requests.");
    let default = f.default.as_ref().map(|d| {
        let text = d
            .as_str()
            .map_or_else(|| d.to_string(), |s| format!("\"{s}\""));
        format!("The server assumes `{text}` when it is absent.")
    });
    let fallback = format!("The `{wire}` property.");
    let text = doc::paragraphs([
        // An empty or blank description documents nothing: `missing_docs`.
        f.doc
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .or(Some(fallback.as_str())),
        presence,
        read_only,
        default.as_deref(),
    ]);
    let docs = doc::attrs(&text);
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    let allow = super::lints::allow_type_complexity(&ty);
    quote! {
        #docs
        #deprecated
        #allow
        #serde
        pub #name: #ty,
    }
}

/// A string enum: the type is printed here, its impls (`as_str`,
/// `From<&str>`, `FromStr`, `Display`, serde) come from the runtime's
/// `string_enum!`.
fn enum_item(def: &TypeDef, e: &StringEnum) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(crate::ir::UNKNOWN_VARIANT);
    let variants = e.variants.iter().map(|v| {
        let id = ident(&v.name);
        let docs = doc::attrs(&format!("`{}`", v.value));
        quote!(#docs #id,)
    });
    let values = e.variants.iter().map(|v| {
        let id = ident(&v.name);
        let value = &v.value;
        quote!(#id = #value)
    });
    let custom = super::custom::type_attrs(def);
    quote! {
        #[derive(Debug, Clone)]
        #custom
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, kept exactly as received.
            #unknown(String),
        }

        isc_runtime::string_enum!(#name { #(#values),* });
    }
}

/// A `oneOf`/`anyOf`. Variants hold the schemas' types as declared, unboxed
/// (so `large_enum_variant` is allowed): boxing only some would make matching
/// on them uneven for no gain a caller can see.
fn one_of_item(def: &TypeDef, o: &OneOf, imports: &mut Imports<'_>) -> TokenStream {
    let name = ident(&def.name);
    let has_value = o.variants.iter().any(|v| v.ty == TypeRef::Json);
    let variants: Vec<TokenStream> = o
        .variants
        .iter()
        .map(|v| {
            let id = ident(&v.name);
            let ty = imports.ty(&v.ty, Context::Models);
            let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
            let text = match (&o.discriminator, v.tags.as_slice()) {
                (Some(prop), [one]) => format!("`{prop}` is `{one}`."),
                (Some(prop), tags) => format!(
                    "`{prop}` is one of {}.",
                    tags.iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (None, _) => format!("A `{}`.", v.name),
            };
            let docs = doc::attrs(&text);
            quote!(#docs #id(#ty),)
        })
        .collect();
    let Some(property) = &o.discriminator else {
        return untagged(def, o, &variants, has_value, imports);
    };
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    let serialize_arms = o.variants.iter().map(|v| {
        let id = ident(&v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        quote!(Self::#id(value) => with_tag(value, #tag))
    });
    let deserialize_arms = o.variants.iter().map(|v| {
        let id = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed { quote!(|v| Self::#id(Box::new(v))) } else { quote!(Self::#id) };
        quote!(Some(#(#tags)|*) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),)
    });
    let unknown = ident(crate::ir::UNKNOWN_VARIANT);
    let custom = super::custom::type_attrs(def);
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        #custom
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An object whose discriminator this client does not know yet, kept as received.
            #unknown(serde_json::Value),
        }

        impl #name {
            /// The property whose value says which variant an object is.
            pub const DISCRIMINATOR: &'static str = #property;
        }

        /// The variant as JSON, with the discriminator set even when the
        /// variant's own type does not carry it.
        fn with_tag<T: Serialize>(value: &T, tag: &str) -> Result<serde_json::Value, serde_json::Error> {
            let mut json = serde_json::to_value(value)?;
            if let Some(object) = json.as_object_mut() {
                object
                    .entry(#name::DISCRIMINATOR)
                    .or_insert_with(|| serde_json::Value::from(tag));
            }
            Ok(json)
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let json = match self {
                    #(#serialize_arms,)*
                    Self::#unknown(value) => Ok(value.clone()),
                };
                json.map_err(serde::ser::Error::custom)?.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(Self::DISCRIMINATOR).and_then(serde_json::Value::as_str);
                match tag {
                    #(#deserialize_arms)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// An untagged choice: serialised as the variant itself; decoded by trying,
/// in order, only the variants whose kind of JSON value matches (a derived
/// struct would otherwise also accept a JSON array).
fn untagged(
    def: &TypeDef,
    o: &OneOf,
    variants: &[TokenStream],
    has_value: bool,
    imports: &mut Imports<'_>,
) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    let name = ident(&def.name);
    // Real data may match none of the variants; keep it rather than fail.
    let catch_all = (!has_value).then(|| {
        quote! {
            /// A value that matches none of the variants, kept as received.
            Unknown(serde_json::Value),
        }
    });
    let attempts = o.variants.iter().map(|v| {
        let id = ident(&v.name);
        let guard = match v.json {
            JsonKind::Object => quote!(value.is_object()),
            JsonKind::Array => quote!(value.is_array()),
            JsonKind::String => quote!(value.is_string()),
            JsonKind::Integer => quote!((value.is_i64() || value.is_u64())),
            JsonKind::Number => quote!(value.is_number()),
            JsonKind::Boolean => quote!(value.is_boolean()),
            JsonKind::Any => quote!(true),
        };
        let wrap = if v.boxed {
            quote!(Self::#id(Box::new(v)))
        } else {
            quote!(Self::#id(v))
        };
        quote! {
            if #guard && let Ok(v) = Deserialize::deserialize(&value) {
                return Ok(#wrap);
            }
        }
    });
    let fallback = if has_value {
        quote!(Err(serde::de::Error::custom(
            "the value matches none of the variants"
        )))
    } else {
        quote!(Ok(Self::Unknown(value)))
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #catch_all
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #(#attempts)*
                #fallback
            }
        }
    }
}
