//! Generates the beta Accounts client into `OUT_DIR` at build time.
//!
//! `isc_codegen::generate` returns the client crate's files in memory;
//! `Generated::write_to` writes them under `OUT_DIR/sailpoint/`. A crate's
//! `src/lib.rs` cannot be `include!`d as is (its `//!` docs and `#![...]`
//! attributes are crate-level, and `mod apis;` would be looked up next to this
//! crate's `src/lib.rs`), so this script also writes `OUT_DIR/sailpoint.rs`:
//! the generated `lib.rs` without its crate-level lines and with an absolute
//! `#[path]` on every module declaration. `src/lib.rs` includes that file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
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
    })
    .map_err(|error| error.to_string())?;
    for warning in &generated.warnings {
        println!("cargo::warning={warning}");
    }

    let client_dir = out_dir.join("sailpoint");
    generated
        .write_to(&client_dir)
        .map_err(|error| error.to_string())?;

    let lib = generated
        .files
        .iter()
        .find(|file| file.path == Path::new("src/lib.rs"))
        .ok_or("the generator produced no src/lib.rs")?;
    let module = includable(&lib.contents, &client_dir.join("src"))?;
    std::fs::write(out_dir.join("sailpoint.rs"), module)
        .map_err(|error| format!("cannot write {}: {error}", out_dir.display()))
}

fn env_var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (not run by cargo?)"))
}

/// The generated `lib.rs` as a file that can be `include!`d at the root of
/// another crate.
fn includable(lib_rs: &str, src: &Path) -> Result<String, String> {
    let mut out = String::new();
    for line in lib_rs.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//!") || trimmed.starts_with("#![") {
            continue;
        }
        let declaration = trimmed
            .strip_prefix("pub ")
            .unwrap_or(trimmed)
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'));
        if let Some(name) = declaration {
            let file = [
                src.join(format!("{name}.rs")),
                src.join(name).join("mod.rs"),
            ]
            .into_iter()
            .find(|file| file.is_file())
            .ok_or_else(|| format!("no file for module `{name}` under {}", src.display()))?;
            let file = file
                .to_str()
                .ok_or_else(|| format!("{} is not UTF-8", file.display()))?;
            // `{:?}` quotes and escapes the path as a Rust string literal.
            writeln!(out, "#[path = {file:?}]").map_err(|e| e.to_string())?;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
