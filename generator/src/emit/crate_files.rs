//! The crate around the types and operations: `lib.rs`, the `mod.rs` files
//! and the non-Rust files rendered from `templates/`.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::features::Features;
use super::names::ident;
use crate::ir::Api;

const CARGO_TEMPLATE: &str = include_str!("../../../templates/Cargo.toml.tmpl");
const README_TEMPLATE: &str = include_str!("../../../templates/README.md.tmpl");
const PREAMBLE_TEMPLATE: &str = include_str!("../../../templates/lib-preamble.md");

/// How the emitted crate is named and wired to the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// Package name; by default the document's title in kebab-case
    /// (`Swagger Petstore` → `swagger-petstore`).
    pub name: Option<String>,
    /// Package version.
    pub version: String,
    /// Package description; by default one naming the document.
    pub description: Option<String>,
    /// Cargo.toml dependency lines the settings add (for extra derives).
    pub extra_dependencies: String,
    /// Where the client reads its configuration; by default SailPoint's
    /// sources for SailPoint's documents, generic ones for any other.
    pub config_sources: Option<crate::settings::ConfigSources>,
    /// Prefix of the generic configuration's environment variables; by
    /// default the crate name in upper snake case.
    pub env_prefix: Option<String>,
    /// Variable names of the generic configuration that differ from
    /// `{PREFIX}_*`.
    pub env_names: crate::settings::EnvNames,
    /// The inside of the `isc-runtime = { ... }` dependency table
    /// (`path = "../runtime"`).
    pub runtime_dependency: String,
    /// Add an empty `[workspace]` table, for crates generated outside a workspace
    /// or inside one they must not join.
    pub standalone: bool,
}

impl Default for CrateOptions {
    fn default() -> Self {
        Self {
            name: None,
            version: "0.1.0".to_owned(),
            description: None,
            extra_dependencies: String::new(),
            config_sources: None,
            env_prefix: None,
            env_names: crate::settings::EnvNames::default(),
            runtime_dependency: "path = \"../runtime\"".to_owned(),
            standalone: false,
        }
    }
}

