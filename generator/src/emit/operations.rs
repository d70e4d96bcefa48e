//! One file per tag: the API struct, and per operation a request builder,
//! its error enum and, when successes differ in shape, its response enum.
//!
//! Builders rather than functions with many `Option` arguments: required
//! parameters are method arguments, optional ones are setters, and adding an
//! optional parameter to the spec does not break callers.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{Context, Imports, ident};
use super::paging::pagination_items;
use super::request::build_request;
use super::responses;
use crate::ir::{
    Api, BodyEncoding, FileKind, Operation, ParamLocation, Parameter, Tag, TypeRef, visit,
};

/// The body of `apis/<tag>.rs`.
pub fn tag_file(api: &Api, tag: &Tag) -> TokenStream {
    let mut imports = Imports::new(api);
    let api = ident(&tag.type_name);
    let tag_doc = doc::attrs(&doc::paragraphs([
        Some(format!("Operations tagged `{}`.", tag.name).as_str()),
        tag.description.as_deref(),
    ]));
    let methods: Vec<TokenStream> = tag
        .operations
        .iter()
        .map(|op| api_method(op, &mut imports))
        .collect();
    let items: Vec<TokenStream> = tag
        .operations
        .iter()
        .map(|op| operation_items(op, &tag.type_name, &mut imports))
        .collect();
    let models = tag
        .operations
        .iter()
        .any(visit::operation_mentions_named)
        .then(|| {
            quote!(
                use crate::models;
            )
        });
    let uses = imports.tokens(None);
    // Only an operation with an error enum of its own implements `ErrorBody`.
    let own_errors = tag
        .operations
        .iter()
        .any(|op| op.shared_error.is_none())
        .then(|| {
            quote!(
                use isc_runtime::{DecodeError, ErrorBody};
            )
        });
    quote! {
        use std::future::IntoFuture;

        use isc_runtime::{Client, Error, Method, Request};
        #own_errors
        #uses
        #models

        #tag_doc
        #[derive(Debug, Clone)]
        pub struct #api {
            client: Client,
        }

        impl #api {
            /// Operations of this tag, sent through `client`.
            pub fn new(client: Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#items)*
    }
}

/// One value the caller supplies: a parameter, the body, or a multipart part.
struct Input {
    name: proc_macro2::Ident,
    /// The stored type (without the `Option` of an optional input).
    ty: TokenStream,
    /// What the method or setter takes, and how it becomes `ty`.
    arg: TokenStream,
    convert: TokenStream,
    /// A method argument (required, no default) rather than a setter.
    required: bool,
    deprecated: bool,
    doc: TokenStream,
}

