//! What an operation returns: the success value (or an enum of them when the
//! successes differ in shape) and the error enum with one variant per
//! declared status.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{Context, Imports, ident};
use crate::ir::{Api, Case, Operation, Payload, SharedErrors, StatusMatch};

/// Whether an exact status and the range of its class both have arms: the
/// exact one comes first, so the overlap is intended.
pub fn overlapping(cases: &[Case]) -> bool {
    cases.iter().any(|c| match c.status {
        StatusMatch::Range(class) => cases
            .iter()
            .any(|o| matches!(o.status, StatusMatch::Code(code) if code / 100 == class)),
        _ => false,
    })
}

/// `#[allow]` for a function whose `match` has such arms.
pub fn allow_overlap(cases: &[Case]) -> TokenStream {
    if overlapping(cases) {
        quote!(#[allow(clippy::match_overlapping_arm)])
    } else {
        TokenStream::new()
    }
}

/// The `match` pattern for the statuses a case covers.
fn pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status {code}."),
        StatusMatch::Range(class) => format!("Any {class}xx status not listed separately."),
        StatusMatch::Default => "Any other status (`default` in the spec).".to_owned(),
    }
}

fn payload_type(payload: &Payload, imports: &mut Imports<'_>) -> Option<TokenStream> {
    match payload {
        Payload::Empty => None,
        Payload::Json(ty) => Some(imports.ty(ty, Context::Outside)),
        Payload::Text => Some(quote!(String)),
        Payload::Binary => Some(quote!(isc_runtime::Bytes)),
    }
}

/// The `Ok` type of `send`.
pub fn success_type(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
    match &op.success.enum_name {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => payload_type(&op.success.payload(), imports).unwrap_or_else(|| quote!(())),
    }
}

/// Decoding a success body from `response` (a `&Response`).
fn decode_success(payload: &Payload) -> TokenStream {
    match payload {
        Payload::Empty => quote!(Ok(())),
        Payload::Json(_) => quote!(response.json()),
        Payload::Text => quote!(Ok(response.text())),
        Payload::Binary => quote!(Ok(response.bytes().clone())),
    }
}

