//! Stage 2: `openapiv3` → IR. Decides every name and every Rust-level shape;
//! the emitter only prints what this stage decided.

mod bodies;
mod choices;
pub mod naming;
mod objects;
mod operations;
mod parameters;
mod responses;
mod schemas;
mod security;
pub mod shared_errors;
mod types;
mod webhooks;

pub use crate::error::Warning;
use crate::error::{Location, Result, WarningKind};
use crate::ir::Api;
use crate::load::Spec;
use crate::overlay::Overlay;

/// Lowers a typed document into the IR, then runs the analyses over it
/// ([`crate::ir::analysis`]), whose answers the IR keeps.
pub fn lower(spec: &Spec, overlay: &Overlay) -> Result<(Api, Vec<Warning>)> {
    let mut types = types::Types::new(spec, overlay);
    types.lower_components()?;
    let tags = operations::Operations {
        types: &mut types,
        spec,
    }
    .lower()?;
    let webhooks = webhooks::lower(spec, &mut types)?;
    let (defs, renumber, mut warnings) = types.finish();
    warnings.extend(spec.warnings.iter().cloned());
    for schema in overlay.absent.keys() {
        let known = spec
            .openapi
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(schema));
        if !known {
            warnings.push(Warning {
                location: Location::new(&overlay.file, format!("/absent/{schema}")),
                kind: WarningKind::OverlayUnknownSchema,
                message: format!(
                    "the overlay names schema `{schema}`, which this selection does not include"
                ),
            });
        }
    }
    warnings.sort();
    warnings.dedup();
    let info = &spec.openapi.info;
    let server_url = spec.openapi.servers.first().map(|s| s.url.clone());
    let default_server_url = spec.openapi.servers.first().and_then(|server| {
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        (!url.contains('{')).then_some(url)
    });
    let mut api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        base_path: server_url.as_deref().map(base_path).unwrap_or_default(),
        server_url,
        default_server_url,
        types: defs,
        tags,
        webhooks,
        tag_features: false,
        recursion_limit: None,
        security: security::lower(spec),
        shared_errors: Vec::new(),
    };
    // Lowering handed out ids in the order it met the types; the arena is
    // sorted by name, so every reference moves to its type's new index.
    crate::ir::visit::ids_mut(&mut api, |id| {
        *id = renumber.get(id.0).copied().unwrap_or(*id);
    });
    crate::ir::analysis::run(&mut api)?;
    Ok((api, warnings))
}

/// The path part of a server URL (`https://{tenant}.example.com/beta` → `/beta`).
fn base_path(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        without_scheme
            .find('/')
            .map_or("", |i| without_scheme.get(i..).unwrap_or_default())
    } else {
        without_scheme
    };
    path.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_path_of_server_urls() {
        assert_eq!(
            base_path("https://{tenant}.api.identitynow.com/beta"),
            "/beta"
        );
        assert_eq!(base_path("https://example.com"), "");
        assert_eq!(base_path("https://example.com/"), "");
        assert_eq!(base_path("/v3/"), "/v3");
    }
}
