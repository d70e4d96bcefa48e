//! Generates the beta Accounts client into `OUT_DIR` at build time.
//!
//! `isc_codegen::generate` returns the client crate's files in memory;
//! `Generated::write_includable` writes them under `OUT_DIR/sailpoint/` and
//! writes `OUT_DIR/sailpoint.rs`, the generated `lib.rs` in a form
//! `src/lib.rs` can `include!`.

use std::path::PathBuf;
use std::process::ExitCode;

use isc_codegen::{CrateOptions, Options, Selection};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // The generator's errors name the spec file, JSON pointer and line.
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env_var("OUT_DIR")?);
    let spec = manifest_dir.join("../../spec/beta-accounts.yaml");
    let overlay = manifest_dir.join("../../spec/overlay.yaml");
    // The root document and the overlay are all the files this spec has; a
    // multi-file spec would list each file it reads (or its directory).
    for input in [&spec, &overlay] {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    println!("cargo::rerun-if-changed=build.rs");

    let generated = isc_codegen::generate(&Options {
        input: spec,
        selection: Selection::tag("Accounts"),
        crate_options: CrateOptions::default(),
        overlay: Some(overlay),
        ..Options::default()
    })
    .map_err(|error| error.to_string())?;
    for warning in &generated.warnings {
        println!("cargo::warning={warning}");
    }
    generated
        .write_includable(&out_dir.join("sailpoint"), &out_dir.join("sailpoint.rs"))
        .map_err(|error| error.to_string())
}

fn env_var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (not run by cargo?)"))
}
