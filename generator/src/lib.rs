//! `isc-codegen`: generates a Rust client crate from an OpenAPI 3.0 document,
//! multi-file specs included.
//!
//! The pipeline runs one way, each stage in its own module:
//! [`load`] (files, `$ref`s, normalisation) → [`select`] (tags, operations) →
//! [`lower`] (to the plain-data [`ir`]) → [`emit`] (tokens, templates) →
//! [`write`](mod@write) (files on disk).
//!
//! ```no_run
//! use isc_codegen::{generate, Options, Selection};
//!
//! let options = Options {
//!     input: "spec/beta-accounts.yaml".into(),
//!     selection: Selection::tag("Accounts"),
//!     ..Options::default()
//! };
//! let generated = generate(&options)?;
//! generated.write_to("generated".as_ref())?;
//! # Ok::<(), isc_codegen::Error>(())
//! ```
//!
//! # In a build script
//!
//! A crate can generate its client when it builds instead of committing it
//! (`tests/build-rs-example` in this repository does). The generated modules
//! become the crate's own; its `Cargo.toml` lists `isc-codegen` under
//! `[build-dependencies]` and, under `[dependencies]`, what the client uses
//! (`isc-runtime`, `serde`, `serde_json`, `indexmap`), and under `[features]`
//! `mock = ["isc-runtime/mock"]` (the client's typed mocks are behind it).
//!
//! ```no_run
//! // build.rs
//! use std::path::PathBuf;
//!
//! use isc_codegen::{Options, Selection};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let spec = PathBuf::from("spec/beta-accounts.yaml");
//!     // Cargo reruns the script when the spec changes; list every file a
//!     // multi-file spec reads (or its directory).
//!     println!("cargo::rerun-if-changed={}", spec.display());
//!     let generated = isc_codegen::generate(&Options {
//!         input: spec,
//!         selection: Selection::tag("Accounts"),
//!         ..Options::default()
//!     })?; // the error names the spec file, JSON pointer and line
//!     for warning in &generated.warnings {
//!         println!("cargo::warning={warning}");
//!     }
//!     let out = PathBuf::from(std::env::var("OUT_DIR")?);
//!     generated.write_includable(&out.join("sailpoint"), &out.join("sailpoint.rs"))?;
//!     Ok(())
//! }
//! ```
//!
//! and `src/lib.rs`:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/sailpoint.rs"));
//! ```

// Library code returns errors instead of panicking; tests may index.
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

pub mod check_diff;
pub mod diagnostic;
pub mod diff;
pub mod emit;
mod error;
pub mod ir;
pub mod kinds;
pub mod load;
pub mod lower;
pub mod overlay;
mod parallel;
pub mod select;
pub mod settings;
mod stack;
pub mod write;

use std::path::{Path, PathBuf};

pub use emit::{CrateOptions, GeneratedFile};
pub use error::{Error, Location, Result, Warning};
pub use kinds::{
    DiagnosticKind, ErrorKind, InvalidKind, RefKind, SyntaxKind, UnsupportedKind, WarningKind,
};
pub use select::Selection;
pub use write::Difference;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The root document.
    pub input: PathBuf,
    /// Which operations.
    pub selection: Selection,
    /// Name, version and runtime wiring of the emitted crate.
    pub crate_options: CrateOptions,
    /// Corrections applied on top of the document (see `spec/overlay.yaml`).
    pub overlay: Option<PathBuf>,
    /// Derives, attributes, replacements and renames from the settings
    /// ([`settings`]).
    pub customize: settings::Customize,
}

impl Options {
    /// Options for `input` with the settings file beside it
    /// (`isc-codegen.toml`) and its overlay (`overlay.yaml`), when there are
    /// such files: what the CLI does without flags.
    pub fn for_input(input: impl Into<PathBuf>) -> Result<Self> {
        let input = input.into();
        let overlay = input.with_file_name("overlay.yaml");
        let mut options = Options {
            overlay: overlay.is_file().then_some(overlay),
            input,
            ..Options::default()
        };
        if let Some(path) = settings::Settings::beside(&options.input) {
            settings::Settings::read(&path)?.fill(&mut options);
        }
        Ok(options)
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            input: PathBuf::from("spec/beta-accounts.yaml"),
            selection: Selection::all(),
            crate_options: CrateOptions::default(),
            overlay: None,
            customize: settings::Customize::default(),
        }
    }
}

