//! `tests/constructs-client/` is exactly what the generator makes from
//! `tests/fixtures/constructs.yaml` today.

use crate::support::{crate_dir, generated, lowered, options};

const REGENERATE: &str = "cargo run -p isc-codegen -- generate --input tests/fixtures/constructs.yaml \
     --output tests/constructs-client --crate-name isc-constructs-client \
     --runtime 'path = \"../../runtime\"'";

#[test]
fn committed_constructs_client_is_up_to_date() {
    let differences = generated().check_against(&crate_dir()).expect("compare");
    assert!(
        differences.is_empty(),
        "tests/constructs-client/ is stale; run `{REGENERATE}` and commit:\n{}",
        differences
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn two_runs_are_byte_identical() {
    let again = isc_codegen::generate(&options()).expect("second run");
    assert_eq!(generated().files, again.files);
}

#[test]
fn the_fixture_needs_no_fallback() {
    // Every construct in the fixture is supported: nothing degrades to a
    // fallback type, so there is no warning.
    assert!(
        generated().warnings.is_empty(),
        "{:?}",
        generated().warnings
    );
    assert!(lowered().1.is_empty(), "{:?}", lowered().1);
    assert_eq!(generated().stats.operations, 15);
}
