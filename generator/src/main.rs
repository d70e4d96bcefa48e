//! `isc-codegen` command line: a thin layer over the library.
//!
//! Exit status: 0 when all went well, 1 when `check` finds the output stale,
//! 2 for bad input or any other error (clap's usage errors included).

// Library code returns errors instead of panicking; tests may index.
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use isc_codegen::diagnostic::{self, Style};
use isc_codegen::ir::{Api, TypeKind};
use isc_codegen::kinds::exit_code;
use isc_codegen::{Error, Selection, Warning, generate};

mod settings_args;

mod api_diff;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STALE: u8 = 1;
/// `--strict` stopped the run: the status of bad input.
const STRICT_FAILED: u8 = 2;

#[derive(Parser)]
#[command(
    name = "isc-codegen",
    version,
    about = "Generate a Rust client crate from an OpenAPI 3.0 document",
    after_help = "Exit status: 0 success; 1 `check` found the output stale; 2 bad input or any other error.\n\
                  Diagnostics are coloured only on a terminal, and never when NO_COLOR is set."
)]
struct Cli {
    /// Print errors only: no summary, no list of written files, no warnings.
    #[arg(
        long,
        short,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Global options"
    )]
    quiet: bool,
    /// Print every warning (with its file, line and JSON pointer) and the time of each phase.
    #[arg(long, short, global = true, help_heading = "Global options")]
    verbose: bool,
    /// Treat warnings as errors: print them all and exit 2 without writing anything.
    #[arg(long, global = true, help_heading = "Global options")]
    strict: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate (defaults: spec/beta-accounts.yaml -> generated/).
    Generate {
        #[command(flatten)]
        source: SourceArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// Write nothing; as `check`: show what differs and exit 1 if anything does.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        diff: DiffArgs,
    },
    /// For CI: write nothing; exit 1 with a diff summary when the output is stale, 0 when fresh.
    Check {
        #[command(flatten)]
        source: SourceArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        diff: DiffArgs,
    },
    /// Compare the Rust API two versions of the spec would give, each change classed by semver.
    Diff {
        #[command(flatten)]
        source: SourceArgs,
        #[command(flatten)]
        args: api_diff::ApiDiffArgs,
    },
    /// List the operations and types a selection would produce, with their tags.
    List {
        #[command(flatten)]
        source: SourceArgs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Which document and which part of it.
#[derive(Args)]
struct SourceArgs {
    /// Root OpenAPI document (YAML or JSON; relative-file `$ref`s are followed).
    #[arg(long, short, default_value = "spec/beta-accounts.yaml")]
    input: PathBuf,
    /// Only operations with this tag (repeatable).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Only the operation with this operationId (repeatable).
    #[arg(long = "operation")]
    operations: Vec<String>,
    /// Corrections to apply on top of the document; by default
    /// `overlay.yaml` beside the input, when there is one.
    #[arg(long)]
    overlay: Option<PathBuf>,
}

impl SourceArgs {
    fn selection(&self) -> Selection {
        Selection {
            tags: self.tags.clone(),
            operations: self.operations.clone(),
        }
    }

    fn overlay(&self) -> Option<PathBuf> {
        self.overlay.clone().or_else(|| {
            let beside = self.input.with_file_name("overlay.yaml");
            beside.is_file().then_some(beside)
        })
    }
}

/// The emitted crate.
#[derive(Args)]
struct OutputArgs {
    /// Output crate directory.
    #[arg(long, short, default_value = "generated")]
    output: PathBuf,
    /// Package name of the emitted crate (default: the settings' `[crate] name`,
    /// else the document's title in kebab-case).
    #[arg(long)]
    crate_name: Option<String>,
    /// The `isc-runtime` dependency, as the inside of a Cargo table.
    #[arg(long, default_value = "path = \"../runtime\"")]
    runtime: String,
    /// Add an empty `[workspace]` table to the emitted Cargo.toml.
    #[arg(long)]
    standalone: bool,
    #[command(flatten)]
    settings: settings_args::SettingsArgs,
}

#[derive(Args)]
struct DiffArgs {
    /// With `check`: at most this many diff lines per differing file.
    #[arg(long, default_value_t = 40, value_name = "N")]
    diff_lines: usize,
}

/// The global flags, and where diagnostics go.
struct Out {
    quiet: bool,
    verbose: bool,
    strict: bool,
    style: Style,
}

impl Out {
    fn error(&self, err: &Error) -> ExitCode {
        eprintln!("{}", diagnostic::render_error(err, self.style));
        ExitCode::from(exit_code(err.kind()))
    }

    /// Prints the warnings as the flags say; under `--strict` those whose
    /// kind it promotes are errors and the run stops here.
    fn warnings(&self, warnings: &[Warning]) -> Result<(), ExitCode> {
        let (errors, kept) = diagnostic::promote(warnings, self.strict);
        if !errors.is_empty() {
            for error in &errors {
                eprintln!("{}", error.render(self.style));
            }
            eprintln!(
                "error: {} warning(s) treated as errors (--strict); nothing was written",
                errors.len()
            );
            return Err(ExitCode::from(STRICT_FAILED));
        }
        if self.verbose {
            let compact = Style {
                compact: true,
                ..self.style
            };
            for warning in &kept {
                eprintln!("{}", warning.render(compact));
            }
        }
        Ok(())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out {
        quiet: cli.quiet,
        verbose: cli.verbose,
        strict: cli.strict,
        style: Style::for_terminal(std::io::stderr().is_terminal()),
    };
    match cli.command {
        Command::Generate {
            source,
            output,
            check,
            diff,
        } => run_generate(&out, &source, &output, check, &diff),
        Command::Check {
            source,
            output,
            diff,
        } => run_generate(&out, &source, &output, true, &diff),
        Command::Diff { source, args } => api_diff::run(&out, &source, &args),
        Command::List { source, json } => run_list(&out, &source, json),
    }
}

fn run_generate(
    out: &Out,
    source: &SourceArgs,
    output: &OutputArgs,
    check: bool,
    diff: &DiffArgs,
) -> ExitCode {
    let options = match settings_args::options(source, output) {
        Ok(options) => options,
        Err(settings_args::OptionsError::Settings(err)) => return out.error(&err),
        Err(settings_args::OptionsError::Usage(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(STRICT_FAILED);
        }
    };
    let started = Instant::now();
    let generated = match generate(&options) {
        Ok(generated) => generated,
        Err(err) => return out.error(&err),
    };
    if let Err(code) = out.warnings(&generated.warnings) {
        return code;
    }
    let stats = generated.stats;
    if out.verbose {
        eprintln!(
            "load {:.0?}, lower {:.0?}, emit {:.0?}",
            stats.load, stats.lower, stats.emit
        );
    }
    let dir = &output.output;
    let result = if check {
        generated.check_against(dir)
    } else {
        generated.write_to(dir)
    };
    let changes = match result {
        Ok(changes) => changes,
        Err(err) => return out.error(&err),
    };
    if check && !changes.is_empty() {
        print!(
            "{}",
            isc_codegen::check_diff::render_differences(
                dir,
                &changes,
                &generated.files,
                diff.diff_lines,
                diagnostic::color_allowed(std::io::stdout().is_terminal()),
            )
        );
    } else if !out.quiet {
        for change in &changes {
            println!("{change}");
        }
    }
    if !out.quiet {
        eprintln!(
            "{} operations, {} types, {} warnings from {} files in {:.0?}; {} {} file(s) {}",
            stats.operations,
            stats.types,
            generated.warnings.len(),
            stats.files_read,
            started.elapsed(),
            dir.display(),
            changes.len(),
            if check { "differ" } else { "updated" }
        );
    }
    if check && !changes.is_empty() {
        eprintln!(
            "{} is stale: run `cargo run -p isc-codegen -- {}`",
            dir.display(),
            regenerate_command()
        );
        return ExitCode::from(STALE);
    }
    ExitCode::SUCCESS
}

/// This run's arguments as the `generate` run that would bring the output up
/// to date: `check` becomes `generate`, `--check` and `--diff-lines` go.
fn regenerate_command() -> String {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "check" => out.push("generate".to_owned()),
            "--check" => {}
            "--diff-lines" => {
                args.next();
            }
            _ if arg.starts_with("--diff-lines=") => {}
            _ => out.push(shell_word(&arg)),
        }
    }
    if !out.iter().any(|a| a == "generate") {
        out.insert(0, "generate".to_owned());
    }
    out.join(" ")
}

/// `word`, quoted for a POSIX shell when it needs to be.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn run_list(out: &Out, source: &SourceArgs, json: bool) -> ExitCode {
    let overlay = source.overlay();
    let (api, warnings, _) =
        match isc_codegen::lower_spec(&source.input, &source.selection(), overlay.as_deref()) {
            Ok(lowered) => lowered,
            Err(err) => return out.error(&err),
        };
    if let Err(code) = out.warnings(&warnings) {
        return code;
    }
    let listing = Listing::of(&api);
    if json {
        println!("{}", listing.json());
    } else {
        print!("{}", listing.text());
    }
    if !out.quiet {
        eprintln!(
            "{} operations, {} types, {} warnings",
            listing.operations.len(),
            listing.types.len(),
            warnings.len()
        );
    }
    ExitCode::SUCCESS
}

