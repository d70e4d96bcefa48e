//! Per operation, the `request()` of its `isc_runtime::Operation` impl:
//! path, query and header parameters, the body, and authentication, as calls
//! on the runtime's `Request`. Sending it is the runtime's generic `send`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{Context, Imports, ident};
use crate::ir::{
    BodyEncoding, DefaultValue, FileKind, Operation, ParamLocation, Parameter, QueryStyle,
};

pub fn build_request(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
    let id = &op.operation_id;
    let method = format_ident!("{}", op.http_method);
    let path = &op.path;
    let mut chain = Vec::new();
    let mut optional = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.rust_name);
        let wire = &p.name;
        let is_argument = p.argument;
        let explode = p.explode;
        // Arrays and objects go through serde in style `simple`; scalars
        // through `Display`, which reads better.
        let simple = !p.scalar;
        // `path_param` takes any `Display`: a `Copy` value goes by value, as
        // clippy's `needless_borrows_for_generic_args` wants.
        let field = if p.copy {
            quote!(self.#name)
        } else {
            quote!(&self.#name)
        };
        match (p.location, is_argument) {
            (ParamLocation::Path, true) if simple => {
                chain.push(quote!(.path_param_simple(#wire, &self.#name, #explode)))
            }
            (ParamLocation::Header, true) if simple => {
                chain.push(quote!(.header_simple(#wire, &self.#name, #explode)))
            }
            (ParamLocation::Path, true) => chain.push(quote!(.path_param(#wire, #field))),
            (ParamLocation::Query, true) if p.style != QueryStyle::FormExploded => {
                let style = query_style(p.style);
                chain.push(quote!(.query_styled(#wire, &self.#name, #style)))
            }
            (ParamLocation::Query, false) if p.style != QueryStyle::FormExploded => {
                let style = query_style(p.style);
                chain.push(quote!(.query_styled_opt(#wire, self.#name.as_ref(), #style)))
            }
            (ParamLocation::Query, true) => chain.push(quote!(.query(#wire, &self.#name))),
            (ParamLocation::Header, true) => {
                chain.push(quote!(.header(#wire, self.#name.to_string())))
            }
            (ParamLocation::Query, false) => {
                chain.push(quote!(.query_opt(#wire, self.#name.as_ref())))
            }
            (ParamLocation::Path | ParamLocation::Header, false) if p.required => {
                // Required with a default: always sent, the default unless set.
                let owned = if p.copy {
                    quote!(self.#name)
                } else {
                    quote!(self.#name.clone())
                };
                let value = with_default(p, owned, imports);
                chain.push(match (p.location, simple) {
                    (ParamLocation::Path, true) => {
                        quote!(.path_param_simple(#wire, &#value, #explode))
                    }
                    (ParamLocation::Path, false) => quote!(.path_param(#wire, #value)),
                    (_, true) => quote!(.header_simple(#wire, &#value, #explode)),
                    (_, false) => quote!(.header(#wire, #value.to_string())),
                });
            }
            (ParamLocation::Path | ParamLocation::Header, false) => {
                let set = if simple {
                    quote!(request.header_simple(#wire, value, #explode))
                } else {
                    quote!(request.header(#wire, value.to_string()))
                };
                optional.push(quote! {
                    if let Some(value) = &self.#name {
                        request = #set;
                    }
                })
            }
        }
    }
    if let Some(body) = &op.body {
        body_steps(body, &mut chain, &mut optional);
    }
    if op.authenticated {
        chain.push(quote!(.authenticated()));
    }
    let new = quote!(Request::new(#id, Method::#method, crate::BASE_PATH, #path) #(#chain)*);
    if optional.is_empty() {
        new
    } else {
        quote! {
            let mut request = #new;
            #(#optional)*
            request
        }
    }
}

fn query_style(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::FormExploded => quote!(isc_runtime::QueryStyle::Form { explode: true }),
        QueryStyle::Form => quote!(isc_runtime::QueryStyle::Form { explode: false }),
        QueryStyle::SpaceDelimited => quote!(isc_runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(isc_runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(isc_runtime::QueryStyle::DeepObject),
    }
}

/// How the body goes into the request: chained when always present, as an
/// `if let` when optional.
fn body_steps(
    body: &crate::ir::RequestBody,
    chain: &mut Vec<TokenStream>,
    optional: &mut Vec<TokenStream>,
) {
    let media = &body.media_type;
    let (always, when_set) = match &body.encoding {
        BodyEncoding::Json(_) => (
            quote!(.json_body(#media, &self.body)),
            quote!(request.json_body(#media, body)),
        ),
        BodyEncoding::Form(_) => (
            quote!(.form_body(&self.body)),
            quote!(request.form_body(body)),
        ),
        BodyEncoding::Text | BodyEncoding::Binary => (
            quote!(.raw_body(#media, self.body.clone())),
            quote!(request.raw_body(#media, body.clone())),
        ),
        BodyEncoding::Multipart(fields) => {
            let mut parts = Vec::new();
            for f in fields {
                let name = ident(&f.rust_name);
                let wire = &f.name;
                let add = match f.file {
                    FileKind::No => quote!(form.field(#wire, value)),
                    FileKind::One => quote!(form.file(#wire, value.clone())),
                    FileKind::Many => quote!(form.files(#wire, value.iter().cloned())),
                };
                parts.push(if f.required {
                    quote! {
                        let value = &self.#name;
                        form = #add;
                    }
                } else {
                    quote! {
                        if let Some(value) = &self.#name {
                            form = #add;
                        }
                    }
                });
            }
            optional.push(if parts.is_empty() {
                quote!(request = request.multipart(isc_runtime::Multipart::new());)
            } else {
                quote! {
                    let mut form = isc_runtime::Multipart::new();
                    #(#parts)*
                    request = request.multipart(form);
                }
            });
            return;
        }
    };
    if body.required {
        chain.push(always);
    } else {
        optional.push(quote! {
            if let Some(body) = &self.body {
                request = #when_set;
            }
        });
    }
}

/// `value` (an `Option`) with the default lowering chose filled in.
fn with_default(p: &Parameter, value: TokenStream, imports: &mut Imports<'_>) -> TokenStream {
    match &p.fallback {
        Some(DefaultValue::Text(s)) => quote!(#value.unwrap_or_else(|| String::from(#s))),
        Some(DefaultValue::Bool(b)) => quote!(#value.unwrap_or(#b)),
        Some(DefaultValue::Integer(n)) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#value.unwrap_or(#lit))
        }
        Some(DefaultValue::From(s)) => {
            let ty = imports.ty(&p.ty, Context::Outside);
            quote!(#value.unwrap_or_else(|| #ty::from(#s)))
        }
        Some(DefaultValue::TypeDefault) | None => quote!(#value.unwrap_or_default()),
    }
}
