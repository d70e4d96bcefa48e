//! One small document per shape that once made the emitter write code clippy
//! rejects (`tests/fixtures/lints/<class>/openapi.yaml`, each saying which lint
//! it was): each is generated and its client checked with
//! `cargo clippy --all-features -- -D warnings`, in the workspace's own target
//! directory so the client's dependencies are the ones already checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use isc_codegen::{CrateOptions, Options, generate};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator sits in the workspace")
        .to_path_buf()
}

/// Generates the fixture `class` and runs clippy on it, failing with
/// clippy's output when it finds anything.
fn clippy_clean(class: &str) {
    let root = workspace();
    let crate_name = format!("lint-fixture-{class}");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lint-fixtures")
        .join(class);
    let _ = std::fs::remove_dir_all(&out);
    let options = Options {
        input: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lints")
            .join(class)
            .join("openapi.yaml"),
        crate_options: CrateOptions {
            name: Some(crate_name.clone()),
            runtime_dependency: format!("path = {:?}", root.join("runtime").display().to_string()),
            standalone: true,
            ..CrateOptions::default()
        },
        ..Options::default()
    };
    let generated = generate(&options).unwrap_or_else(|e| panic!("{class}: {e}"));
    generated.write_to(&out).unwrap();
    // The workspace's lock file: the same dependency versions, nothing to resolve.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    // `CARGO_TARGET_TMPDIR` is `<target>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp dir is inside the target dir");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--all-features", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{class}: clippy rejects the generated client:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn only_a_default_error_response() {
    clippy_clean("default-error-only");
}

#[test]
fn copy_parameters_go_by_value() {
    clippy_clean("copy-parameters");
}

#[test]
fn deeply_nested_arrays() {
    clippy_clean("deep-nesting");
}

#[test]
fn many_required_parameters() {
    clippy_clean("many-required-parameters");
}

#[test]
fn a_large_response_beside_an_empty_one() {
    clippy_clean("large-response-variant");
}

#[test]
fn blank_descriptions() {
    clippy_clean("blank-description");
}

#[test]
fn doc_list_items_with_spaced_markers() {
    clippy_clean("doc-list-continuation");
}

#[test]
fn tabs_in_descriptions() {
    clippy_clean("doc-tabs");
}
