//! Defaults that fit any API: what a crate is called, described as and
//! configured by when neither the settings nor the flags say. SailPoint's
//! documents are recognised deliberately (their servers and title) and keep
//! SailPoint's configuration sources; every other document gets a generic
//! configuration named after its crate.

use heck::{ToKebabCase, ToShoutySnakeCase};

use super::ConfigSources;
use crate::emit::CrateOptions;
use crate::ir::Api;

/// `options` with every default filled in for `api`.
pub fn resolve(api: &Api, options: &CrateOptions) -> CrateOptions {
    let mut resolved = options.clone();
    let name = options
        .name
        .clone()
        .unwrap_or_else(|| crate_name(&api.title));
    resolved.config_sources = Some(options.config_sources.unwrap_or_else(|| {
        if is_sailpoint(api) {
            ConfigSources::Sailpoint
        } else {
            ConfigSources::Generic
        }
    }));
    resolved.env_prefix = Some(
        options
            .env_prefix
            .clone()
            .unwrap_or_else(|| name.to_shouty_snake_case()),
    );
    resolved.name = Some(name);
    resolved
}

/// A cargo package name from a document title: kebab-case ASCII letters,
/// digits and dashes, starting with a letter (`Swagger Petstore` →
/// `swagger-petstore`).
pub fn crate_name(title: &str) -> String {
    let ascii: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let kebab = ascii.to_kebab_case();
    match kebab.chars().next() {
        None => "api-client".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("api-{kebab}"),
        Some(_) => kebab,
    }
}

/// Whether the document is one of SailPoint's: its servers are tenants of
/// Identity Security Cloud (`{tenant}.api.identitynow.com`), or its title
/// names the product.
pub fn is_sailpoint(api: &Api) -> bool {
    let server = api
        .server_url
        .as_deref()
        .is_some_and(|url| url.contains(".identitynow.com") || url.contains(".sailpoint.com"));
    let title = api.title.to_ascii_lowercase();
    server || title.contains("identity security cloud") || title.contains("identitynow")
}

#[cfg(test)]
mod tests {
    use super::crate_name;

    #[test]
    fn titles_become_crate_names() {
        assert_eq!(crate_name("Swagger Petstore"), "swagger-petstore");
        assert_eq!(crate_name("Petstore API (v2.1)"), "petstore-api-v2-1");
        assert_eq!(crate_name("3D Printing"), "api-3d-printing");
        assert_eq!(crate_name("Ünïcode"), "n-code");
        assert_eq!(crate_name(""), "api-client");
    }
}
