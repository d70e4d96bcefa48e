//! One file per tag: the API struct, and per operation a request builder,
//! its error enum and, when successes differ in shape, its response enum.
//!
//! Builders rather than functions with many `Option` arguments: required
//! parameters are method arguments, optional ones are setters, and adding an
//! optional parameter to the spec does not break callers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use super::names::{Context, Imports, ident};
use super::responses;
use crate::ir::{
    Api, BodyEncoding, DefaultValue, FileKind, Operation, ParamLocation, Parameter, QueryStyle,
    Tag, TypeRef, visit,
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
        let item = input(&p.rust_name, ty, p.argument, p.deprecated, &text);
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
            let ty = imports.ty(ty, Context::Outside);
            out.push(input("body", ty, body.required, false, &text));
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

            fn request(&self) -> Request {
                #request
            }

            #send_doc
            #allow_overlap
            pub async fn send(self) -> Result<#success_ty, Error<#error>> {
                let response = self.client.execute(self.request()).await?;
                match response.status() {
                    #arms
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

fn build_request(op: &Operation, imports: &mut Imports<'_>) -> TokenStream {
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

fn pagination_items(
    op: &Operation,
    p: &crate::ir::Pagination,
    imports: &mut Imports<'_>,
) -> TokenStream {
    let error = ident(&op.error_name);
    let item = imports.ty(&p.item, Context::Outside);
    let page_size = proc_macro2::Literal::u64_unsuffixed(p.page_size_default);
    let page_size_max = proc_macro2::Literal::u64_unsuffixed(p.page_size_max);
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
    // The runtime keeps every page size and offset within these, so the
    // conversions below never clamp.
    let type_max = |ty: Option<TypeRef>| match ty {
        Some(TypeRef::Integer { bits: 32 }) => u64::from(i32::MAX.unsigned_abs()),
        _ => i64::MAX.unsigned_abs(),
    };
    let limit_max = type_max(int_of("limit"));
    let max_page = proc_macro2::Literal::u64_unsuffixed(p.page_size_max.clamp(1, limit_max));
    let max_offset = proc_macro2::Literal::u64_unsuffixed(type_max(int_of("offset")));
    let limit_value = convert(int_of("limit"), quote!(page.limit));
    let offset_value = convert(int_of("offset"), quote!(page.offset));
    let start = quote!(self.#offset.map_or(0, |o| u64::try_from(o).unwrap_or(0)));
    let size = quote!(self.#limit.map_or(#page_size, |l| u64::try_from(l).unwrap_or(#page_size).clamp(1, #page_size_max)));
    let set_count = count.map(|c| quote!(request.#c = Some(page.count);));
    let page_doc = doc::attrs(&format!(
        "Sends the request and returns one page with the total from `X-Total-Count` (present when `count` is set). Page size: at most {}.",
        p.page_size_max
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
        /// a cap on the number of items. A page size above the operation's
        /// maximum is reduced to it.
        pub fn stream_with(self, options: isc_runtime::PageOptions) -> impl isc_runtime::Stream<Item = Result<#item, Error<#error>>> + Send + 'static {
            let bounds = isc_runtime::PageBounds::new(#max_page, #max_offset);
            isc_runtime::paginate_within(bounds, options, move |page| {
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
