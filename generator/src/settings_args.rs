//! The CLI's settings: `--settings FILE` (by default `isc-codegen.toml`
//! beside the input) and the flags that set the same things, flags winning
//! over the file. Everything ends up in [`Options`].

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use isc_codegen::settings::{ConfigSources, Customize, Settings};
use isc_codegen::{CrateOptions, Error, Options};

use crate::{OutputArgs, SourceArgs};

/// `[config] sources`, as a flag value.
#[derive(Clone, Copy, ValueEnum)]
pub enum SourcesArg {
    /// `SAIL_*` variables, `./config.json`, `~/.sailpoint/config.yaml`.
    Sailpoint,
    /// `{PREFIX}_*` variables; the base URL defaults to the first server.
    Generic,
}

/// Flags matching the settings file's keys (see the README's Settings section).
#[derive(Args)]
#[command(next_help_heading = "Settings (override isc-codegen.toml)")]
pub struct SettingsArgs {
    /// Settings file; by default `isc-codegen.toml` beside the input, when there is one.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Package version of the emitted crate.
    #[arg(long)]
    crate_version: Option<String>,
    /// Package description of the emitted crate.
    #[arg(long)]
    crate_description: Option<String>,
    /// Extra derive for matched types, `SELECTOR=PATH` (`'*=Hash'`, `Account=schemars::JsonSchema`).
    #[arg(long = "derive", value_name = "SELECTOR=PATH")]
    derives: Vec<String>,
    /// Attribute on matched types or fields, `SELECTOR=ATTRIBUTE` (`'Account.name=#[doc(alias = "n")]'`).
    #[arg(long = "attribute", value_name = "SELECTOR=ATTRIBUTE")]
    attributes: Vec<String>,
    /// Use your own type instead of a schema's, `SELECTOR=PATH` (`Account=my_crate::Account`).
    #[arg(long = "replace", value_name = "SELECTOR=PATH")]
    replace: Vec<String>,
    /// Rename a type, `SELECTOR=NAME`.
    #[arg(long = "rename-type", value_name = "SELECTOR=NAME")]
    rename_types: Vec<String>,
    /// Rename an operation's method, `OPERATION_ID=NAME`.
    #[arg(long = "rename-operation", value_name = "OPERATION_ID=NAME")]
    rename_operations: Vec<String>,
    /// Where the client reads its configuration.
    #[arg(long, value_enum)]
    config_sources: Option<SourcesArg>,
    /// Prefix of the generic configuration's environment variables.
    #[arg(long)]
    env_prefix: Option<String>,
}

/// `KEY=VALUE` pairs; one without `=` is a usage error naming the flag.
fn pairs(flag: &str, values: &[String]) -> Result<Vec<(String, String)>, String> {
    values
        .iter()
        .map(|v| {
            v.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| format!("--{flag} takes KEY=VALUE, got `{v}`"))
        })
        .collect()
}

fn grouped(flag: &str, values: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in pairs(flag, values)? {
        map.entry(k).or_default().push(v);
    }
    Ok(map)
}

/// What a run generates: the flags, then the settings file for what they leave unset.
pub fn options(source: &SourceArgs, output: &OutputArgs) -> Result<Options, OptionsError> {
    let flags = &output.settings;
    let customize = Customize {
        file: PathBuf::from("(command line)"),
        derives: grouped("derive", &flags.derives)?,
        attributes: grouped("attribute", &flags.attributes)?,
        replace: pairs("replace", &flags.replace)?.into_iter().collect(),
        rename_types: pairs("rename-type", &flags.rename_types)?
            .into_iter()
            .collect(),
        rename_operations: pairs("rename-operation", &flags.rename_operations)?
            .into_iter()
            .collect(),
    };
    let mut options = Options {
        input: source.input.clone(),
        selection: source.selection(),
        crate_options: CrateOptions {
            name: output.crate_name.clone(),
            description: flags.crate_description.clone(),
            runtime_dependency: output.runtime.clone(),
            standalone: output.standalone,
            config_sources: flags.config_sources.map(|s| match s {
                SourcesArg::Sailpoint => ConfigSources::Sailpoint,
                SourcesArg::Generic => ConfigSources::Generic,
            }),
            env_prefix: flags.env_prefix.clone(),
            ..CrateOptions::default()
        },
        overlay: source.overlay(),
        customize,
    };
    let file = flags
        .settings
        .clone()
        .or_else(|| Settings::beside(&source.input));
    if let Some(file) = file {
        Settings::read(&file)?.fill(&mut options);
    }
    if let Some(version) = &flags.crate_version {
        options.crate_options.version.clone_from(version);
    }
    Ok(options)
}

/// Why the options could not be made.
pub enum OptionsError {
    /// A flag's value has the wrong form.
    Usage(String),
    /// The settings file cannot be used.
    Settings(Error),
}

impl From<String> for OptionsError {
    fn from(message: String) -> Self {
        Self::Usage(message)
    }
}

impl From<Error> for OptionsError {
    fn from(err: Error) -> Self {
        Self::Settings(err)
    }
}
