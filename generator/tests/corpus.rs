//! The broken-spec corpus: one small document per way a spec can be wrong
//! (`tests/corpus/<case>/`), each run through the whole library. None may
//! panic; each must give a diagnostic of the expected kind that names the
//! file, the JSON pointer, the line where it can be known, and a hint. The
//! rendered diagnostics (no colour) are snapshot-tested in
//! `tests/snapshots/corpus__*.snap`.
//!
//! Errors are for input that is really unusable; warnings (rendered the same
//! way, errors under `--strict`) for input a sensible client can still be
//! generated from.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use isc_codegen::diagnostic::{Diagnostic, Severity, Style};
use isc_codegen::{
    DiagnosticKind, ErrorKind, InvalidKind, RefKind, SyntaxKind, UnsupportedKind, WarningKind,
};
use isc_codegen::{Options, generate};

/// Inputs are named relative to the package (the directory `cargo test`
/// runs integration tests in), so the rendered paths are the same on every
/// machine.
fn corpus(case: &str) -> PathBuf {
    Path::new("tests/corpus").join(case)
}

/// A directory for generated inputs, shown as `<tmp>` in snapshots.
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the library on `input`, failing the test if anything panics; returns
/// the error or, when the run succeeds, the warnings.
fn diagnostics(input: &Path) -> Vec<Diagnostic> {
    let options = Options {
        input: input.to_path_buf(),
        ..Options::default()
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(&options)));
    match outcome {
        Err(_) => panic!("{} made the generator panic", input.display()),
        Ok(Err(err)) => vec![Diagnostic::from_error(&err)],
        Ok(Ok(generated)) => generated
            .warnings
            .iter()
            .map(Diagnostic::from_warning)
            .collect(),
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let scratch = scratch().display().to_string();
    diagnostics
        .iter()
        .map(|d| d.render(Style::plain()))
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace(&scratch, "<tmp>")
}

/// What one diagnostic must show.
struct Expect<'a> {
    severity: Severity,
    /// What the hint was chosen by.
    kind: DiagnosticKind,
    /// The file, as shown.
    file: &'a str,
    /// The JSON pointer (`None`: the file does not parse).
    pointer: Option<&'a str>,
    /// The line shown in the `-->` header, where it can be known.
    line: Option<usize>,
    /// Part of the message.
    message: &'a str,
}

fn check(diagnostic: &Diagnostic, expect: &Expect<'_>) {
    let text = diagnostic
        .render(Style::plain())
        .replace(&scratch().display().to_string(), "<tmp>");
    assert_eq!(diagnostic.severity, expect.severity, "{text}");
    assert_eq!(diagnostic.kind, expect.kind, "{text}");
    assert!(text.contains(expect.message), "message missing:\n{text}");
    let header = match expect.line {
        Some(line) => format!("--> {}:{line}:", expect.file),
        None => format!("--> {}\n", expect.file),
    };
    assert!(text.contains(&header), "`{header}` missing:\n{text}");
    let pointer = match expect.pointer {
        Some("") => "= pointer: (the document root)".to_owned(),
        Some(pointer) => format!("= pointer: #{pointer}\n"),
        None => "= pointer: (none: the file does not parse".to_owned(),
    };
    assert!(text.contains(&pointer), "`{pointer}` missing:\n{text}");
    assert!(
        diagnostic.hint.is_some() && text.contains("= help: "),
        "hint missing:\n{text}"
    );
    assert!(!text.contains('\u{1b}'), "colour in plain output:\n{text}");
}

/// One error, checked and snapshot-tested.
fn error_case(name: &str, input: &Path, expect: Expect<'_>) {
    let found = diagnostics(input);
    assert_eq!(
        found.len(),
        1,
        "{name}: expected one error:\n{}",
        render(&found)
    );
    check(&found[0], &expect);
    insta::assert_snapshot!(name, render(&found));
}

const SCHEMA_REF: &str = "/paths/~1things/get/responses/200/content/application~1json/schema";

#[test]
fn invalid_yaml() {
    error_case(
        "invalid_yaml",
        &corpus("invalid-yaml/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::Yaml)),
            file: "tests/corpus/invalid-yaml/openapi.yaml",
            pointer: None,
            line: Some(12),
            message: "not valid YAML: did not find expected key",
        },
    );
}

#[test]
fn invalid_json() {
    error_case(
        "invalid_json",
        &corpus("invalid-json/openapi.json"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::TrailingComma)),
            file: "tests/corpus/invalid-json/openapi.json",
            pointer: None,
            line: Some(8),
            message: "not valid JSON: trailing comma",
        },
    );
}

#[test]
fn missing_file() {
    error_case(
        "missing_file",
        &corpus("missing-file/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Read),
            file: "tests/corpus/missing-file/openapi.yaml",
            pointer: Some(""),
            line: None,
            message: "cannot read tests/corpus/missing-file/openapi.yaml",
        },
    );
}