/// Counts and timings for the one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Spec files read.
    pub files_read: usize,
    /// Operations generated.
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Time spent reading, resolving and parsing the spec.
    pub load: std::time::Duration,
    /// Time spent lowering to the IR.
    pub lower: std::time::Duration,
    /// Time spent emitting and formatting the files.
    pub emit: std::time::Duration,
}

/// The generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file, paths relative to the crate root.
    pub files: Vec<GeneratedFile>,
    /// What was replaced by a fallback.
    pub warnings: Vec<Warning>,
    /// Counts.
    pub stats: Stats,
}

impl Generated {
    /// Writes the crate into `dir`, removing generated files it no longer has.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<Difference>> {
        write::write(dir, &self.files)
    }

    /// For a `build.rs`: writes the crate into `dir` (usually under
    /// `OUT_DIR`) and, at `module_file`, its `lib.rs` in a form the building
    /// crate can `include!` at its root, so the client's modules become the
    /// building crate's own (`crate::models`, `crate::apis`). See the
    /// [crate docs](crate#in-a-build-script).
    pub fn write_includable(&self, dir: &Path, module_file: &Path) -> Result<()> {
        write::write_includable(dir, module_file, &self.files)
    }

    /// What [`write_to`](Self::write_to) would change, without writing.
    pub fn check_against(&self, dir: &Path) -> Result<Vec<Difference>> {
        write::check(dir, &self.files)
    }
}

/// Loads, selects and lowers: the IR the emitter would print.
pub fn lower_spec(
    input: &Path,
    selection: &Selection,
    overlay: Option<&Path>,
) -> Result<(ir::Api, Vec<Warning>, usize)> {
    lower_spec_from(
        input,
        load::Source::Disk,
        selection,
        overlay,
        &settings::Customize::default(),
    )
}

/// As [`lower_spec`], reading the spec's files from `source` (the overlay
/// is still read from disk) and applying `custom`.
pub fn lower_spec_from(
    input: &Path,
    source: load::Source,
    selection: &Selection,
    overlay: Option<&Path>,
    custom: &settings::Customize,
) -> Result<(ir::Api, Vec<Warning>, usize)> {
    let (api, warnings, stats) =
        stack::run(|| lower_timed(input, source, selection, overlay, custom))?;
    Ok((api, warnings, stats.files_read))
}

fn lower_timed(
    input: &Path,
    source: load::Source,
    selection: &Selection,
    overlay: Option<&Path>,
    custom: &settings::Customize,
) -> Result<(ir::Api, Vec<Warning>, Stats)> {
    let started = std::time::Instant::now();
    let overlay = overlay
        .map(overlay::Overlay::read)
        .transpose()?
        .unwrap_or_default();
    let mut loaded = load::load_from(input, source)?;
    let files_read = loaded.files_read;
    select::apply(&mut loaded.document, selection, input)?;
    let spec = loaded.typed()?;
    let load = started.elapsed();
    let (mut api, mut warnings) = lower::lower(&spec, &overlay)?;
    warnings.extend(settings::apply(&mut api, custom)?);
    lower::shared_errors::share(&mut api);
    let stats = Stats {
        files_read,
        operations: api.tags.iter().map(|t| t.operations.len()).sum(),
        types: api.types.len(),
        load,
        lower: started.elapsed().saturating_sub(load),
        emit: std::time::Duration::ZERO,
    };
    Ok((api, warnings, stats))
}

/// Runs the whole pipeline except writing.
pub fn generate(options: &Options) -> Result<Generated> {
    stack::run(|| {
        let (api, warnings, mut stats) = lower_timed(
            &options.input,
            load::Source::Disk,
            &options.selection,
            options.overlay.as_deref(),
            &options.customize,
        )?;
        let started = std::time::Instant::now();
        let crate_options = settings::defaults::resolve(&api, &options.crate_options);
        let files = emit::emit(&api, &crate_options, &source_label(&options.input))?;
        stats.emit = started.elapsed();
        Ok(Generated {
            stats,
            files,
            warnings,
        })
    })
}

/// The input as named in `@generated` headers: its last two path components,
/// so the header does not depend on the directory the tool ran from.
fn source_label(input: &Path) -> String {
    let parts: Vec<String> = input
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let start = parts.len().saturating_sub(2);
    parts.get(start..).unwrap_or_default().join("/")
}
