//! Which OpenAPI versions the loader reads: 3.0.x, and 3.1.x (whose schemas
//! `oas31` rewrites into 3.0 forms). Anything else is refused at `/openapi`.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, InvalidKind, Location, Result, UnsupportedKind};

/// Accepts OpenAPI 3.0.x and 3.1.x; returns whether it is 3.1.
pub fn check(top: &Map<String, Value>, root: &Path) -> Result<bool> {
    if let Some(version) = top.get("swagger") {
        return Err(Error::Unsupported {
            kind: UnsupportedKind::Swagger,
            location: Location::new(root, "/swagger"),
            message: format!(
                "Swagger/OpenAPI {} documents; convert it to OpenAPI 3.0 first (for example with swagger2openapi)",
                display_scalar(version)
            ),
        });
    }
    match top.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => Ok(false),
        Some(v) if v.starts_with("3.1") => Ok(true),
        Some(v) if v.starts_with("3.") => Err(Error::Unsupported {
            kind: UnsupportedKind::LaterOpenApi,
            location: Location::new(root, "/openapi"),
            message: format!("OpenAPI {v}; this generator reads OpenAPI 3.0.x and 3.1.x documents"),
        }),
        Some(v) => Err(Error::Invalid {
            kind: InvalidKind::UnknownVersion,
            location: Location::new(root, "/openapi"),
            message: format!("unknown OpenAPI version `{v}`; expected 3.0.x or 3.1.x"),
        }),
        None => Err(Error::Invalid {
            kind: InvalidKind::MissingVersion,
            location: Location::new(root, ""),
            message:
                "missing `openapi: 3.0.x` field; is this an OpenAPI document? (3.1.x is read too)"
                    .to_owned(),
        }),
    }
}

fn display_scalar(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
