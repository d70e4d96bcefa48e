//! One file per tag: the API struct, a request builder and an error enum per
//! operation.
//!
//! Builders rather than functions with many `Option` arguments: required
//! parameters are method arguments, optional ones are setters, and adding an
//! optional parameter to the spec does not break callers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use super::names::{Context, Imports, ident};
use crate::ir::{Operation, ParamLocation, Parameter, Tag, TypeRef};

/// The body of `apis/<tag>.rs`.
pub fn tag_file(tag: &Tag) -> TokenStream {
    let mut imports = Imports::default();
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
    let needs_models = tag.operations.iter().any(uses_models);
    let models = needs_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    let uses = imports.tokens(None);
    quote! {
        use std::future::{Future, IntoFuture};
        use std::pin::Pin;

        use isc_runtime::{Client, DecodeError, Error, ErrorBody, Method, Request};
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

fn uses_models(op: &Operation) -> bool {
    let named = |ty: &TypeRef| mentions_named(ty);
    op.parameters.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || op.success.ty.as_ref().is_some_and(named)
        || op.errors.iter().any(|e| e.ty.as_ref().is_some_and(named))
}

fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions_named(inner),
        _ => false,
    }
}

/// Arguments of the API method: path parameters, required query and header
/// parameters without a default, then the body if it is required.
fn arguments(op: &Operation) -> Vec<&Parameter> {
    op.parameters
        .iter()
        .filter(|p| p.required && p.default.is_none())
        .collect()
}

fn is_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String)
}

