//! Paths and helpers shared by the workspace-level tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Our own spec of the beta Accounts API.
pub fn accounts_spec() -> PathBuf {
    workspace().join("spec/beta-accounts.yaml")
}

/// The committed generated client.
pub fn generated_dir() -> PathBuf {
    workspace().join("generated")
}

/// SailPoint's published multi-file spec root, if `../shared` is beside the
/// checkout. In CI it must be: there a missing copy is a failure, not a skip.
pub fn upstream_root(name: &str) -> Option<PathBuf> {
    let path = workspace()
        .join("../shared/specs/sailpoint-api-specs/idn")
        .join(name);
    if path.is_file() {
        return Some(path);
    }
    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !in_ci,
        "{} is missing; CI runs with ../shared beside the checkout",
        path.display()
    );
    eprintln!(
        "skipped: {} not found (clone the project with ../shared beside it to run this test)",
        path.display()
    );
    None
}

/// Options that generate the committed client from our spec, exactly as the
/// README's regenerate command does.
pub fn default_options() -> isc_codegen::Options {
    // The overlay and `isc-codegen.toml` beside the spec, as the CLI finds them.
    let options = isc_codegen::Options::for_input(accounts_spec());
    assert!(options.as_ref().is_ok_and(|o| o.overlay.is_some()));
    options.unwrap_or_default()
}

/// Server facts the spec cannot state (`spec/overlay.yaml`).
pub fn overlay() -> PathBuf {
    workspace().join("spec/overlay.yaml")
}
