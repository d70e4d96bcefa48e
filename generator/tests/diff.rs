//! The Rust-API diff (issue 13): fixture pairs in `fixtures/diff/<case>/`
//! (`old.yaml`, `new.yaml`) for each kind of change, their Markdown
//! snapshotted; the class of each kind asserted; `--base-rev` through a
//! scratch git repository; and one real pair (SailPoint's Accounts tag
//! against our restatement of it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use isc_codegen::diff::{self, Class, Report};
use isc_codegen::ir::Api;
use isc_codegen::{Selection, lower_spec, lower_spec_from};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

fn lower(path: &Path) -> Api {
    lower_spec(path, &Selection::default(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .0
}

fn pair(case: &str) -> Report {
    let old = lower(&fixture(&format!("diff/{case}/old.yaml")));
    let new = lower(&fixture(&format!("diff/{case}/new.yaml")));
    diff::compare(&old, &new)
}

/// The class of the change to `item` whose message contains `words`.
fn class_of(report: &Report, item: &str, words: &str) -> Class {
    report
        .changes
        .iter()
        .find(|c| c.item == item && c.message.contains(words))
        .unwrap_or_else(|| {
            panic!(
                "no change of `{item}` with `{words}`:\n{}",
                diff::markdown(report, "0.1.0")
            )
        })
        .class
}

#[test]
fn operations() {
    let report = pair("operations");
    insta::assert_snapshot!("operations", diff::markdown(&report, "0.1.0"));
    let list = "PetsApi::list_pets";
    assert_eq!(
        class_of(&report, list, "optional setter `cursor`"),
        Class::Minor
    );
    assert_eq!(
        class_of(&report, list, "required argument `species`"),
        Class::Major
    );
    assert_eq!(
        class_of(&report, "PetsApi::replace_pets", "added"),
        Class::Minor
    );
    assert_eq!(
        class_of(&report, "PetsApi::delete_pet", "removed"),
        Class::Major
    );
    assert_eq!(
        class_of(&report, "PetsApi::create_pet", "deprecated"),
        Class::Minor
    );
    let get = "PetsApi::get_pet";
    assert_eq!(class_of(&report, get, "`id` takes `i64`"), Class::Major);
    assert_eq!(class_of(&report, get, "returns `String`"), Class::Major);
    assert_eq!(
        class_of(&report, get, "`GetPetError::Conflict` added"),
        Class::Minor
    );
    assert_eq!(
        class_of(&report, get, "`GetPetError::NotFound` removed"),
        Class::Major
    );
    let owner = "PetsApi::get_owner";
    assert_eq!(
        class_of(&report, owner, "sends `GET /people/{id}`"),
        Class::Patch
    );
    assert_eq!(class_of(&report, owner, "docs changed"), Class::Patch);
    assert_eq!(
        class_of(&report, owner, "holds `i64` instead of `String`"),
        Class::Major
    );
    assert_eq!(report.class(), Class::Major);
}

#[test]
fn types() {
    let report = pair("types");
    insta::assert_snapshot!("types", diff::markdown(&report, "0.1.0"));
    let pet = "models::Pet";
    assert_eq!(
        class_of(&report, "models::Pet::color", "added"),
        Class::Minor
    );
    assert_eq!(
        class_of(&report, "models::Pet::tag", "removed"),
        Class::Major
    );
    assert_eq!(
        class_of(
            &report,
            "models::Pet::age",
            "`Option<f64>` instead of `Option<i64>`"
        ),
        Class::Major
    );
    assert_eq!(
        class_of(&report, "models::Pet::name", "becomes required"),
        Class::Major
    );
    // `Option<String>` on both sides: only what goes on the wire changes.
    assert_eq!(
        class_of(&report, "models::Pet::note", "optional and not nullable"),
        Class::Patch
    );
    assert_eq!(
        class_of(
            &report,
            "models::Pet::new",
            "takes (id: String, name: String)"
        ),
        Class::Major
    );
    assert_eq!(class_of(&report, pet, "docs changed"), Class::Patch);
    assert_eq!(
        class_of(&report, "models::Toy", "no longer implements `Default`"),
        Class::Major
    );
    assert_eq!(class_of(&report, "models::Toy", "deprecated"), Class::Minor);
    assert_eq!(
        class_of(&report, "models::Status::Pending", "added"),
        Class::Minor
    );
    assert_eq!(
        class_of(&report, "models::Status::Sold", "removed"),
        Class::Major
    );
    assert_eq!(
        class_of(&report, "models::Shape::Triangle", "added"),
        Class::Minor
    );
    assert_eq!(class_of(&report, "models::Triangle", "added"), Class::Minor);
    assert_eq!(class_of(&report, "models::Legacy", "removed"), Class::Major);
    assert_eq!(
        class_of(
            &report,
            "models::Label",
            "is `Vec<String>` instead of `String`"
        ),
        Class::Major
    );
}

#[test]
fn tags_and_features() {
    let report = pair("tags");
    insta::assert_snapshot!("tags", diff::markdown(&report, "0.1.0"));
    assert_eq!(class_of(&report, "GammaApi", "added"), Class::Minor);
    assert_eq!(
        class_of(&report, "Cargo.toml", "one cargo feature per tag"),
        Class::Minor
    );
    assert_eq!(report.class(), Class::Minor);
    // The other way round: a tag and the features go.
    let back = diff::compare(
        &lower(&fixture("diff/tags/new.yaml")),
        &lower(&fixture("diff/tags/old.yaml")),
    );
    assert_eq!(class_of(&back, "GammaApi", "removed"), Class::Major);
    assert_eq!(class_of(&back, "Cargo.toml", "loses"), Class::Major);
}

#[test]
fn docs_only_is_patch() {
    let report = pair("docs");
    insta::assert_snapshot!("docs", diff::markdown(&report, "1.4.2"));
    assert_eq!(report.class(), Class::Patch);
    assert!(report.changes.iter().all(|c| c.class == Class::Patch));
    assert_eq!(report.next_version("1.4.2"), "1.4.3");
}

#[test]
fn the_same_spec_is_no_change() {
    let api = lower(&fixture("diff/operations/old.yaml"));
    let report = diff::compare(&api, &api);
    assert_eq!(report.class(), Class::None);
    assert_eq!(report.bump("0.3.1"), "none");
    assert_eq!(
        diff::markdown(&report, "0.3.1"),
        "**Rust API change: none** — the generated Rust API is the same.\n"
    );
    assert_eq!(diff::json(&report, "0.3.1")["semver"], "none");
}

#[test]
fn a_rename_is_major() {
    // Alone, the output event is `Approved`; once the input event with the
    // same stem is reachable the path decides and the output one is renamed.
    let old = lower(&fixture("collide/root-events-output.yaml"));
    let new = lower(&fixture("collide/root-three-versions.yaml"));
    let report = diff::compare(&old, &new);
    assert_eq!(
        class_of(
            &report,
            "models::EventsOutputApproved",
            "renamed from `Approved`"
        ),
        Class::Major
    );
}

#[test]
fn json_has_the_class_on_top_and_0x_bumps() {
    let report = pair("operations");
    let json = diff::json(&report, "0.4.0");
    assert_eq!(json["semver"], "major");
    // Below 1.0 a breaking change bumps the minor number.
    assert_eq!(json["bump"], "minor");
    assert_eq!(json["version"]["to"], "0.5.0");
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), report.changes.len());
    assert!(
        changes
            .iter()
            .any(|c| c["item"] == "PetsApi::delete_pet" && c["class"] == "major")
    );
    assert_eq!(report.bump("2.0.0"), "major");
    assert_eq!(report.next_version("2.0.0"), "3.0.0");
    assert_eq!(pair("tags").bump("0.4.0"), "patch");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.test",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn base_rev_reads_the_old_side_from_git_without_a_checkout() {
    let repo = tempfile::tempdir().unwrap();
    let spec = repo.path().join("api/spec.yaml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    std::fs::copy(fixture("diff/types/old.yaml"), &spec).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "old"]);
    std::fs::copy(fixture("diff/types/new.yaml"), &spec).unwrap();
    let source = isc_codegen::load::git::revision(&spec, "HEAD").unwrap();
    let old = lower_spec_from(
        &spec,
        source,
        &Selection::default(),
        None,
        &Default::default(),
    )
    .unwrap()
    .0;
    let new = lower(&spec);
    // The working tree holds the new side; the revision the old one.
    assert_eq!(diff::compare(&old, &new), pair("types"));
    let missing = isc_codegen::load::git::revision(&spec, "no-such-revision");
    assert!(missing.is_err());
}

#[test]
fn upstream_accounts_against_our_restatement_differs_only_in_docs() {
    // `tests/upstream_surface.rs` holds the surfaces equal; the diff must
    // agree: no major or minor change between SailPoint's published beta
    // root and spec/, for the Accounts tag.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let upstream = root.join("../shared/specs/sailpoint-api-specs/idn/sailpoint-api.beta.yaml");
    if !upstream.is_file() {
        eprintln!(
            "skipped: {} is not here (the shared specs are read-only reference material)",
            upstream.display()
        );
        return;
    }
    let overlay = root.join("spec/overlay.yaml");
    let selection = Selection::tag("Accounts");
    let theirs = lower_spec(&upstream, &selection, Some(&overlay)).unwrap().0;
    let ours = lower_spec(
        &root.join("spec/beta-accounts.yaml"),
        &selection,
        Some(&overlay),
    )
    .unwrap()
    .0;
    let report = diff::compare(&theirs, &ours);
    assert!(
        report.class() <= Class::Patch,
        "{}",
        diff::markdown(&report, "0.1.0")
    );
    assert!(report.count(Class::Patch) > 0, "the prose is our own");
    assert_eq!(diff::compare(&theirs, &theirs).class(), Class::None);
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_isc-codegen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_command_prints_markdown_or_json_and_fails_only_on_request() {
    let old = fixture("diff/operations/old.yaml");
    let new = fixture("diff/operations/new.yaml");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let markdown = cli(&["diff", "--base", old, "--input", new]);
    assert_eq!(markdown.status.code(), Some(0));
    let text = String::from_utf8(markdown.stdout).unwrap();
    assert!(text.starts_with("**Rust API change: major**"), "{text}");
    assert!(
        text.contains("- `PetsApi::list_pets` gains optional setter `cursor` (minor)"),
        "{text}"
    );
    let json = cli(&[
        "diff",
        "--base",
        old,
        "--input",
        new,
        "--format",
        "json",
        "--fail-on",
        "major",
    ]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["semver"], "major");
    let docs_old = fixture("diff/docs/old.yaml");
    let docs_new = fixture("diff/docs/new.yaml");
    let patch = cli(&[
        "diff",
        "--base",
        docs_old.to_str().unwrap(),
        "--input",
        docs_new.to_str().unwrap(),
        "--fail-on",
        "minor",
    ]);
    assert_eq!(patch.status.code(), Some(0));
    assert_eq!(
        cli(&["diff", "--input", new]).status.code(),
        Some(2),
        "no old side"
    );
}