/// What `list` prints.
struct Listing {
    /// (tag, method, path, operationId, Rust method), by tag, path and method.
    operations: Vec<[String; 5]>,
    /// (name, kind, tags that reach it).
    types: Vec<(String, &'static str, BTreeSet<String>)>,
}

impl Listing {
    fn of(api: &Api) -> Self {
        let mut operations = Vec::new();
        for tag in &api.tags {
            for op in &tag.operations {
                operations.push([
                    tag.name.clone(),
                    op.http_method.clone(),
                    op.path.clone(),
                    op.operation_id.clone(),
                    op.method_name.clone(),
                ]);
            }
        }
        operations.sort_by(|a, b| {
            (&a[0], &a[2], method_rank(&a[1]), &a[3]).cmp(&(
                &b[0],
                &b[2],
                method_rank(&b[1]),
                &b[3],
            ))
        });
        let types = api
            .types
            .iter()
            .map(|def| {
                let kind = match &def.kind {
                    TypeKind::Struct(_) => "struct",
                    TypeKind::Enum(_) => "enum",
                    TypeKind::Alias(_) => "alias",
                    TypeKind::OneOf(_) => "oneOf",
                };
                // Which tags reach a type is an analysis lowering ran.
                let tags = def
                    .reached_by
                    .iter()
                    .filter_map(|i| api.tags.get(*i))
                    .map(|t| t.name.clone())
                    .collect();
                (def.name.clone(), kind, tags)
            })
            .collect();
        Self { operations, types }
    }