fn input(name: &str, ty: TokenStream, required: bool, deprecated: bool, text: &str) -> Input {
    let name = ident(name);
    Input {
        arg: quote!(value: #ty),
        convert: quote!(value),
        name,
        ty,
        required,
        deprecated,
        doc: doc::attrs(text),
    }
}

/// `impl Into<..>` arguments for the types people pass as literals.
fn into_arg(mut input: Input, target: TokenStream) -> Input {
    input.arg = quote!(value: impl Into<#target>);
    input.convert = quote!(value.into());
    input
}

fn inputs(op: &Operation, imports: &mut Imports<'_>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in &op.parameters {
        let ty = imports.ty(&p.ty, Context::Outside);
        let text = doc::paragraphs([p.doc.as_deref(), Some(param_note(p).as_str())]);
        let mut item = input(&p.rust_name, ty, p.argument, p.deprecated, &text);
        item.doc
            .extend(super::links::model_links(imports.api(), &p.ty));
        out.push(if matches!(p.ty, TypeRef::String) {
            into_arg(item, quote!(String))
        } else {
            item
        });
    }
    let Some(body) = &op.body else {
        return out;
    };
    let text = doc::paragraphs([
        body.doc.as_deref(),
        Some(format!("The request body, sent as `{}`.", body.media_type).as_str()),
    ]);
    match &body.encoding {
        BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => {
            let links = super::links::model_links(imports.api(), ty);
            let ty = imports.ty(ty, Context::Outside);
            let mut item = input("body", ty, body.required, false, &text);
            item.doc.extend(links);
            out.push(item);
        }
        BodyEncoding::Text => out.push(into_arg(
            input("body", quote!(String), body.required, false, &text),
            quote!(String),
        )),
        BodyEncoding::Binary => out.push(into_arg(
            input(
                "body",
                quote!(isc_runtime::Bytes),
                body.required,
                false,
                &text,
            ),
            quote!(isc_runtime::Bytes),
        )),
        BodyEncoding::Multipart(fields) => {
            for f in fields {
                let note = format!(
                    "Multipart part `{}`{}.",
                    f.name,
                    if f.file == FileKind::No {
                        ""
                    } else {
                        " (file contents)"
                    }
                );
                let text = doc::paragraphs([f.doc.as_deref(), Some(note.as_str())]);
                let item = match f.file {
                    FileKind::One => input(
                        &f.rust_name,
                        quote!(isc_runtime::FilePart),
                        f.required,
                        false,
                        &text,
                    ),
                    FileKind::Many => input(
                        &f.rust_name,
                        quote!(Vec<isc_runtime::FilePart>),
                        f.required,
                        false,
                        &text,
                    ),
                    FileKind::No => {
                        let ty = imports.ty(&f.ty, Context::Outside);
                        let item = input(&f.rust_name, ty, f.required, false, &text);
                        if matches!(f.ty, TypeRef::String) {
                            into_arg(item, quote!(String))
                        } else {
                            item
                        }
                    }
                };
                out.push(item);
            }
        }
    }
    out
}

fn api_method(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let summary = op
        .summary
        .as_deref()
        .map(|s| s.trim().trim_end_matches('.').to_owned() + ".");
    let route = format!("`{} {}` (`{}`).", op.http_method, op.path, op.operation_id);
    let docs = doc::attrs(&doc::paragraphs([
        summary.as_deref(),
        op.description.as_deref(),
        Some(route.as_str()),
    ]));
    let deprecated = op.deprecated.as_ref().map(|d| match &d.note {
        Some(note) => {
            let note = doc::lines(note).join(" ");
            quote!(#[deprecated(note = #note)])
        }
        None => quote!(#[deprecated]),
    });
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for item in inputs(op, imports) {
        let name = &item.name;
        if item.required {
            let arg = rename_arg(&item.arg, name);
            params.push(arg);
            if item.convert.to_string() == "value" {
                inits.push(quote!(#name));
            } else {
                let convert = rename_arg(&item.convert, name);
                inits.push(quote!(#name: #convert));
            }
        } else {
            inits.push(quote!(#name: None));
        }
    }
    let allow = super::lints::allow_too_many_arguments(params.len());
    quote! {
        #docs
        #deprecated
        #allow
        pub fn #method(&self, #(#params),*) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits,)*
            }
        }
    }
}

/// `value: T` / `value.into()` with the argument's own name instead of `value`.
fn rename_arg(tokens: &TokenStream, name: &proc_macro2::Ident) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|tt| match tt {
            proc_macro2::TokenTree::Ident(id) if id == "value" => {
                proc_macro2::TokenTree::Ident(name.clone())
            }
            other => other,
        })
        .collect()
}

fn operation_items(op: &Operation, api: &str, imports: &mut Imports<'_>) -> TokenStream {
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let success_ty = responses::success_type(op, imports);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for item in inputs(op, imports) {
        let Input {
            name,
            ty,
            arg,
            convert,
            required,
            deprecated,
            doc,
        } = item;
        if required {
            fields.push(quote!(#doc #name: #ty,));
            continue;
        }
        fields.push(quote!(#doc #name: Option<#ty>,));
        let deprecated = deprecated.then(|| quote!(#[deprecated]));
        setters.push(quote! {
            #doc
            #deprecated
            pub fn #name(mut self, #arg) -> Self {
                self.#name = Some(#convert);
                self
            }
        });
    }
    let request = build_request(op, imports);
    let arms = responses::success_arms(op);
    let allow_overlap = responses::allow_overlap(&op.success.cases);
    let builder_doc = doc::attrs(&format!(
        "Request for [`{}`]({}::{}): set optional parameters, then `.await` it (or call [`send`](Self::send)).",
        op.operation_id,
        api,
        op.method_name.trim_start_matches("r#")
    ));
    // Our own sentence with links that resolve (`Error` is imported, the
    // error enum is in this file): not sanitised like spec prose.
    let send_doc = doc::own(&format!(
        "Sends the request; {} is decoded, any other status is an [`Error::Api`] carrying [`{}`].",
        responses::success_summary(op),
        op.error_name
    ));
    let pages = op
        .pagination
        .as_ref()
        .map(|p| pagination_items(op, p, imports));
    let success_enum = responses::success_enum(op, imports);
    let error_enum = responses::error_enum(op, imports);
    quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent or awaited"]
        pub struct #builder {
            client: Client,
            #(#fields)*
        }

        impl #builder {
            #(#setters)*

            #send_doc
            pub fn send(self) -> isc_runtime::CallFuture<#success_ty, #error> {
                isc_runtime::send(self)
            }

        }

        #pages

        impl isc_runtime::Operation for #builder {
            type Output = #success_ty;
            type Error = #error;

            fn client(&self) -> &Client {
                &self.client
            }

            fn request(&self) -> Request {
                #request
            }

            #allow_overlap
            fn success(response: &isc_runtime::Response) -> Option<Result<Self::Output, Error<Self::Error>>> {
                match response.status() {
                    #arms
                    _ => None,
                }
            }
        }

        impl IntoFuture for #builder {
            type Output = Result<#success_ty, Error<#error>>;
            type IntoFuture = isc_runtime::CallFuture<#success_ty, #error>;

            fn into_future(self) -> Self::IntoFuture {
                isc_runtime::send(self)
            }
        }

        #success_enum
        #error_enum
    }
}

fn param_note(p: &Parameter) -> String {
    let place = match p.location {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
    };
    let mut note = format!("{place} parameter `{}`", p.name);
    if let Some(default) = &p.default {
        let text = default
            .as_str()
            .map_or_else(|| default.to_string(), str::to_owned);
        if p.required {
            // Required with a default: this client always sends it.
            note.push_str(&format!("; sent as `{text}` unless set"));
        } else {
            note.push_str(&format!("; the server's default is `{text}`"));
        }
    }
    if let Some(max) = p.maximum {
        note.push_str(&format!("; at most {max}"));
    }
    note.push('.');
    note
}
