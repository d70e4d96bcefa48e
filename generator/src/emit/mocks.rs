//! `src/mock.rs`, behind the crate's `mock` feature: a typed mock server
//! for the tests of code that uses the client. One method per operation
//! returns a matcher with a setter per path and query parameter and
//! `respond_*` methods that take the operation's own types; the matching
//! and serving is `isc_runtime::mock`'s.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::features::Features;
use super::names::{Context, Imports, ident};
use crate::ir::{
    Api, BodyEncoding, Case, Operation, ParamLocation, Payload, StatusMatch, Tag, TypeRef,
};

/// Names the matcher's own methods take; a parameter with one of them
/// gets a `_param` suffix.
const RESERVED: &[&str] = &[
    "new",
    "body",
    "call",
    "respond_ok",
    "respond_error",
    "respond_status",
    "respond_pages",
];

/// The status a response case is answered with: its code, or a
/// representative of its class (`4XX` → 400, `default` → 500).
fn status_of(case: &Case) -> u16 {
    match case.status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(class) => class.saturating_mul(100),
        StatusMatch::Default => 500,
    }
}

/// `self.call.respond_*` for one case whose body is bound to `value`.
fn respond_case(case: &Case, value: TokenStream) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(status_of(case));
    match case.payload {
        Payload::Empty => quote!(self.call.respond_status(#status)),
        Payload::Json(_) => quote!(self.call.respond_json(#status, #value)),
        Payload::Text => quote!(self.call.respond_text(#status, #value.to_owned())),
        Payload::Binary => quote!(self.call.respond_bytes(#status, #value.to_vec())),
    }
}

/// A `match` answering each variant of a response enum with its status.
fn respond_enum(enum_path: &TokenStream, cases: &[Case]) -> TokenStream {
    let arms = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let respond = respond_case(case, quote!(body));
        match case.payload {
            Payload::Empty => quote!(#enum_path::#variant => #respond,),
            _ => quote!(#enum_path::#variant(body) => #respond,),
        }
    });
    quote!(match value { #(#arms)* })
}

fn respond_ok(op: &Operation, module: &TokenStream, imports: &mut Imports<'_>) -> TokenStream {
    let doc = doc::attrs("Answers with a successful response carrying `value`.");
    if let Some(name) = &op.success.enum_name {
        let name = ident(name);
        let path = quote!(#module::#name);
        let body = respond_enum(&path, &op.success.cases);
        return quote! {
            #doc
            pub fn respond_ok(self, value: &#path) -> Responding<'a> { #body }
        };
    }
    let Some(case) = op.success.cases.first() else {
        let doc = doc::attrs("Answers 200 with no body.");
        return quote! {
            #doc
            pub fn respond_ok(self) -> Responding<'a> { self.call.respond_status(200) }
        };
    };
    let respond = respond_case(case, quote!(value));
    match &case.payload {
        Payload::Empty => {
            let doc = doc::attrs(&format!("Answers {} with no body.", status_of(case)));
            quote!(#doc pub fn respond_ok(self) -> Responding<'a> { #respond })
        }
        // A list is taken as a slice, as a caller holds it.
        Payload::Json(TypeRef::Array(item)) => {
            let item = imports.ty(item, Context::Outside);
            quote!(#doc pub fn respond_ok(self, value: &[#item]) -> Responding<'a> { #respond })
        }
        Payload::Json(ty) => {
            let ty = imports.ty(ty, Context::Outside);
            quote!(#doc pub fn respond_ok(self, value: &#ty) -> Responding<'a> { #respond })
        }
        Payload::Text => {
            quote!(#doc pub fn respond_ok(self, value: &String) -> Responding<'a> { #respond })
        }
        Payload::Binary => {
            quote!(#doc pub fn respond_ok(self, value: &isc_runtime::Bytes) -> Responding<'a> { #respond })
        }
    }
}

fn matcher(
    op: &Operation,
    module: &TokenStream,
    module_text: &str,
    imports: &mut Imports<'_>,
) -> TokenStream {
    let name = ident(&format!("{}Mock", op.builder_name));
    let docs = doc::attrs(&format!(
        "Mocks `{} {}` (`{}`): matches the method and path; the setters narrow the match, a `respond_*` method chooses the answer, and `.await` mounts it.",
        op.http_method, op.path, op.operation_id
    ));
    let setters = op
        .parameters
        .iter()
        .filter(|p| p.location != ParamLocation::Header)
        .map(|p| {
            let method = if RESERVED.contains(&p.rust_name.as_str()) {
                ident(&format!("{}_param", p.rust_name))
            } else {
                ident(&p.rust_name)
            };
            let wire = &p.name;
            let (call, doc) = match p.location {
                ParamLocation::Path => (
                    quote!(path_param),
                    format!("Matches only this `{wire}` path parameter."),
                ),
                _ => (
                    quote!(query_param),
                    format!("Matches only this `{wire}` query parameter, as sent."),
                ),
            };
            let doc = doc::attrs(&doc);
            quote! {
                #doc
                pub fn #method(self, value: impl Into<String>) -> Self {
                    Self { call: self.call.#call(#wire, value) }
                }
            }
        });
    let body = op.body.as_ref().and_then(|body| match &body.encoding {
        BodyEncoding::Json(ty) => {
            let ty = imports.ty(ty, Context::Outside);
            let doc = doc::attrs("Matches only requests with this JSON body.");
            Some(quote! {
                #doc
                pub fn body(self, body: &#ty) -> Self {
                    Self { call: self.call.body_json(body) }
                }
            })
        }
        _ => None,
    });
    let error = ident(&op.error_name);
    let error_path = quote!(#module::#error);
    let respond_error = if op.errors.is_empty() {
        TokenStream::new()
    } else {
        let body = respond_enum(&error_path, &op.errors);
        let doc = doc::attrs(&format!(
            "Answers with the status and body of an error the spec declares ([`{error}`]({module_text}::{error}))."
        ));
        quote!(#doc pub fn respond_error(self, value: &#error_path) -> Responding<'a> { #body })
    };
    let pages = op.pagination.as_ref().map(|pages| {
        let item = imports.ty(&pages.item, Context::Outside);
        let limit = pages.page_size_default;
        let doc = doc::attrs(
            "Answers each request with the page of `items` its `limit` and `offset` ask for, and `X-Total-Count` when it asks with `count=true`, as the API pages.",
        );
        quote! {
            #doc
            pub fn respond_pages(self, items: &[#item]) -> Responding<'a> {
                self.call.respond_pages(items, #limit)
            }
        }
    });
    let ok = respond_ok(op, module, imports);
    quote! {
        #docs
        #[derive(Debug)]
        #[must_use = "choose a response with one of the respond_* methods"]
        pub struct #name<'a> {
            call: MockCall<'a>,
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(call: MockCall<'a>) -> Self {
                Self { call }
            }

            #(#setters)*
            #body
            #ok
            #respond_error
            #pages

            /// Answers `status` with no body (`429` with `.retry_after(1)`, say).
            pub fn respond_status(self, status: u16) -> Responding<'a> {
                self.call.respond_status(status)
            }

            /// The untyped matcher, for answers the typed methods do not give.
            pub fn call(self) -> MockCall<'a> {
                self.call
            }
        }
    }
}

/// Whether the matcher of `op` names a model: in a JSON body, the success
/// payload or the page item (parameters are matched as text).
fn mentions_named(op: &Operation) -> bool {
    let body = op.body.as_ref().is_some_and(|body| match &body.encoding {
        BodyEncoding::Json(ty) => ty.mentions_named(),
        _ => false,
    });
    // Response enums are named by their own paths; only a single success
    // payload is printed as a type.
    let responses =
        op.success.enum_name.is_none()
            && op.success.cases.first().is_some_and(
                |case| matches!(&case.payload, Payload::Json(ty) if ty.mentions_named()),
            );
    let pages = op
        .pagination
        .as_ref()
        .is_some_and(|p| p.item.mentions_named());
    body || responses || pages
}

fn tag_module(api: &Api, tag: &Tag, features: &Features<'_>) -> TokenStream {
    let mut imports = Imports::new(api);
    let module = ident(&tag.module);
    let apis = quote!(crate::apis::#module);
    let apis_text = format!("crate::apis::{}", tag.module);
    let items: Vec<TokenStream> = tag
        .operations
        .iter()
        .map(|op| matcher(op, &apis, &apis_text, &mut imports))
        .collect();
    let models = tag.operations.iter().any(mentions_named).then(|| {
        quote!(
            use crate::models;
        )
    });
    let uses = imports.tokens(None);
    let cfg = features.tag_cfg(tag);
    let docs = doc::attrs(&format!("Mocks of the operations tagged `{}`.", tag.name));
    quote! {
        #docs
        #cfg
        pub mod #module {
            use isc_runtime::mock::{MockCall, Responding};
            #uses
            #models

            #(#items)*
        }
    }
}

/// The body of `src/mock.rs`.
pub fn mock_rs(api: &Api, features: &Features<'_>, crate_ident: &str) -> TokenStream {
    // A method name two tags share gets its tag's accessor in front.
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for op in api.tags.iter().flat_map(|t| &t.operations) {
        *count.entry(op.method_name.as_str()).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    let mut methods = Vec::new();
    for tag in &api.tags {
        let cfg = features.tag_cfg(tag);
        let module = ident(&tag.module);
        for op in &tag.operations {
            let shared = count.get(op.method_name.as_str()).copied().unwrap_or(0) > 1;
            let name = if shared {
                format!(
                    "{}_{}",
                    tag.accessor,
                    crate::lower::naming::bare(&op.method_name)
                )
            } else {
                op.method_name.clone()
            };
            if !taken.insert(name.clone()) {
                continue;
            }
            let method = ident(&name);
            let matcher = ident(&format!("{}Mock", op.builder_name));
            let http = &op.http_method;
            let path = &op.path;
            let doc = doc::attrs(&format!("Mocks `{http} {path}` (`{}`).", op.operation_id));
            methods.push(quote! {
                #doc
                #cfg
                pub fn #method(&self) -> #module::#matcher<'_> {
                    #module::#matcher::new(self.inner.on(#http, crate::BASE_PATH, #path))
                }
            });
        }
    }
    let modules = api.tags.iter().map(|tag| tag_module(api, tag, features));
    let example = module_doc(crate_ident, taken.first().map(String::as_str));
    quote! {
        #example

        pub use isc_runtime::mock::{MockCall, Responding};

        /// A mock of the API; expectations (`.expect(n)`) are checked when it drops.
        #[derive(Debug)]
        pub struct MockServer {
            inner: isc_runtime::mock::MockServer,
        }

        impl MockServer {
            /// Starts a server on a free port of 127.0.0.1; its token endpoint
            /// already hands out tokens to [`MockServer::client`].
            pub async fn start() -> Self {
                Self { inner: isc_runtime::mock::MockServer::start().await }
            }

            /// A client of this server (client credentials the mock accepts).
            pub fn client(&self) -> Result<crate::Client, isc_runtime::ConfigError> {
                self.inner.client().map(crate::Client::new)
            }

            /// Settings pointing at this server, to change before building a client.
            pub fn config(&self) -> isc_runtime::ConfigBuilder {
                self.inner.config()
            }

            /// The server's base URL.
            pub fn uri(&self) -> String {
                self.inner.uri()
            }

            /// The token endpoint (`POST /oauth/token`), to answer otherwise
            /// or to expect a number of token requests.
            pub fn token(&self) -> MockCall<'_> {
                self.inner.token()
            }

            /// The untyped mock server underneath.
            pub fn runtime(&self) -> &isc_runtime::mock::MockServer {
                &self.inner
            }

            #(#methods)*
        }

        #(#modules)*
    }
}

/// The module's docs, with an example that compiles as a doc test of this
/// crate: it names no operation in code, since each sits behind its tag's
/// feature, and only mentions one (`first`, the first mock method) as a hint.
fn module_doc(crate_ident: &str, first: Option<&str>) -> TokenStream {
    let mount = first.map_or_else(
        || "// Mount answers on `mock.runtime()` (this document has no operations).".to_owned(),
        |m| {
            format!(
                "// Mount answers first, e.g. `mock.{m}().respond_status(200).expect(1).await`."
            )
        },
    );
    let text = [
        " Typed mocks of this API for the tests of code that uses it (the".to_owned(),
        " `mock` feature): a server on 127.0.0.1 answering what a test mounts,".to_owned(),
        " and a [`Client`](crate::Client) that calls it.".to_owned(),
        String::new(),
        " ```no_run".to_owned(),
        " # async fn example() -> Result<(), isc_runtime::ConfigError> {".to_owned(),
        format!(" let mock = {crate_ident}::mock::MockServer::start().await;"),
        format!(" {mount}"),
        " let client = mock.client()?;".to_owned(),
        " # let _ = client;".to_owned(),
        " # Ok(())".to_owned(),
        " # }".to_owned(),
        " ```".to_owned(),
    ];
    quote!(#(#![doc = #text])*)
}