fn api_method(op: &Operation, imports: &mut Imports) -> TokenStream {
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
    for p in arguments(op) {
        let name = ident(&p.rust_name);
        if is_string(&p.ty) {
            params.push(quote!(#name: impl Into<String>));
            inits.push(quote!(#name: #name.into()));
        } else {
            let ty = imports.ty(&p.ty, Context::Outside);
            params.push(quote!(#name: #ty));
            inits.push(quote!(#name));
        }
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = imports.ty(&body.ty, Context::Outside);
        params.push(quote!(body: #ty));
        inits.push(quote!(body));
    }
    for p in op
        .parameters
        .iter()
        .filter(|p| !(p.required && p.default.is_none()))
    {
        let name = ident(&p.rust_name);
        inits.push(quote!(#name: None));
    }
    if op.body.as_ref().is_some_and(|b| !b.required) {
        inits.push(quote!(body: None));
    }
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#params),*) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits,)*
            }
        }
    }
}

fn operation_items(op: &Operation, api: &str, imports: &mut Imports) -> TokenStream {
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let success_ty = match &op.success.ty {
        Some(ty) => imports.ty(ty, Context::Outside),
        None => quote!(()),
    };
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.rust_name);
        let ty = imports.ty(&p.ty, Context::Outside);
        let is_argument = p.required && p.default.is_none();
        let field_doc = doc::attrs(&doc::paragraphs([
            p.doc.as_deref(),
            Some(param_note(p).as_str()),
        ]));
        if is_argument {
            fields.push(quote!(#field_doc #name: #ty,));
            continue;
        }
        fields.push(quote!(#field_doc #name: Option<#ty>,));
        let setter_doc = doc::attrs(&doc::paragraphs([
            p.doc.as_deref(),
            Some(param_note(p).as_str()),
        ]));
        let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
        let (arg, value) = if is_string(&p.ty) {
            (quote!(value: impl Into<String>), quote!(value.into()))
        } else {
            (quote!(value: #ty), quote!(value))
        };
        setters.push(quote! {
            #setter_doc
            #deprecated
            pub fn #name(mut self, #arg) -> Self {
                self.#name = Some(#value);
                self
            }
        });
    }
    if let Some(body) = &op.body {
        let ty = imports.ty(&body.ty, Context::Outside);
        let text = doc::paragraphs([body.doc.as_deref(), Some("The request body.")]);
        let body_doc = doc::attrs(&text);
        if body.required {
            fields.push(quote!(#body_doc body: #ty,));
        } else {
            fields.push(quote!(#body_doc body: Option<#ty>,));
            setters.push(quote! {
                #body_doc
                pub fn body(mut self, value: #ty) -> Self {
                    self.body = Some(value);
                    self
                }
            });
        }
    }
    let request = build_request(op, imports);
    let statuses: Vec<u16> = std::iter::once(op.success.status)
        .chain(op.success.also.iter().copied())
        .collect();
    let status_lits = statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let decode = match &op.success.ty {
        Some(_) => quote!(response.json()),
        None => quote!(Ok(())),
    };
    let builder_doc = doc::attrs(&format!(
        "Request for [`{}`]({}::{}): set optional parameters, then `.await` it (or call [`send`](Self::send)).",
        op.operation_id,
        api,
        op.method_name.trim_start_matches("r#")
    ));
    let send_doc = doc::attrs(&format!(
        "Sends the request; a {} response is decoded, any other status is an [`Error::Api`] carrying [`{}`].",
        statuses
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(" or "),
        op.error_name
    ));
    let pages = op
        .pagination
        .as_ref()
        .map(|p| pagination_items(op, p, imports));
    let error_enum = error_items(op, imports);
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

            fn request(&self) -> Request {
                #request
            }

            #send_doc
            pub async fn send(self) -> Result<#success_ty, Error<#error>> {
                let response = self.client.execute(self.request()).await?;
                match response.status() {
                    #(#status_lits)|* => #decode,
                    _ => Err(response.into_error()),
                }
            }

            #pages
        }

        impl IntoFuture for #builder {
            type Output = Result<#success_ty, Error<#error>>;
            type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

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
        note.push_str(&format!("; the server's default is `{default}`"));
    }
    if let Some(max) = p.maximum {
        note.push_str(&format!("; at most {max}"));
    }
    note.push('.');
    note
}

fn build_request(op: &Operation, imports: &mut Imports) -> TokenStream {
    let id = &op.operation_id;
    let method = format_ident!("{}", op.http_method);
    let path = &op.path;
    let mut chain = Vec::new();
    let mut optional = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.rust_name);
        let wire = &p.name;
        let is_argument = p.required && p.default.is_none();
        match (p.location, is_argument) {
            (ParamLocation::Path, true) => chain.push(quote!(.path_param(#wire, &self.#name))),
            (ParamLocation::Query, true) => chain.push(quote!(.query(#wire, &self.#name))),
            (ParamLocation::Header, true) => {
                chain.push(quote!(.header(#wire, self.#name.to_string())))
            }
            (ParamLocation::Query, false) => {
                chain.push(quote!(.query_opt(#wire, self.#name.as_ref())))
            }
            (ParamLocation::Path | ParamLocation::Header, false) if p.required => {
                // Required with a default: always sent, the default unless set.
                let value = with_default(p, quote!(self.#name.clone()), imports);
                chain.push(if p.location == ParamLocation::Path {
                    quote!(.path_param(#wire, #value))
                } else {
                    quote!(.header(#wire, #value.to_string()))
                });
            }
            (ParamLocation::Path | ParamLocation::Header, false) => optional.push(quote! {
                if let Some(value) = &self.#name {
                    request = request.header(#wire, value.to_string());
                }
            }),
        }
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        if body.required {
            chain.push(quote!(.json_body(#media, &self.body)));
        } else {
            optional.push(quote! {
                if let Some(body) = &self.body {
                    request = request.json_body(#media, body);
                }
            });
        }
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

/// `value` (an `Option`) with the parameter's declared default filled in.
fn with_default(p: &Parameter, value: TokenStream, imports: &mut Imports) -> TokenStream {
    use serde_json::Value;
    let ty = imports.ty(&p.ty, Context::Outside);
    match (&p.ty, &p.default) {
        // A header declared `type: string` with `default: true` (unquoted
        // YAML) means the text "true".
        (TypeRef::String, Some(Value::String(s))) => {
            quote!(#value.unwrap_or_else(|| String::from(#s)))
        }
        (TypeRef::String, Some(scalar @ (Value::Bool(_) | Value::Number(_)))) => {
            let text = scalar.to_string();
            quote!(#value.unwrap_or_else(|| String::from(#text)))
        }
        (TypeRef::Boolean, Some(Value::Bool(b))) => quote!(#value.unwrap_or(#b)),
        (TypeRef::Integer { .. }, Some(Value::Number(n))) if n.as_i64().is_some() => {
            let lit = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote!(#value.unwrap_or(#lit))
        }
        (TypeRef::Named(_), Some(Value::String(s))) => {
            quote!(#value.unwrap_or_else(|| #ty::from(#s)))
        }
        _ => quote!(#value.unwrap_or_default()),
    }
}

fn pagination_items(
    op: &Operation,
    p: &crate::ir::Pagination,
    imports: &mut Imports,
) -> TokenStream {
    let error = ident(&op.error_name);
    let item = imports.ty(&p.item, Context::Outside);
    let page_size =
        proc_macro2::Literal::u64_unsuffixed(p.max_page_size.unwrap_or(250).clamp(1, 250));
    let limit = param_ident(op, "limit");
    let offset = param_ident(op, "offset");
    let count = p.has_count.then(|| param_ident(op, "count"));
    let int_of = |name: &str| {
        op.parameters
            .iter()
            .find(|q| q.location == ParamLocation::Query && q.name == name)
            .map(|q| q.ty.clone())
    };
    let convert = |ty: Option<TypeRef>, value: TokenStream| match ty {
        Some(TypeRef::Integer { bits: 32 }) => quote!(i32::try_from(#value).unwrap_or(i32::MAX)),
        _ => quote!(i64::try_from(#value).unwrap_or(i64::MAX)),
    };
    let limit_value = convert(int_of("limit"), quote!(page.limit));
    let offset_value = convert(int_of("offset"), quote!(page.offset));
    let start = quote!(self.#offset.map_or(0, |o| u64::try_from(o).unwrap_or(0)));
    let size = quote!(self.#limit.map_or(#page_size, |l| u64::try_from(l).unwrap_or(#page_size).clamp(1, #page_size)));
    let set_count = count.map(|c| quote!(request.#c = Some(page.count);));
    let page_doc = doc::attrs(&format!(
        "Sends the request and returns one page with the total from `X-Total-Count` (present when `count` is set). Page size: at most {}.",
        p.max_page_size.unwrap_or(250).clamp(1, 250)
    ));
    quote! {
        #page_doc
        pub async fn send_page(self) -> Result<isc_runtime::Page<#item>, Error<#error>> {
            let response = self.client.execute(self.request()).await?;
            match response.status() {
                200..=299 => Ok(isc_runtime::Page {
                    total: response.total_count(),
                    items: response.json()?,
                }),
                _ => Err(response.into_error()),
            }
        }

        /// Every item, fetching pages lazily as the stream is polled. Starts at
        /// the builder's `offset` (default 0) with its `limit` as page size;
        /// asks for the total count so it never requests a page past the end.
        pub fn stream(self) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            let options = isc_runtime::PageOptions {
                page_size: #size,
                max_items: None,
                start: #start,
            };
            self.stream_with(options)
        }

        /// Like [`stream`](Self::stream), with explicit page size, start and
        /// a cap on the number of items.
        pub fn stream_with(self, options: isc_runtime::PageOptions) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            isc_runtime::paginate(options, move |page| {
                let mut request = self.clone();
                request.#limit = Some(#limit_value);
                request.#offset = Some(#offset_value);
                #set_count
                request.send_page()
            })
        }
    }
}

fn param_ident(op: &Operation, wire: &str) -> proc_macro2::Ident {
    let name = op
        .parameters
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.name == wire)
        .map_or(wire, |p| p.rust_name.as_str());
    ident(name)
}

fn error_items(op: &Operation, imports: &mut Imports) -> TokenStream {
    let error = ident(&op.error_name);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut default_arm = None;
    for e in &op.errors {
        let variant = ident(&e.variant);
        let label = match e.status {
            Some(status) => format!("Status {status}."),
            None => "Any other status the spec covers with `default`".to_owned(),
        };
        let text = doc::paragraphs([Some(label.as_str()), e.doc.as_deref()]);
        let docs = doc::attrs(&text);
        let (decl, decode) = match &e.ty {
            Some(ty) => {
                let ty = imports.ty(ty, Context::Outside);
                (
                    quote!(#variant(#ty),),
                    quote!(isc_runtime::decode_json(body).map(Self::#variant)),
                )
            }
            None => (quote!(#variant,), quote!(Ok(Self::#variant))),
        };
        variants.push(quote!(#docs #decl));
        match e.status {
            Some(status) => {
                let status = proc_macro2::Literal::u16_unsuffixed(status);
                arms.push(quote!(#status => #decode,));
            }
            None => default_arm = Some(quote!(_ => #decode,)),
        }
    }
    let fallback = default_arm.unwrap_or_else(|| quote!(_ => return None,));
    let doc_text = doc::attrs(&format!(
        "The error bodies the spec declares for `{}`, by status.",
        op.operation_id
    ));
    let body_param = if op.errors.iter().any(|e| e.ty.is_some()) {
        quote!(body)
    } else {
        quote!(_body)
    };
    let empty = op.errors.is_empty();
    let derive = if empty {
        quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let status_param = if empty {
        quote!(_status)
    } else {
        quote!(status)
    };
    let body = if empty {
        quote!(None)
    } else {
        quote! {
            Some(match #status_param {
                #(#arms)*
                #fallback
            })
        }
    };
    quote! {
        #doc_text
        #derive
        pub enum #error {
            #(#variants)*
        }

        impl ErrorBody for #error {
            fn decode(#status_param: u16, #body_param: &[u8]) -> Option<Result<Self, DecodeError>> {
                #body
            }
        }
    }
}