    fn text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let width = |column: usize| {
            self.operations
                .iter()
                .map(|op| op.get(column).map_or(0, String::len))
                .max()
                .unwrap_or(0)
        };
        let (tag_w, method_w, path_w, id_w) = (width(0), width(1), width(2), width(3));
        let _ = writeln!(out, "operations ({}):", self.operations.len());
        for [tag, method, path, id, rust] in &self.operations {
            let _ = writeln!(
                out,
                "  {tag:<tag_w$}  {method:<method_w$}  {path:<path_w$}  {id:<id_w$}  {rust}()"
            );
        }
        let name_w = self.types.iter().map(|t| t.0.len()).max().unwrap_or(0);
        let _ = writeln!(out, "types ({}):", self.types.len());
        for (name, kind, tags) in &self.types {
            let tags = if tags.is_empty() {
                "-".to_owned()
            } else {
                tags.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(out, "  {name:<name_w$}  {kind:<6}  {tags}");
        }
        out
    }

    fn json(&self) -> String {
        let operations: Vec<serde_json::Value> = self
            .operations
            .iter()
            .map(|[tag, method, path, id, rust]| {
                serde_json::json!({
                    "tag": tag,
                    "method": method,
                    "path": path,
                    "operationId": id,
                    "rustMethod": rust,
                })
            })
            .collect();
        let types: Vec<serde_json::Value> = self
            .types
            .iter()
            .map(|(name, kind, tags)| {
                serde_json::json!({ "name": name, "kind": kind, "tags": tags })
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "operations": operations,
            "types": types,
        }))
        .unwrap_or_default()
    }
}

fn method_rank(method: &str) -> usize {
    const ORDER: &[&str] = &[
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    ORDER
        .iter()
        .position(|m| *m == method)
        .unwrap_or(ORDER.len())
}
