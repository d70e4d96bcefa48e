//! Stage 2: `openapiv3` → IR. Decides every name and every Rust-level shape;
//! the emitter only prints what this stage decided.

mod boxing;
pub mod naming;
mod operations;
mod schemas;
mod variant_size;
mod webhooks;

use crate::error::{Location, Result};
use crate::ir::Api;
use crate::load::Spec;
use crate::overlay::Overlay;

/// Something the generator could not express exactly and replaced with a
/// documented fallback.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The spec node.
    pub location: Location,
    /// What was done instead.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Lowers a typed document into the IR.
pub fn lower(spec: &Spec, overlay: &Overlay) -> Result<(Api, Vec<Warning>)> {
    let mut types = schemas::Types::new(spec, overlay);
    types.lower_components()?;
    let tags = operations::Operations {
        types: &mut types,
        spec,
    }
    .lower()?;
    let mut tags = tags;
    let webhooks = webhooks::lower(spec, &mut types)?;
    let (mut defs, mut warnings) = types.finish();
    for schema in overlay.absent.keys() {
        let known = spec
            .openapi
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(schema));
        if !known {
            warnings.push(Warning {
                location: Location::new(&overlay.file, format!("/absent/{schema}")),
                message: format!(
                    "the overlay names schema `{schema}`, which this selection does not include"
                ),
            });
        }
    }
    check_alias_cycles(&defs)?;
    mark_scalar_parameters(&mut tags, &defs);
    boxing::box_cycles(&mut defs);
    variant_size::box_large_variants(&mut tags, &defs);
    warnings.sort();
    warnings.dedup();
    let info = &spec.openapi.info;
    let server_url = spec.openapi.servers.first().map(|s| s.url.clone());
    Ok((
        Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            base_path: server_url.as_deref().map(base_path).unwrap_or_default(),
            server_url,
            types: defs,
            tags,
            webhooks,
        },
        warnings,
    ))
}

/// Marks the parameters whose value is a single scalar, and those whose Rust
/// type is `Copy`, following named types through aliases (alias cycles are
/// rejected before this runs; the depth bound only keeps a mistake from
/// looping).
fn mark_scalar_parameters(tags: &mut [crate::ir::Tag], defs: &[crate::ir::TypeDef]) {
    use crate::ir::{TypeKind, TypeRef};
    let by_name: std::collections::HashMap<&str, &TypeKind> =
        defs.iter().map(|d| (d.name.as_str(), &d.kind)).collect();
    // (scalar, Copy) of a type, through aliases.
    let classify = |ty: &TypeRef| {
        let mut ty = ty;
        for _ in 0..=defs.len() {
            match ty {
                TypeRef::String => return (true, false),
                TypeRef::Integer { .. }
                | TypeRef::Number { .. }
                | TypeRef::Boolean
                | TypeRef::DateTime
                | TypeRef::Date => return (true, true),
                TypeRef::Named(name) => match by_name.get(name.as_str()) {
                    // String enums keep unknown values as text: not `Copy`.
                    Some(TypeKind::Enum(_)) => return (true, false),
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => return (false, false),
                },
                _ => return (false, false),
            }
        }
        (false, false)
    };
    for op in tags.iter_mut().flat_map(|t| t.operations.iter_mut()) {
        for p in &mut op.parameters {
            (p.scalar, p.copy) = classify(&p.ty);
        }
    }
}

/// `type A = B; type B = A;` cannot compile, and no box can help: such a
/// chain of references never reaches a value.
fn check_alias_cycles(defs: &[crate::ir::TypeDef]) -> Result<()> {
    use crate::ir::{TypeKind, TypeRef};
    let aliases: std::collections::HashMap<&str, &str> = defs
        .iter()
        .filter_map(|d| match &d.kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some((d.name.as_str(), target.as_str())),
            _ => None,
        })
        .collect();
    let alias_of = |name: &str| aliases.get(name).map(|t| (*t).to_owned());
    for def in defs {
        let mut chain = vec![def.name.clone()];
        let mut current = def.name.clone();
        while let Some(next) = alias_of(&current) {
            if next == def.name {
                chain.push(next);
                return Err(crate::error::Error::RefCycle {
                    location: match def.origin.split_once('#') {
                        Some((file, pointer)) => Location::new(file, pointer),
                        None => Location::new(def.origin.clone(), ""),
                    },
                    chain: format!(
                        "{} (each only refers to the next; none defines a value)",
                        chain.join(" -> ")
                    ),
                });
            }
            if chain.contains(&next) {
                break;
            }
            chain.push(next.clone());
            current = next;
        }
    }
    Ok(())
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