#[test]
fn ref_to_a_missing_file() {
    error_case(
        "ref_missing_file",
        &corpus("ref-missing-file/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Read),
            file: "tests/corpus/ref-missing-file/openapi.yaml",
            pointer: Some(SCHEMA_REF),
            line: Some(15),
            message: "cannot read tests/corpus/ref-missing-file/schemas/Thing.yaml",
        },
    );
}

#[test]
fn ref_to_a_missing_pointer() {
    error_case(
        "ref_missing_pointer",
        &corpus("ref-missing-pointer/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::BrokenRef(RefKind::NothingAtPointer)),
            file: "tests/corpus/ref-missing-pointer/openapi.yaml",
            pointer: Some(SCHEMA_REF),
            line: Some(15),
            message: "$ref `#/components/schemas/Thnig` does not resolve",
        },
    );
}

#[test]
fn ref_cycle_that_cannot_be_a_type() {
    error_case(
        "ref_cycle",
        &corpus("ref-cycle/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::RefCycle),
            file: "tests/corpus/ref-cycle/openapi.yaml",
            pointer: Some(SCHEMA_REF),
            line: Some(15),
            message: "$ref cycle: tests/corpus/ref-cycle/openapi.yaml#/components/schemas/Apple -> tests/corpus/ref-cycle/openapi.yaml#/components/schemas/Banana -> tests/corpus/ref-cycle/openapi.yaml#/components/schemas/Apple",
        },
    );
}

/// A warning: SailPoint's beta spec itself writes `type: date-time`; an
/// unknown type is read as well as it can be (a string format as a string,
/// anything else as any JSON value) and reported where it is written.
#[test]
fn unknown_type() {
    let found = diagnostics(&corpus("unknown-type/openapi.yaml"));
    assert_eq!(found.len(), 1, "{}", render(&found));
    check(
        &found[0],
        &Expect {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(WarningKind::TypeRepaired),
            file: "tests/corpus/unknown-type/openapi.yaml",
            pointer: Some("/components/schemas/Thing/properties/name/type"),
            line: Some(22),
            message: "unknown type `strin`",
        },
    );
    insta::assert_snapshot!("unknown_type", render(&found));
}

#[test]
fn contradictory_schema() {
    let found = diagnostics(&corpus("contradictory-schema/openapi.yaml"));
    assert_eq!(found.len(), 1, "{}", render(&found));
    check(
        &found[0],
        &Expect {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(WarningKind::PropertiesOnScalar),
            file: "tests/corpus/contradictory-schema/openapi.yaml",
            pointer: Some("/components/schemas/Thing/properties"),
            line: Some(20),
            message: "properties",
        },
    );
    insta::assert_snapshot!("contradictory_schema", render(&found));
}

#[test]
fn duplicate_operation_ids() {
    let found = diagnostics(&corpus("duplicate-operation-id/openapi.yaml"));
    assert_eq!(found.len(), 1, "{}", render(&found));
    check(
        &found[0],
        &Expect {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(WarningKind::DuplicateOperationId),
            file: "tests/corpus/duplicate-operation-id/openapi.yaml",
            pointer: Some("/paths/~1things~1{id}/get/operationId"),
            line: Some(14),
            message: "getThing",
        },
    );
    insta::assert_snapshot!("duplicate_operation_id", render(&found));
}

/// A warning by design: SailPoint's own specs have this slip, and the
/// parameter could never be sent, so it is left out.
#[test]
fn path_parameter_missing_from_the_template() {
    let found = diagnostics(&corpus("path-parameter-not-in-template/openapi.yaml"));
    assert_eq!(found.len(), 2, "{}", render(&found));
    let file = "tests/corpus/path-parameter-not-in-template/openapi.yaml";
    check(
        &found[0],
        &Expect {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(WarningKind::UndeclaredPathParameter),
            file,
            pointer: Some("/paths/~1things~1{thingId}/get"),
            line: Some(7),
            message: "declares no path parameter `thingId`",
        },
    );
    check(
        &found[1],
        &Expect {
            severity: Severity::Warning,
            kind: DiagnosticKind::Warning(WarningKind::PathParameterNotInPath),
            file,
            pointer: Some("/paths/~1things~1{thingId}/get/parameters/0"),
            line: Some(10),
            message: "path parameter `id` does not appear in the path",
        },
    );
    insta::assert_snapshot!("path_parameter_not_in_template", render(&found));
}

/// The loader finds the parameter itself (the typed parse could only say
/// `/paths`).
#[test]
fn parameter_without_a_schema_points_at_the_parameter() {
    let found = diagnostics(&corpus("parameter-without-schema/openapi.yaml"));
    assert_eq!(found.len(), 1, "{}", render(&found));
    check(
        &found[0],
        &Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Invalid(InvalidKind::ParameterWithoutSchema)),
            file: "tests/corpus/parameter-without-schema/openapi.yaml",
            pointer: Some("/paths/~1things/get/parameters/0"),
            line: Some(10),
            message: "limit",
        },
    );
    insta::assert_snapshot!("parameter_without_schema", render(&found));
}

