//! The typed parse into `openapiv3`, with errors mapped back to the source.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Loaded;
use crate::error::{Error, Location, Result, pointer_push};

/// A typed, self-contained document and the map back to its source files.
pub struct Spec {
    /// The file the user named.
    pub root: PathBuf,
    /// The parsed document; every `$ref` points into its own components.
    pub openapi: openapiv3::OpenAPI,
    /// The same document untyped, for the few extensions typed parsing drops.
    pub raw: serde_json::Value,
    origins: BTreeMap<String, Location>,
}

impl Spec {
    /// The source location of a pointer into the bundled document.
    pub fn locate(&self, pointer: &str) -> Location {
        super::locate(&self.root, &self.origins, pointer)
    }
}

pub fn parse(loaded: Loaded) -> Result<Spec> {
    let Loaded {
        root,
        document,
        origins,
        ..
    } = loaded;
    // Path tracking costs time; it is only needed to say where a failure is.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&document) {
        return Ok(Spec {
            root,
            openapi,
            raw: document,
            origins,
        });
    }
    let openapi: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(&document).map_err(|err| {
            let mut pointer = String::new();
            for segment in err.path().iter() {
                use serde_path_to_error::Segment;
                match segment {
                    Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
                    Segment::Map { key } => pointer = pointer_push(&pointer, key),
                    Segment::Enum { variant } => pointer = pointer_push(&pointer, variant),
                    Segment::Unknown => {}
                }
            }
            Error::Invalid {
                location: super::locate(&root, &origins, &pointer),
                message: format!("not a valid OpenAPI 3.0 node: {}", err.inner()),
            }
        })?;
    Ok(Spec {
        root,
        openapi,
        raw: document,
        origins,
    })
}
