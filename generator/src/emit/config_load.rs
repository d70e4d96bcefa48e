//! `Client::load` of the emitted crate: SailPoint's configuration sources
//! for SailPoint's documents, and for any other document a generic one read
//! from variables named after the crate (`PETSTORE_BASE_URL`,
//! `PETSTORE_TOKEN`, `PETSTORE_CLIENT_ID`/`PETSTORE_CLIENT_SECRET`), the base
//! URL defaulting to the document's first server.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateOptions;
use super::doc;
use crate::ir::Api;
use crate::settings::ConfigSources;

/// The origin of the first server (`https://petstore.example.com/v2` →
/// `https://petstore.example.com`; requests add the base path), when it
/// has no unfilled variables.
fn default_origin(api: &Api) -> Option<String> {
    let url = api.server_url.as_deref()?;
    let origin = url.strip_suffix(api.base_path.as_str()).unwrap_or(url);
    (origin.contains("://") && !origin.contains('{'))
        .then(|| origin.trim_end_matches('/').to_owned())
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
    let base = format!("{prefix}_BASE_URL");
    let token = format!("{prefix}_TOKEN");
    let id = format!("{prefix}_CLIENT_ID");
    let secret = format!("{prefix}_CLIENT_SECRET");
    let origin = default_origin(api);
    let default_doc = origin.as_deref().map_or_else(
        || "(the document's server has no fixed URL, so the variable is required)".to_owned(),
        |o| format!("(default `{o}`, the document's server)"),
    );
    let docs = doc::attrs(&format!(
        "Configuration from the environment: `{base}` {default_doc}; then `{token}` (a bearer token), or `{id}` and `{secret}` (OAuth2 client credentials); without either, no credentials. The runtime's rules hold: https only except for loopback hosts, and a secret only goes to the configured origin."
    ));
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
    quote! {
        #docs
        pub fn load() -> Result<Self, isc_runtime::ConfigError> {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
            let mut builder = isc_runtime::Config::builder();
            #base_url
            builder = match (var(#token), var(#id), var(#secret)) {
                (Some(token), _, _) => builder.bearer_token(token),
                (None, Some(id), Some(secret)) => builder.client_credentials(id, secret),
                _ => builder.credentials(isc_runtime::Credentials::None),
            };
            isc_runtime::Client::new(builder.build()?).map(Self::new)
        }
    }
}
