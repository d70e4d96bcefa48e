//! `Client::load` of the emitted crate: SailPoint's configuration sources
//! for SailPoint's documents, and for any other document a generic one read
//! from variables named after the crate (`PETSTORE_BASE_URL`, then a
//! credential for each kind of security scheme the document declares:
//! `PETSTORE_TOKEN`, `PETSTORE_CLIENT_ID`/`PETSTORE_CLIENT_SECRET`,
//! `PETSTORE_API_KEY`, `PETSTORE_USERNAME`/`PETSTORE_PASSWORD`), the base
//! URL defaulting to the document's first server.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateOptions;
use super::doc;
use crate::ir::{Api, KeyLocation, SecurityKind};
use crate::settings::ConfigSources;

/// The first server with its variables' defaults, without the base path
/// (`https://{region}.example.com/v2` → `https://eu.example.com`; requests
/// add the base path), when every variable has a default.
fn default_origin(api: &Api) -> Option<String> {
    let url = api.default_server_url.as_deref()?;
    let origin = url.strip_suffix(api.base_path.as_str()).unwrap_or(url);
    (origin.contains("://") && !origin.contains('{'))
        .then(|| origin.trim_end_matches('/').to_owned())
}

/// One way to authenticate: the variables it reads (for the docs) and the
/// `if let` condition and builder call.
struct Way {
    doc: String,
    condition: TokenStream,
    apply: TokenStream,
}

fn ways(api: &Api, name: &dyn Fn(&str) -> String) -> Vec<Way> {
    let kinds = || api.security.iter().map(|s| &s.kind);
    let mut ways = Vec::new();
    let oauth = kinds().any(|k| {
        matches!(
            k,
            SecurityKind::Bearer | SecurityKind::ClientCredentials { .. }
        )
    });
    if oauth {
        let token = name("TOKEN");
        ways.push(Way {
            doc: format!("`{token}` (a bearer token)"),
            condition: quote!(let Some(token) = var(#token)),
            apply: quote!(builder.bearer_token(token)),
        });
    }
    if let Some(token_url) = kinds().find_map(|k| match k {
        SecurityKind::ClientCredentials { token_url } => Some(token_url),
        _ => None,
    }) {
        let (id, secret) = (name("CLIENT_ID"), name("CLIENT_SECRET"));
        // A relative token URL is the runtime's default place, under the base URL.
        let token_url = token_url
            .contains("://")
            .then(|| quote!(.token_url(#token_url)));
        ways.push(Way {
            doc: format!("`{id}` and `{secret}` (OAuth2 client credentials)"),
            condition: quote!(let (Some(id), Some(secret)) = (var(#id), var(#secret))),
            apply: quote!(builder.client_credentials(id, secret) #token_url),
        });
    }
    if let Some((location, key_name)) = kinds().find_map(|k| match k {
        SecurityKind::ApiKey { location, name } => Some((location, name)),
        _ => None,
    }) {
        let var_name = name("API_KEY");
        let location = match location {
            KeyLocation::Header => quote!(Header),
            KeyLocation::Query => quote!(Query),
            KeyLocation::Cookie => quote!(Cookie),
        };
        ways.push(Way {
            doc: format!("`{var_name}` (an API key, sent as `{key_name}`)"),
            condition: quote!(let Some(key) = var(#var_name)),
            apply: quote!(builder.api_key(isc_runtime::ApiKeyLocation::#location(#key_name.to_owned()), key)),
        });
    }
    if kinds().any(|k| matches!(k, SecurityKind::Basic)) {
        let (user, password) = (name("USERNAME"), name("PASSWORD"));
        ways.push(Way {
            doc: format!("`{user}` and `{password}` (basic authentication)"),
            condition: quote!(let (Some(user), Some(password)) = (var(#user), var(#password))),
            apply: quote!(builder.basic_auth(user, password)),
        });
    }
    ways
}

/// The `load` method of `Client`.
pub fn load_fn(api: &Api, options: &CrateOptions) -> TokenStream {
    if options.config_sources != Some(ConfigSources::Generic) {
        return quote! {
            /// Configuration from the first source that has it: the environment
            /// (`SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`), then
            /// `./config.json`, then the sailpoint CLI's `~/.sailpoint/config.yaml`.
            pub fn load() -> Result<Self, isc_runtime::ConfigError> {
                isc_runtime::Client::load().map(Self::new)
            }
        };
    }
    let prefix = options.env_prefix.clone().unwrap_or_default();
    let name = |what: &str| options.env_names.name(&prefix, what);
    let base = name("BASE_URL");
    let origin = default_origin(api);
    let default_doc = origin.as_deref().map_or_else(
        || "(required: the document's server has no fixed URL)".to_owned(),
        |o| format!("(default `{o}`, the document's server)"),
    );
    let ways = ways(api, &name);
    let credentials_doc = if ways.is_empty() {
        "The document declares no security scheme: no credentials are sent.".to_owned()
    } else {
        format!(
            "Credentials from the first of {} that is set; without any, none are sent.",
            ways.iter()
                .map(|w| w.doc.as_str())
                .collect::<Vec<_>>()
                .join(", then ")
        )
    };
    let docs = doc::attrs(&doc::paragraphs([
        Some(format!("Configuration from the environment: `{base}` {default_doc}.").as_str()),
        Some(credentials_doc.as_str()),
        Some(
            "The runtime's rules hold for every scheme: https only except for loopback hosts, and no credential follows a redirect to another origin.",
        ),
    ]));
    let base_url = match origin {
        Some(origin) => quote! {
            builder = builder.base_url(var(#base).unwrap_or_else(|| #origin.to_owned()));
        },
        None => quote! {
            if let Some(url) = var(#base) {
                builder = builder.base_url(url);
            }
        },
    };
    let none = quote!(builder.credentials(isc_runtime::Credentials::None));
    let credentials = if ways.is_empty() {
        none
    } else {
        let chain = ways.iter().map(|w| {
            let (condition, apply) = (&w.condition, &w.apply);
            quote!(if #condition { #apply } else)
        });
        quote!(#(#chain)* { #none })
    };
    quote! {
        #docs
        pub fn load() -> Result<Self, isc_runtime::ConfigError> {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
            let mut builder = isc_runtime::Config::builder();
            #base_url
            builder = #credentials;
            isc_runtime::Client::new(builder.build()?).map(Self::new)
        }
    }
}