#[test]
fn openapi_2() {
    error_case(
        "openapi_2",
        &corpus("openapi-2/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Unsupported(UnsupportedKind::Swagger)),
            file: "tests/corpus/openapi-2/openapi.yaml",
            pointer: Some("/swagger"),
            line: Some(1),
            message: "not supported yet: Swagger/OpenAPI 2.0",
        },
    );
}

#[test]
fn openapi_3_2() {
    error_case(
        "openapi_3_2",
        &corpus("openapi-3.2/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Unsupported(UnsupportedKind::LaterOpenApi)),
            file: "tests/corpus/openapi-3.2/openapi.yaml",
            pointer: Some("/openapi"),
            line: Some(1),
            message: "not supported yet: OpenAPI 3.2.0",
        },
    );
}

#[test]
fn empty_file() {
    error_case(
        "empty_file",
        &corpus("empty-file/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Invalid(InvalidKind::NotAMapping)),
            file: "tests/corpus/empty-file/openapi.yaml",
            pointer: Some(""),
            line: None,
            message: "the document is not a mapping",
        },
    );
}

#[test]
fn yaml_alias_bomb() {
    let started = std::time::Instant::now();
    error_case(
        "alias_bomb",
        &corpus("alias-bomb/openapi.yaml"),
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::AliasExpansion)),
            file: "tests/corpus/alias-bomb/openapi.yaml",
            pointer: Some(""),
            line: None,
            message: "repetition limit exceeded",
        },
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

const DEPTH: usize = 10_000;

/// 10 000 nested arrays in a JSON file: the parser's recursion limit (128)
/// stops it with a clean error, not a stack overflow.
#[test]
fn deep_nesting_json() {
    let path = scratch().join("deep.json");
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"Deep\", \"version\": \"1\"}}, \"paths\": {{}},\n \"x-deep\": {}{}}}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    std::fs::write(&path, text).unwrap();
    error_case(
        "deep_nesting_json",
        &path,
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::TooDeep)),
            file: "<tmp>/deep.json",
            pointer: None,
            line: Some(2),
            message: "recursion limit exceeded",
        },
    );
}

/// The same in YAML (flow style; block style would need 10 000 levels of
/// indentation).
#[test]
fn deep_nesting_yaml() {
    let path = scratch().join("deep.yaml");
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: \"1\"\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    std::fs::write(&path, text).unwrap();
    error_case(
        "deep_nesting_yaml",
        &path,
        Expect {
            severity: Severity::Error,
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::TooDeep)),
            file: "<tmp>/deep.yaml",
            pointer: None,
            line: Some(6),
            message: "recursion limit exceeded",
        },
    );
}

/// Deep but within the parsers' limit: 40 nested object schemas lower into
/// 40 nested types without trouble.
#[test]
fn deep_but_legal_nesting() {
    let path = scratch().join("deep-legal.yaml");
    let mut schema = String::from("type: string\n");
    for _ in 0..40 {
        let inner: String = schema.lines().map(|l| format!("      {l}\n")).collect();
        schema = format!("type: object\nproperties:\n  inner:\n{inner}");
    }
    let schema: String = schema
        .lines()
        .map(|l| format!("                {l}\n"))
        .collect();
    let text = format!(
        "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: \"1\"\npaths:\n  /deep:\n    get:\n      operationId: getDeep\n      responses:\n        \"200\":\n          description: Deep\n          content:\n            application/json:\n              schema:\n{schema}"
    );
    std::fs::write(&path, text).unwrap();
    let options = Options {
        input: path,
        ..Options::default()
    };
    let generated = catch_unwind(AssertUnwindSafe(|| generate(&options)))
        .expect("no panic")
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(generated.stats.types >= 40, "{:?}", generated.stats);
}

/// Every warning becomes an error under `--strict`, rendered the same way.
#[test]
fn warnings_render_as_errors_under_strict() {
    let found = diagnostics(&corpus("path-parameter-not-in-template/openapi.yaml"));
    let text = found[0].clone().into_error().render(Style::plain());
    assert!(
        text.starts_with("error: the path `/things/{thingId}`"),
        "{text}"
    );
}

/// Compact rendering (warnings under `--verbose`): no snippet, but the file,
/// line, column, pointer and hint.
#[test]
fn compact_rendering() {
    let found = diagnostics(&corpus("path-parameter-not-in-template/openapi.yaml"));
    let text = found[1].render(Style {
        compact: true,
        color: false,
    });
    insta::assert_snapshot!("compact_warning", text);
}
