//! Corrections to a spec that the spec cannot express: an overlay file the
//! generator applies on top of whichever document it reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, InvalidKind, Location, Result};

/// The parsed overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Where it was read from (for error messages).
    #[serde(skip)]
    pub file: PathBuf,
    /// Schema name → required properties the server may leave out.
    #[serde(default)]
    pub absent: BTreeMap<String, Vec<String>>,
}

impl Overlay {
    /// Reads an overlay file.
    pub fn read(path: &Path) -> Result<Self> {
        let value = crate::load::parse_file(path, &read(path)?)?;
        let mut overlay: Overlay =
            serde_path_to_error::deserialize(&value).map_err(|err| Error::Invalid {
                kind: InvalidKind::OverlayShape,
                location: Location::new(path, format!("/{}", err.path()).replace('.', "/")),
                message: format!(
                    "not a valid overlay: {}; expected `absent: {{Schema: [property, ...]}}`",
                    err.inner()
                ),
            })?;
        overlay.file = path.to_path_buf();
        Ok(overlay)
    }

    /// Whether `property` of schema `schema` may be absent despite `required`.
    pub fn may_be_absent(&self, schema: &str, property: &str) -> bool {
        self.absent
            .get(schema)
            .is_some_and(|props| props.iter().any(|p| p == property))
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        location: Location::new(path, ""),
        source,
    })
}