/// `text` as a TOML string, quotes included.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Fills `{{name}}` placeholders.
fn render(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// The emitted crate's name as Rust code spells it (`sailpoint-beta` →
/// `sailpoint_beta`), for doc examples.
pub(super) fn lib_ident(options: &CrateOptions) -> String {
    options.name.clone().unwrap_or_default().replace('-', "_")
}

fn values(
    api: &Api,
    options: &CrateOptions,
    header: &str,
    source: &str,
    features: &Features<'_>,
) -> Vec<(&'static str, String)> {
    let operations: usize = api.tags.iter().map(|t| t.operations.len()).sum();
    let name = options.name.clone().unwrap_or_default();
    let crate_ident = lib_ident(options);
    let description = options.description.clone().unwrap_or_else(|| {
        format!(
            "Rust client for the {} ({}), generated from {source}.",
            api.title, api.version
        )
    });
    vec![
        ("header", header.to_owned()),
        ("crate_ident", crate_ident.clone()),
        ("crate_name", name),
        ("description", toml_string(&description)),
        ("extra_dependencies", options.extra_dependencies.clone()),
        ("crate_version", options.version.clone()),
        ("title", api.title.clone()),
        ("api_version", api.version.clone()),
        ("source", source.to_owned()),
        ("runtime_dependency", options.runtime_dependency.clone()),
        (
            "runtime_features",
            // The sailpoint CLI's YAML reader is the runtime's one default
            // feature; only SailPoint's clients read that file.
            if options.config_sources == Some(crate::settings::ConfigSources::Generic) {
                ", default-features = false".to_owned()
            } else {
                String::new()
            },
        ),
        ("features", features.cargo_table()),
        (
            "workspace",
            if options.standalone {
                "\n[workspace]\n".to_owned()
            } else {
                String::new()
            },
        ),
        ("operation_count", operations.to_string()),
        ("example", example(api, &crate_ident)),
        ("tag_count", api.tags.len().to_string()),
        ("type_count", api.types.len().to_string()),
        (
            "tag_list",
            api.tags
                .iter()
                .map(|t| format!("[`{}`](Client::{})", t.accessor, t.accessor))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ]
}

/// The crate docs' example, compiled as a doc test (`no_run`): load the
/// configuration and send the first GET whose arguments are all text (a
/// path parameter), when the API has one.
fn example(api: &Api, crate_ident: &str) -> String {
    use crate::ir::TypeRef;
    let simple = |op: &&crate::ir::Operation| {
        op.http_method == "GET"
            && op.body.as_ref().is_none_or(|b| !b.required)
            && op
                .parameters
                .iter()
                .filter(|p| p.argument)
                .all(|p| p.ty == TypeRef::String)
    };
    let call = api.tags.iter().find_map(|tag| {
        let op = tag.operations.iter().find(simple)?;
        let args: Vec<String> = op
            .parameters
            .iter()
            .filter(|p| p.argument)
            .map(|p| format!("{:?}", format!("my-{}", p.name)))
            .collect();
        Some(format!(
            "let response = client.{}().{}({}).await?;\n# let _ = response;\n",
            tag.accessor,
            op.method_name,
            args.join(", ")
        ))
    });
    let mut text = String::from("\n# Example\n\n```no_run\n");
    if call.as_deref().is_some_and(|_| {
        api.tags
            .iter()
            .flat_map(|t| &t.operations)
            .any(|o| o.deprecated.is_some())
    }) {
        text.push_str("# #![allow(deprecated)]\n");
    }
    text.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    text.push_str(&format!("let client = {crate_ident}::Client::load()?;\n"));
    text.push_str(call.as_deref().unwrap_or("# let _ = client;\n"));
    text.push_str("# Ok(())\n# }\n```\n");
    text
}

/// `Cargo.toml` of the emitted crate.
pub fn cargo_toml(
    api: &Api,
    options: &CrateOptions,
    header: &str,
    source: &str,
    features: &Features<'_>,
) -> String {
    render(
        CARGO_TEMPLATE,
        &values(api, options, header, source, features),
    )
}

/// `README.md` of the emitted crate.
pub fn readme(
    api: &Api,
    options: &CrateOptions,
    header: &str,
    source: &str,
    features: &Features<'_>,
) -> String {
    render(
        README_TEMPLATE,
        &values(api, options, header, source, features),
    )
}

/// `src/lib.rs`.
pub fn lib_rs(
    api: &Api,
    options: &CrateOptions,
    source: &str,
    features: &Features<'_>,
) -> TokenStream {
    let preamble = render(
        PREAMBLE_TEMPLATE,
        &values(api, options, "", source, features),
    );
    // The preamble is our own markdown: printed as written, not sanitised.
    let inner_docs = doc::own_inner(preamble.trim_end());
    let base_path = &api.base_path;
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        let cfg = features.full_cfg();
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    let errors = (!api.shared_errors.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod errors;
        }
    });
    let base_doc = doc::attrs(&format!(
        "Path prefix of every operation, from the spec's server URL (`{}`).",
        api.server_url.as_deref().unwrap_or("")
    ));
    let recursion_limit = api.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote! {
            // The models nest deeper than rustc looks by default.
            #![recursion_limit = #limit]
        }
    });
    quote! {
        #inner_docs
        // Deprecated schemas and operations are still generated; using them
        // inside this crate is not a reason to warn.
        #![allow(deprecated)]
        #recursion_limit

        // The generated modules are laid out by prettyplease; `cargo fmt`
        // leaves them as generated so that regenerating gives no diff.
        #[rustfmt::skip]
        pub mod apis;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #errors
        #webhooks

        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;

        pub use client::Client;
        pub use isc_runtime::{Error, Page, PageOptions};

        #base_doc
        pub const BASE_PATH: &str = #base_path;
    }
}

