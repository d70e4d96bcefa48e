//! Every generated file is a reviewed snapshot: a change to the generator or
//! the spec shows up as a diff of exactly the files it touches
//! (`cargo insta review` to accept).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use isc_tests::default_options;

#[test]
fn generated_files_match_snapshots() {
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
