//! Every generated file is a reviewed snapshot: a change to the generator or
//! the spec shows up as a diff of exactly the files it touches
//! (`cargo insta review` to accept). The same generated files must be what
//! `generated/` holds: one mechanism keeps both the reviewer's view and the
//! committed client fresh.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use isc_tests::{default_options, generated_dir};

#[test]
fn generated_files_match_snapshots_and_generated_dir() {
    let generated = isc_codegen::generate(&default_options()).expect("generate");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for file in &generated.files {
            let name = file.path.to_string_lossy().replace(['/', '\\'], "__");
            insta::assert_snapshot!(name, &file.contents);
        }
    });
    let differences = generated.check_against(&generated_dir()).expect("compare");
    assert!(
        differences.is_empty(),
        "generated/ is stale; run `cargo run -p isc-codegen -- generate` and commit:\n{}",
        differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A snapshot whose file is no longer generated would otherwise linger
/// unnoticed after a type is removed from the spec.
#[test]
fn no_snapshot_is_left_without_its_file() {
    let generated = isc_codegen::generate(&default_options()).expect("generate");
    let expected: std::collections::BTreeSet<String> = generated
        .files
        .iter()
        .map(|f| {
            format!(
                "{}.snap",
                f.path.to_string_lossy().replace(['/', '\\'], "__")
            )
        })
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshots dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    assert!(orphans.is_empty(), "delete these snapshots: {orphans:?}");
}
