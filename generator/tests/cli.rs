//! The `isc-codegen` binary as a user (or CI) runs it: subcommands, exit
//! codes (0 ok, 1 stale, 2 bad input), `--quiet`, `--verbose`, `--strict`,
//! and diagnostics without colour when the output is not a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the binary's defaults (`spec/`, `generated/`) are
/// relative to it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isc-codegen"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn corpus(case: &str) -> String {
    format!("generator/tests/corpus/{case}")
}

/// Generates the default spec into a scratch directory.
fn generate_into(name: &str) -> PathBuf {
    let dir = scratch(name);
    let out = run(&["generate", "--output", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    dir
}

#[test]
fn check_is_0_when_fresh_and_1_with_a_diff_when_stale() {
    let dir = generate_into("check");
    let dir_arg = dir.to_str().unwrap();
    let fresh = run(&["check", "--output", dir_arg]);
    assert_eq!(code(&fresh), 0, "{}", stderr(&fresh));
    assert_eq!(stdout(&fresh), "");

    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    let first = text.lines().next().unwrap().to_owned();
    std::fs::write(&lib, text.replacen(&first, "// edited by hand", 1)).unwrap();
    std::fs::remove_file(dir.join("README.md")).unwrap();

    let stale = run(&["check", "--output", dir_arg]);
    assert_eq!(code(&stale), 1, "{}", stderr(&stale));
    let diff = stdout(&stale);
    assert!(diff.contains("README.md would be created (+"), "{diff}");
    assert!(diff.contains("src/lib.rs differs (+1 -1)"), "{diff}");
    assert!(diff.contains("--- a/src/lib.rs"), "{diff}");
    assert!(diff.contains("+++ b/src/lib.rs"), "{diff}");
    assert!(diff.contains("@@ -1,"), "{diff}");
    assert!(diff.contains("-// edited by hand"), "{diff}");
    assert!(diff.contains(&format!("+{first}")), "{diff}");
    assert!(diff.contains("2 file(s) differ"), "{diff}");
    assert!(
        stderr(&stale).contains(&format!(
            "is stale: run `cargo run -p isc-codegen -- generate --output {dir_arg}`"
        )),
        "the hint repeats this run's options: {}",
        stderr(&stale)
    );
    assert!(!diff.contains('\u{1b}'), "colour on a pipe:\n{diff}");
    // Bounded: a missing README shows at most --diff-lines lines.
    let short = run(&["check", "--output", dir_arg, "--diff-lines", "3"]);
    assert!(
        stdout(&short).contains("more diff lines"),
        "{}",
        stdout(&short)
    );

    // `generate --check` is the same check, and writes nothing.
    let alias = run(&["generate", "--check", "--output", dir_arg]);
    assert_eq!(code(&alias), 1);
    assert_eq!(stdout(&alias), diff);
    assert!(!dir.join("README.md").exists());

    // `generate` repairs it; then `check` passes again.
    let repaired = run(&["generate", "--output", dir_arg]);
    assert_eq!(code(&repaired), 0);
    assert_eq!(code(&run(&["check", "--output", dir_arg])), 0);
}

#[test]
fn bad_input_exits_2_with_a_rendered_diagnostic_without_colour() {
    let out = run(&[
        "generate",
        "--input",
        &corpus("ref-missing-pointer/openapi.yaml"),
        "--output",
        scratch("bad").to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: $ref `#/components/schemas/Thnig` does not resolve"),
        "{err}"
    );
    assert!(
        err.contains("--> generator/tests/corpus/ref-missing-pointer/openapi.yaml:15:17"),
        "{err}"
    );
    assert!(
        err.contains("$ref: \"#/components/schemas/Thnig\""),
        "{err}"
    );
    assert!(err.contains("= pointer: #/paths/"), "{err}");
    assert!(err.contains("= help: "), "{err}");
    assert!(!err.contains('\u{1b}'), "colour on a pipe:\n{err}");
    assert_eq!(stdout(&out), "");
    // Nothing was written.
    assert!(!scratch("bad").join("Cargo.toml").exists());
}

#[test]
fn every_subcommand_exits_2_on_bad_input() {
    let input = corpus("openapi-3.2/openapi.yaml");
    for sub in ["generate", "check", "list"] {
        let out = run(&[sub, "--input", &input, "--quiet"]);
        assert_eq!(code(&out), 2, "{sub}");
        assert!(
            stderr(&out).contains("not supported yet: OpenAPI 3.2.0"),
            "{sub}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["generate", "--no-such-flag"]);
    assert_eq!(code(&out), 2);
    let out = run(&["frobnicate"]);
    assert_eq!(code(&out), 2);
    let out = run(&["--quiet", "--verbose", "list"]);
    assert_eq!(code(&out), 2, "--quiet and --verbose conflict");
}

#[test]
fn help_lists_the_subcommands_and_exit_codes() {
    let out = run(&["--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    for word in [
        "generate",
        "check",
        "list",
        "--quiet",
        "--verbose",
        "--strict",
        "Exit status",
    ] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = scratch("quiet");
    let out = run(&["--quiet", "generate", "--output", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
    // The flag is global: it may follow the subcommand too.
    let out = run(&["check", "--output", dir.to_str().unwrap(), "-q"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
}

#[test]
fn default_run_prints_the_files_and_a_summary() {
    let dir = scratch("default");
    let out = run(&["generate", "--output", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("missing: Cargo.toml"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains(" operations, ") && err.contains("updated"),
        "{err}"
    );
    assert!(!err.contains("load "), "timings only with --verbose: {err}");
}

#[test]
fn verbose_prints_warnings_and_phase_timings() {
    let dir = scratch("verbose");
    let out = run(&[
        "generate",
        "-v",
        "--input",
        &corpus("path-parameter-not-in-template/openapi.yaml"),
        "--output",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: path parameter `id` does not appear"),
        "{err}"
    );
    assert!(
        err.contains("--> generator/tests/corpus/path-parameter-not-in-template/openapi.yaml:10:9"),
        "{err}"
    );
    assert!(
        err.contains("= pointer: #/paths/~1things~1{thingId}/get/parameters/0"),
        "{err}"
    );
    assert!(
        err.contains("load ") && err.contains("lower ") && err.contains("emit "),
        "{err}"
    );
    assert!(err.contains("2 warnings"), "{err}");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = scratch("strict");
    let input = corpus("path-parameter-not-in-template/openapi.yaml");
    let out = run(&[
        "--strict",
        "generate",
        "--input",
        &input,
        "--output",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: the path `/things/{thingId}`"),
        "{err}"
    );
    assert!(
        err.contains("error: path parameter `id` does not appear"),
        "{err}"
    );
    assert!(err.contains("10 |         - name: id"), "{err}");
    assert!(
        err.contains("2 warning(s) treated as errors (--strict)"),
        "{err}"
    );
    assert!(!dir.join("Cargo.toml").exists(), "--strict wrote files");
    // The same input without --strict is fine, and so is a clean spec with it.
    let out = run(&["list", "--input", &input, "-q"]);
    assert_eq!(code(&out), 0);
    let out = run(&["--strict", "list", "-q"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn list_the_beta_accounts_spec() {
    let out = run(&["list", "--input", "spec/beta-accounts.yaml", "--quiet"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!("list_beta_accounts", stdout(&out));
}

#[test]
fn list_a_selection_as_json() {
    let out = run(&[
        "list",
        "--json",
        "--operation",
        "getAccount",
        "--operation",
        "listAccounts",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = value["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["listAccounts", "getAccount"]);
    let account = value["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Account")
        .unwrap();
    assert_eq!(account["kind"], "struct");
    assert_eq!(account["tags"], serde_json::json!(["Accounts"]));
    assert_eq!(value["operations"][0]["tag"], "Accounts");
    assert_eq!(value["operations"][0]["method"], "GET");
    assert_eq!(value["operations"][0]["path"], "/accounts");
}

/// On a terminal (a pseudo-terminal from `script`) diagnostics are coloured,
/// unless `NO_COLOR` is set.
#[test]
fn colour_only_on_a_terminal_and_without_no_color() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        // CI has util-linux; elsewhere say why on the real stderr, which the
        // test harness does not capture.
        let why = "no `script` (util-linux) to run the binary on a terminal";
        assert!(std::env::var_os("CI").is_none(), "cannot run: {why}");
        let _ = writeln!(
            std::io::stderr(),
            "skipped colour_only_on_a_terminal_and_without_no_color: {why}"
        );
        return;
    }
    let command = format!(
        "'{}' generate --input {} --output '{}'",
        env!("CARGO_BIN_EXE_isc-codegen"),
        corpus("ref-missing-file/openapi.yaml"),
        scratch("colour").display()
    );
    let on_terminal = |no_color: Option<&str>| {
        let mut script = Command::new("script");
        script
            .args(["-qec", &command, "/dev/null"])
            .current_dir(root())
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            script.env("NO_COLOR", value);
        }
        let out = script.output().unwrap();
        (code(&out), stdout(&out))
    };
    let (status, text) = on_terminal(None);
    assert_eq!(status, 2, "{text}");
    assert!(text.contains("\u{1b}["), "no colour on a terminal:\n{text}");
    let (status, text) = on_terminal(Some("1"));
    assert_eq!(status, 2, "{text}");
    assert!(text.contains("cannot read"), "{text}");
    assert!(!text.contains('\u{1b}'), "colour despite NO_COLOR:\n{text}");
}

#[test]
fn settings_come_from_the_file_and_flags_override_it() {
    let dir = scratch("settings");
    let settings = dir.join("custom.toml");
    std::fs::write(
        &settings,
        "[crate]\nname = \"from-file\"\n\n[derives]\nAccountsAsyncResult = [\"Hash\"]\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = run(&[
        "generate",
        "--settings",
        settings.to_str().unwrap(),
        "--output",
        out_dir.to_str().unwrap(),
        "--crate-name",
        "from-flag",
        "--derive",
        "AccountsAsyncResult=Eq",
        "--rename-operation",
        "getAccount=fetch_account",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let manifest = std::fs::read_to_string(out_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"from-flag\""), "{manifest}");
    let result =
        std::fs::read_to_string(out_dir.join("src/models/accounts_async_result.rs")).unwrap();
    assert!(result.contains("#[derive(Eq, Hash)]"), "{result}");
    let accounts = std::fs::read_to_string(out_dir.join("src/apis/accounts.rs")).unwrap();
    assert!(accounts.contains("pub fn fetch_account("));
}

#[test]
fn bad_settings_exit_2_naming_the_key_or_the_selector() {
    let dir = scratch("bad-settings");
    let settings = dir.join("isc-codegen.toml");
    std::fs::write(&settings, "[crate]\nnmae = \"x\"\n").unwrap();
    let out = run(&[
        "generate",
        "--settings",
        settings.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nmae"), "{}", stderr(&out));
    std::fs::write(&settings, "[replace]\nAcount = \"x::Y\"\n").unwrap();
    let out = run(&[
        "generate",
        "--settings",
        settings.to_str().unwrap(),
        "--check",
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("Acount") && err.contains("/replace/Acount"),
        "{err}"
    );
    let out = run(&["generate", "--check", "--derive", "no-equals-sign"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--derive takes KEY=VALUE"));
}
