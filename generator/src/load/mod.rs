//! Stage 1: read the document and everything it references, resolve `$ref`s,
//! normalise forms a typed parse would lose (OpenAPI 3.1 schemas among them),
//! and parse into `openapiv3` types. Knows nothing about Rust.

mod bundle;
mod component_names;
mod files;
pub mod git;
mod lenient;
mod normalize;
mod oas31;
mod parse_error;
mod reference;
mod typed;
mod validate;
mod version;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use files::Source;
pub use files::parse as parse_file;
pub use typed::{Component, Spec, Webhook};

use crate::error::Warning;
use crate::error::{Location, Result};

/// A document with all its files merged into one, before the typed parse.
pub struct Loaded {
    /// The file the user named.
    pub root: PathBuf,
    /// The self-contained document.
    pub document: serde_json::Value,
    /// How many files were read.
    pub files_read: usize,
    origins: BTreeMap<String, Location>,
    /// Notes by the schema they concern, see [`Spec::notes`].
    notes: Vec<(Location, Warning)>,
    warnings: Vec<Warning>,
}

/// Reads `root` and every file it references.
pub fn load(root: &Path) -> Result<Loaded> {
    load_from(root, Source::Disk)
}

/// As [`load`], reading every file from `source` (a git revision, say).
pub fn load_from(root: &Path, source: Source) -> Result<Loaded> {
    let bundled = bundle::bundle(root, source)?;
    Ok(Loaded {
        root: files::normalise(root),
        document: bundled.document,
        files_read: bundled.files_read,
        origins: bundled.origins,
        notes: bundled.notes,
        warnings: bundled.warnings,
    })
}

impl Loaded {
    /// Maps a pointer into the bundled document back to the file and pointer it
    /// was read from.
    pub fn locate(&self, pointer: &str) -> Location {
        locate(&self.root, &self.origins, pointer)
    }

    /// Parses into `openapiv3` types; errors name the source location.
    pub fn typed(self) -> Result<Spec> {
        typed::parse(self)
    }
}

fn locate(root: &Path, origins: &BTreeMap<String, Location>, pointer: &str) -> Location {
    let mut prefix = pointer.to_owned();
    loop {
        if let Some(origin) = origins.get(&prefix) {
            let rest = pointer.get(prefix.len()..).unwrap_or_default();
            return Location::new(origin.file.clone(), format!("{}{rest}", origin.pointer));
        }
        match prefix.rfind('/') {
            Some(cut) if !prefix.is_empty() => prefix.truncate(cut),
            _ => break,
        }
    }
    Location::new(root.to_path_buf(), pointer.to_owned())
}