/// `src/client.rs`: the entry point with one accessor per tag.
pub fn client_rs(api: &Api, options: &CrateOptions, features: &Features<'_>) -> TokenStream {
    let load = super::config_load::load_fn(api, options);
    let accessors = api.tags.iter().map(|tag| {
        let cfg = features.tag_cfg(tag);
        let accessor = ident(&tag.accessor);
        let module = ident(&tag.module);
        let api_type = ident(&tag.type_name);
        let docs = doc::attrs(&format!("Operations tagged `{}`.", tag.name));
        quote! {
            #docs
            #cfg
            pub fn #accessor(&self) -> crate::apis::#module::#api_type {
                crate::apis::#module::#api_type::new(self.inner.clone())
            }
        }
    });
    // Paths rather than `use crate::apis;`: with no tags, or no tag feature
    // enabled, the import would be unused.
    quote! {
        /// Entry point: one accessor per tag. Cheap to clone.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: isc_runtime::Client,
        }

        impl Client {
            /// Wraps a configured runtime client.
            pub fn new(inner: isc_runtime::Client) -> Self {
                Self { inner }
            }

            #load

            /// The runtime client requests are sent through.
            pub fn runtime(&self) -> &isc_runtime::Client {
                &self.inner
            }

            #(#accessors)*
        }
    }
}

/// `src/webhooks.rs`: the payload type of each webhook, under its name.
pub fn webhooks_rs(api: &Api) -> TokenStream {
    let items = api.webhooks.iter().map(|hook| {
        let name = ident(&hook.type_name);
        let mut imports = super::names::Imports::new(api);
        let ty = imports.ty(&hook.payload, super::names::Context::Outside);
        let docs = doc::attrs(&doc::paragraphs([
            Some(format!("Payload of the `{}` webhook.", hook.name).as_str()),
            hook.doc.as_deref(),
        ]));
        quote! {
            #docs
            pub type #name = #ty;
        }
    });
    let import = api
        .webhooks
        .iter()
        .any(|hook| hook.payload.mentions_named())
        .then(|| {
            quote!(
                use crate::models;
            )
        });
    quote! {
        //! Requests the API sends to subscribers: the payload type of each
        //! webhook, for code that receives them.
        #import

        #(#items)*
    }
}

/// `src/models/mod.rs`.
pub fn models_mod(api: &Api, features: &Features<'_>) -> TokenStream {
    let own = || {
        api.types
            .iter()
            .filter(|def| def.custom.replaced_by.is_none())
    };
    let modules = own().map(|def| {
        let cfg = features.type_cfg(def);
        let module = ident(&def.module);
        quote!(#cfg mod #module;)
    });
    let uses = own().map(|def| {
        let cfg = features.type_cfg(def);
        let module = ident(&def.module);
        let name = ident(&def.name);
        quote!(#cfg pub use #module::#name;)
    });
    quote! {
        //! Request and response bodies: one type per file.
        #(#modules)*
        #(#uses)*
    }
}

/// `src/errors/mod.rs`: the shared error enums, each behind the features of
/// the operations that use it.
pub fn errors_mod(api: &Api, features: &Features<'_>) -> TokenStream {
    let modules = api.shared_errors.iter().map(|shared| {
        let cfg = features.tags_cfg(&shared.tags);
        let module = ident(&shared.module);
        quote!(#cfg mod #module;)
    });
    let uses = api.shared_errors.iter().map(|shared| {
        let cfg = features.tags_cfg(&shared.tags);
        let module = ident(&shared.module);
        let name = ident(&shared.name);
        quote!(#cfg pub use #module::#name;)
    });
    quote! {
        //! Error enums that several operations declare identically: each of
        //! those operations' `…Error` types is an alias of one of these, so
        //! the enum is compiled once. The aliases of one enum name the same
        //! type today; a change to one operation's errors can part them.
        #(#modules)*
        #(#uses)*
    }
}

/// `src/apis/mod.rs`.
pub fn apis_mod(api: &Api, features: &Features<'_>) -> TokenStream {
    let items = api.tags.iter().map(|tag| {
        let cfg = features.tag_cfg(tag);
        let module = ident(&tag.module);
        let docs = doc::attrs(&format!("Operations tagged `{}`.", tag.name));
        quote! {
            #docs
            #cfg
            pub mod #module;
        }
    });
    quote! {
        //! Operations, one module per tag.
        #(#items)*
    }
}