/// The `match response.status()` arms of `Operation::success`: `Some` of the
/// decoded value for each success status (the caller adds `_ => None`).
pub fn success_arms(op: &Operation) -> TokenStream {
    let cases = &op.success.cases;
    if cases.is_empty() {
        // The spec declares no success: any 2xx is one, with nothing to decode.
        return quote!(200..=299 => Some(Ok(())),);
    }
    match &op.success.enum_name {
        None => {
            let patterns = cases.iter().map(|c| pattern(c.status));
            let decode = decode_success(&op.success.payload());
            quote!(#(#patterns)|* => Some(#decode),)
        }
        Some(name) => {
            let name = ident(name);
            let arms = cases.iter().map(|c| {
                let pattern = pattern(c.status);
                let variant = ident(&c.variant);
                let value = match &c.payload {
                    Payload::Empty => quote!(Ok(#name::#variant)),
                    Payload::Json(_) if c.boxed => {
                        quote!(response.json().map(|v| #name::#variant(Box::new(v))))
                    }
                    Payload::Json(_) => quote!(response.json().map(#name::#variant)),
                    Payload::Text => quote!(Ok(#name::#variant(response.text()))),
                    Payload::Binary => quote!(Ok(#name::#variant(response.bytes().clone()))),
                };
                quote!(#pattern => Some(#value),)
            });
            quote!(#(#arms)*)
        }
    }
}

/// For the doc of `send`: which statuses count as success.
pub fn success_summary(op: &Operation) -> String {
    let statuses: Vec<String> = op
        .success
        .cases
        .iter()
        .map(|c| match c.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}xx"),
            StatusMatch::Default => "default".to_owned(),
        })
        .collect();
    match statuses.as_slice() {
        [] => "any 2xx response".to_owned(),
        [one] => format!("a {one} response"),
        many => format!("a {} response", many.join(" or ")),
    }
}

fn variants(cases: &[Case], imports: &mut Imports<'_>) -> Vec<TokenStream> {
    cases
        .iter()
        .map(|c| {
            let variant = ident(&c.variant);
            let label = label(c.status);
            let docs = doc::attrs(&doc::paragraphs([Some(label.as_str()), c.doc.as_deref()]));
            match payload_type(&c.payload, imports) {
                // Only a JSON payload can be large enough to be boxed.
                Some(ty) if c.boxed => quote!(#docs #variant(Box<#ty>),),
                Some(ty) => quote!(#docs #variant(#ty),),
                None => quote!(#docs #variant,),
            }
        })
        .collect()
}

/// The enum `send` returns when successes differ in shape.
pub fn success_enum(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
    let Some(name) = &op.success.enum_name else {
        return TokenStream::new();
    };
    let name = ident(name);
    let variants = variants(&op.success.cases, imports);
    let docs = doc::attrs(&format!(
        "The successful responses of `{}`, by status.",
        op.operation_id
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The error enum: one variant per declared non-2xx status, decodable by the
/// runtime through `ErrorBody`; or, when other operations declare the same
/// errors, an alias of their shared enum (`src/errors/`).
pub fn error_enum(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
    let error = ident(&op.error_name);
    if let Some(shared) = &op.shared_error {
        let docs = doc::own(&format!(
            "The error responses the spec declares for `{}`, by status: [`errors::{shared}`](crate::errors::{shared}), which operations declaring the same errors share.",
            op.operation_id
        ));
        let shared = ident(shared);
        return quote! {
            #docs
            pub type #error = crate::errors::#shared;
        };
    }
    let docs = doc::attrs(&format!(
        "The error responses the spec declares for `{}`, by status.",
        op.operation_id
    ));
    error_items(&error, &op.errors, &docs, imports)
}

/// The enum of error `cases` named `error`, and its `ErrorBody` impl.
pub fn error_items(
    error: &proc_macro2::Ident,
    cases: &[Case],
    docs: &TokenStream,
    imports: &mut Imports<'_>,
) -> TokenStream {
    let variants = variants(cases, imports);
    let decodes: Vec<TokenStream> = cases
        .iter()
        .map(|c| {
            let variant = ident(&c.variant);
            match &c.payload {
                Payload::Empty => quote!(Ok(Self::#variant)),
                Payload::Json(_) if c.boxed => {
                    quote!(isc_runtime::decode_json(body).map(|v| Self::#variant(Box::new(v))))
                }
                Payload::Json(_) => quote!(isc_runtime::decode_json(body).map(Self::#variant)),
                Payload::Text => {
                    quote!(Ok(Self::#variant(String::from_utf8_lossy(body).into_owned())))
                }
                Payload::Binary => {
                    quote!(Ok(Self::#variant(isc_runtime::Bytes::copy_from_slice(body))))
                }
            }
        })
        .collect();
    let arms = cases.iter().zip(&decodes).map(|(c, decode)| {
        let pattern = pattern(c.status);
        quote!(#pattern => #decode,)
    });
    let has_default = cases.iter().any(|c| c.status == StatusMatch::Default);
    let fallback = (!has_default).then(|| quote!(_ => return None,));
    let allow = allow_overlap(cases);
    let empty = cases.is_empty();
    let uses_body = cases.iter().any(|c| c.payload != Payload::Empty);
    let body_param = if uses_body {
        quote!(body)
    } else {
        quote!(_body)
    };
    let derive = if empty {
        quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let only_default = match cases {
        [only] if only.status == StatusMatch::Default => decodes.first(),
        _ => None,
    };
    let (status_param, decode_body) = if empty {
        (quote!(_status), quote!(None))
    } else if let Some(decode) = only_default {
        // One `default` response takes every status: a `match` with a single
        // `_` arm is what clippy's `match_single_binding` objects to.
        (quote!(_status), quote!(Some(#decode)))
    } else {
        (
            quote!(status),
            quote! {
                Some(match status {
                    #(#arms)*
                    #fallback
                })
            },
        )
    };
    quote! {
        #docs
        #derive
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
        }

        impl ErrorBody for #error {
            #allow
            fn decode(#status_param: u16, #body_param: &[u8]) -> Option<Result<Self, DecodeError>> {
                #decode_body
            }
        }
    }
}

/// `src/errors/<module>.rs`: an error enum several operations share.
pub fn shared_file(api: &Api, shared: &SharedErrors) -> TokenStream {
    let mut imports = Imports::new(api);
    let name = ident(&shared.name);
    let operations: Vec<String> = shared
        .operations
        .iter()
        .map(|id| format!("`{id}`"))
        .collect();
    let docs = doc::attrs(&format!(
        "The error responses, by status, of the {} operations that declare exactly these: {}.",
        shared.operations.len(),
        operations.join(", ")
    ));
    let items = error_items(&name, &shared.cases, &docs, &mut imports);
    let models = shared
        .cases
        .iter()
        .any(|c| matches!(&c.payload, Payload::Json(ty) if ty.mentions_named()))
        .then(|| {
            quote!(
                use crate::models;
            )
        });
    let uses = imports.tokens(None);
    quote! {
        use isc_runtime::{DecodeError, ErrorBody};
        #uses
        #models

        #items
    }
}
