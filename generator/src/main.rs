//! `isc-codegen` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use isc_codegen::{CrateOptions, Options, Selection, generate};

#[derive(Parser)]
#[command(
    name = "isc-codegen",
    version,
    about = "Generate a Rust client crate from an OpenAPI 3.0 document"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate (defaults: spec/beta-accounts.yaml -> generated/).
    Generate {
        /// Root OpenAPI document (YAML or JSON; relative-file `$ref`s are followed).
        #[arg(long, short, default_value = "spec/beta-accounts.yaml")]
        input: PathBuf,
        /// Output crate directory.
        #[arg(long, short, default_value = "generated")]
        output: PathBuf,
        /// Only operations with this tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Only the operation with this operationId (repeatable).
        #[arg(long = "operation")]
        operations: Vec<String>,
        /// Package name of the emitted crate.
        #[arg(long, default_value = "sailpoint-beta")]
        crate_name: String,
        /// The `isc-runtime` dependency, as the inside of a Cargo table.
        #[arg(long, default_value = "path = \"../runtime\"")]
        runtime: String,
        /// Add an empty `[workspace]` table to the emitted Cargo.toml.
        #[arg(long)]
        standalone: bool,
        /// Corrections to apply on top of the document; by default
        /// `overlay.yaml` beside the input, when there is one.
        #[arg(long)]
        overlay: Option<PathBuf>,
        /// Write nothing; list the files that differ and exit 1 if any do.
        #[arg(long)]
        check: bool,
        /// Print every warning.
        #[arg(long, short)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            input,
            output,
            tags,
            operations,
            crate_name,
            runtime,
            standalone,
            overlay,
            check,
            verbose,
        } => {
            let overlay = overlay.or_else(|| {
                let beside = input.with_file_name("overlay.yaml");
                beside.is_file().then_some(beside)
            });
            let options = Options {
                input,
                selection: Selection { tags, operations },
                crate_options: CrateOptions {
                    name: crate_name,
                    runtime_dependency: runtime,
                    standalone,
                    ..CrateOptions::default()
                },
                overlay,
            };
            let started = std::time::Instant::now();
            let generated = match generate(&options) {
                Ok(generated) => generated,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::from(2);
                }
            };
            if verbose {
                for warning in &generated.warnings {
                    eprintln!("warning: {warning}");
                }
                let stats = generated.stats;
                eprintln!(
                    "load {:.0?}, lower {:.0?}, emit {:.0?}",
                    stats.load, stats.lower, stats.emit
                );
            }
            let result = if check {
                generated.check_against(&output)
            } else {
                generated.write_to(&output)
            };
            let changes = match result {
                Ok(changes) => changes,
                Err(err) => {
                    eprintln!("error: {err}");
                    return ExitCode::from(2);
                }
            };
            for change in &changes {
                println!("{change}");
            }
            let stats = generated.stats;
            eprintln!(
                "{} operations, {} types, {} warnings from {} files in {:.0?}; {} {} file(s) {}",
                stats.operations,
                stats.types,
                generated.warnings.len(),
                stats.files_read,
                started.elapsed(),
                output.display(),
                changes.len(),
                if check { "differ" } else { "updated" }
            );
            if check && !changes.is_empty() {
                eprintln!(
                    "{} is stale: run `cargo run -p isc-codegen -- generate`",
                    output.display()
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
    }
}
