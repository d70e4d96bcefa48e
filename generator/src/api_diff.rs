//! `isc-codegen diff`: lowers the old and the new side (the old one from a
//! file or from a git revision of the input's folder) and prints the semver
//! report of the Rust API change (`isc_codegen::diff`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use isc_codegen::diff::{self, Class};
use isc_codegen::load::{self, Source};

use crate::{Out, SourceArgs};

/// Exit status when `--fail-on` is reached.
const FAIL_ON_REACHED: u8 = 1;

#[derive(Args)]
pub struct ApiDiffArgs {
    /// The old side's root document (default: the input itself, with `--base-rev`).
    #[arg(long, value_name = "OLD")]
    base: Option<PathBuf>,
    /// Read the old side from this git revision of the repository holding it
    /// (no checkout: `git ls-tree` and `git cat-file`).
    #[arg(long, value_name = "REV")]
    base_rev: Option<String>,
    /// Markdown for a pull request, or JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit 1 when the change is at least this class (none, patch, minor, major).
    #[arg(long, value_name = "CLASS", value_parser = parse_class)]
    fail_on: Option<Class>,
    /// The generated crate's current version, for the bump the report names.
    #[arg(long, default_value = "0.1.0")]
    crate_version: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn parse_class(text: &str) -> Result<Class, String> {
    Class::parse(text).ok_or_else(|| format!("`{text}` is not one of none, patch, minor, major"))
}

pub fn run(out: &Out, source: &SourceArgs, args: &ApiDiffArgs) -> ExitCode {
    let base = match (&args.base, &args.base_rev) {
        (None, None) => {
            eprintln!("error: `diff` needs the old side: `--base OLD` and/or `--base-rev REV`");
            return ExitCode::from(2);
        }
        (base, _) => base.clone().unwrap_or_else(|| source.input.clone()),
    };
    let old_source = match &args.base_rev {
        Some(rev) => match load::git::revision(&base, rev) {
            Ok(tree) => tree,
            Err(err) => return out.error(&err),
        },
        None => Source::Disk,
    };
    let selection = source.selection();
    let overlay = source.overlay();
    // Renames, replacements and derives of the settings beside the new input
    // are part of the Rust API both sides would be emitted with.
    let mut options = isc_codegen::Options {
        input: source.input.clone(),
        ..isc_codegen::Options::default()
    };
    if let Some(file) = isc_codegen::settings::Settings::beside(&source.input) {
        match isc_codegen::settings::Settings::read(&file) {
            Ok(settings) => settings.fill(&mut options),
            Err(err) => return out.error(&err),
        }
    }
    let custom = &options.customize;
    let old =
        isc_codegen::lower_spec_from(&base, old_source, &selection, overlay.as_deref(), custom);
    let new = isc_codegen::lower_spec_from(
        &source.input,
        Source::Disk,
        &selection,
        overlay.as_deref(),
        custom,
    );
    let ((old, _, _), (new, warnings, _)) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(err), _) | (_, Err(err)) => return out.error(&err),
    };
    if let Err(code) = out.warnings(&warnings) {
        return code;
    }
    let report = diff::compare(&old, &new);
    match args.format {
        Format::Markdown => print!("{}", diff::markdown(&report, &args.crate_version)),
        Format::Json => println!("{:#}", diff::json(&report, &args.crate_version)),
    }
    match args.fail_on {
        Some(limit) if report.class() >= limit && !report.changes.is_empty() => {
            ExitCode::from(FAIL_ON_REACHED)
        }
        _ => ExitCode::SUCCESS,
    }
}
