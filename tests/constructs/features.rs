//! The constructs crate has four tags, so one cargo feature per tag: with only
//! one of them enabled the crate must still compile (the models that tag
//! reaches are compiled, the others are not), warnings denied.
//!
//! This runs a nested `cargo check` on its own target directory: the
//! `cargo test` that runs this holds the lock of its own.

use std::path::PathBuf;
use std::process::Command;

use crate::support::crate_dir;

fn target_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| isc_tests::workspace().join("target"));
    base.join("constructs-features")
}

fn check(features: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = crate_dir().join("Cargo.toml");
    let mut command = Command::new(cargo);
    command
        .args(["check", "--quiet", "--lib", "--manifest-path"])
        .arg(&manifest)
        .arg("--no-default-features")
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTFLAGS", "-D warnings");
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo check --no-default-features --features {}` failed:\n{}",
        features.join(","),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn each_tag_feature_alone_compiles() {
    for tag in ["pets", "files", "search", "jobs"] {
        check(&[tag]);
    }
}
