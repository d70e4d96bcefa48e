//! `components.securitySchemes` → [`SecurityScheme`]s, in document order.
//! A client-credentials flow wins over the other flows of its OAuth2 scheme
//! (the client can run it unattended); an `http` scheme other than bearer
//! and basic has no credential the client knows and is left out.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme as Scheme};

use crate::ir::{KeyLocation, SecurityKind, SecurityScheme};
use crate::load::Spec;

/// The schemes the document declares that the client can authenticate with.
pub fn lower(spec: &Spec) -> Vec<SecurityScheme> {
    let Some(components) = &spec.openapi.components else {
        return Vec::new();
    };
    components
        .security_schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let ReferenceOr::Item(scheme) = scheme else {
                return None;
            };
            let kind = match scheme {
                Scheme::APIKey { location, name, .. } => SecurityKind::ApiKey {
                    location: match location {
                        APIKeyLocation::Header => KeyLocation::Header,
                        APIKeyLocation::Query => KeyLocation::Query,
                        APIKeyLocation::Cookie => KeyLocation::Cookie,
                    },
                    name: name.clone(),
                },
                Scheme::HTTP { scheme, .. } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => SecurityKind::Bearer,
                    "basic" => SecurityKind::Basic,
                    _ => return None,
                },
                Scheme::OAuth2 { flows, .. } => match &flows.client_credentials {
                    Some(flow) => SecurityKind::ClientCredentials {
                        token_url: flow.token_url.clone(),
                    },
                    None => SecurityKind::Bearer,
                },
                Scheme::OpenIDConnect { .. } => SecurityKind::Bearer,
            };
            Some(SecurityScheme {
                name: name.clone(),
                kind,
            })
        })
        .collect()
}
