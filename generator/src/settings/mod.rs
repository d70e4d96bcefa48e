//! The settings file, `isc-codegen.toml` beside the spec (or `--settings
//! FILE`): crate metadata, which tags to generate, and customisation of the
//! emitted types ([`Customize`]) that would otherwise need a fork of the
//! generator. Reading it only checks its shape; whether its names match
//! anything is decided against the lowered API ([`apply`]).

mod apply;
pub mod defaults;
mod derives;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use apply::apply;

use crate::error::{Error, InvalidKind, Location, Result};

/// The file name looked for beside the spec.
pub const FILE_NAME: &str = "isc-codegen.toml";

/// The parsed settings file. Every table is optional; unknown keys are errors.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where it was read from (for error messages).
    #[serde(skip)]
    pub file: PathBuf,
    /// `[crate]`: the emitted package.
    #[serde(default, rename = "crate")]
    pub package: PackageSettings,
    /// `[select]`: which operations.
    #[serde(default)]
    pub select: SelectSettings,
    /// `[derives]`: selector (`"*"`, schema name or JSON pointer) → extra derives.
    #[serde(default)]
    pub derives: BTreeMap<String, Vec<String>>,
    /// `[attributes]`: selector (a type, or `Type.property` for a field) →
    /// attributes written above it.
    #[serde(default)]
    pub attributes: BTreeMap<String, Vec<String>>,
    /// `[replace]`: selector → path of the user's type used instead.
    #[serde(default)]
    pub replace: BTreeMap<String, String>,
    /// `[rename]`: new names for types and operations.
    #[serde(default)]
    pub rename: RenameSettings,
    /// `[config]`: where the client reads its configuration.
    #[serde(default)]
    pub config: ConfigSettings,
}

/// `[crate]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSettings {
    /// Package name; by default the document's title in kebab-case.
    pub name: Option<String>,
    /// Package version.
    pub version: Option<String>,
    /// Package description; by default one made from the title.
    pub description: Option<String>,
    /// Dependencies the extra derives and attributes need, as Cargo.toml
    /// entries (`schemars = "0.8"`), added to the emitted manifest.
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
}

/// `[select]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectSettings {
    /// Only operations with these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only operations with these operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
}

/// `[rename]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameSettings {
    /// Type selector → new Rust type name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// operationId → new method name (snake_case); the builder and error
    /// enum are named after it.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
}

/// `[config]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSettings {
    /// `"sailpoint"` or `"generic"`; by default SailPoint's documents get
    /// SailPoint's sources and every other document the generic ones.
    pub sources: Option<ConfigSources>,
    /// Prefix of the environment variables of the generic configuration
    /// (`PETSTORE` → `PETSTORE_BASE_URL`, `PETSTORE_TOKEN`, ...); by default
    /// the crate name in upper snake case.
    pub env_prefix: Option<String>,
    /// Names of the variables the generic configuration reads, where
    /// `{PREFIX}_*` does not suit.
    #[serde(default)]
    pub variables: EnvNames,
}

/// `[config.variables]`: the environment variables of a generic client, by
/// what they hold; unset ones are `{PREFIX}_BASE_URL`, `{PREFIX}_TOKEN`, ...
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvNames {
    /// The base URL.
    pub base_url: Option<String>,
    /// A bearer (access) token.
    pub token: Option<String>,
    /// The OAuth2 client id.
    pub client_id: Option<String>,
    /// The OAuth2 client secret.
    pub client_secret: Option<String>,
    /// An API key.
    pub api_key: Option<String>,
    /// The basic-authentication user name.
    pub username: Option<String>,
    /// The basic-authentication password.
    pub password: Option<String>,
}

impl EnvNames {
    /// The variable for `what` (`"TOKEN"`, ...): the one named, or
    /// `{prefix}_{what}`.
    pub fn name(&self, prefix: &str, what: &str) -> String {
        let named = match what {
            "BASE_URL" => &self.base_url,
            "TOKEN" => &self.token,
            "CLIENT_ID" => &self.client_id,
            "CLIENT_SECRET" => &self.client_secret,
            "API_KEY" => &self.api_key,
            "USERNAME" => &self.username,
            "PASSWORD" => &self.password,
            _ => &None,
        };
        named.clone().unwrap_or_else(|| format!("{prefix}_{what}"))
    }
}

/// Where a generated client reads its configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigSources {
    /// `SAIL_*` variables, `./config.json`, `~/.sailpoint/config.yaml`.
    Sailpoint,
    /// `{PREFIX}_*` variables only, the base URL defaulting to the
    /// document's first server.
    Generic,
}

/// What the settings change in the emitted types and operations, carried in
/// [`Options`](crate::Options) and applied to the IR after lowering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customize {
    /// The file the entries come from, for error locations (empty when they
    /// come from flags or code).
    pub file: PathBuf,
    /// Selector → extra derives (`"*"` for every type).
    pub derives: BTreeMap<String, Vec<String>>,
    /// Selector → attributes.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Selector → replacing type path.
    pub replace: BTreeMap<String, String>,
    /// Selector → new type name.
    pub rename_types: BTreeMap<String, String>,
    /// operationId → new method name.
    pub rename_operations: BTreeMap<String, String>,
}

impl Customize {
    /// Whether nothing is customised.
    pub fn is_empty(&self) -> bool {
        self.derives.is_empty()
            && self.attributes.is_empty()
            && self.replace.is_empty()
            && self.rename_types.is_empty()
            && self.rename_operations.is_empty()
    }
}

impl Settings {
    /// Reads a settings file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            location: Location::new(path, ""),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Parses settings text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let mut settings: Settings = toml::from_str(text).map_err(|err| {
            let mut location = Location::new(path, "");
            location.line = err
                .span()
                .map(|span| text.get(..span.start).unwrap_or("").lines().count().max(1));
            Error::Invalid {
                kind: InvalidKind::SettingsShape,
                location,
                message: format!("not valid settings: {}", err.message()),
            }
        })?;
        settings.file = path.to_path_buf();
        Ok(settings)
    }

    /// The settings file beside `input`, when there is one.
    pub fn beside(input: &Path) -> Option<PathBuf> {
        let path = input.with_file_name(FILE_NAME);
        path.is_file().then_some(path)
    }

    /// The customisation entries, for [`Options::customize`](crate::Options).
    pub fn customize(&self) -> Customize {
        Customize {
            file: self.file.clone(),
            derives: self.derives.clone(),
            attributes: self.attributes.clone(),
            replace: self.replace.clone(),
            rename_types: self.rename.types.clone(),
            rename_operations: self.rename.operations.clone(),
        }
    }

    /// The extra dependencies as Cargo.toml lines, sorted by name.
    pub fn dependency_lines(&self) -> String {
        self.package
            .dependencies
            .iter()
            .map(|(name, value)| format!("{name} = {value}\n"))
            .collect()
    }

    /// Options for generating `input` with these settings: the settings
    /// fill what `options` leaves unset (flags win over the file).
    pub fn fill(&self, options: &mut crate::Options) {
        let package = &self.package;
        let crate_options = &mut options.crate_options;
        if crate_options.name.is_none() {
            crate_options.name.clone_from(&package.name);
        }
        if let Some(version) = &package.version {
            crate_options.version.clone_from(version);
        }
        if crate_options.description.is_none() {
            crate_options.description.clone_from(&package.description);
        }
        crate_options
            .extra_dependencies
            .push_str(&self.dependency_lines());
        if crate_options.config_sources.is_none() {
            crate_options.config_sources = self.config.sources;
        }
        if crate_options.env_prefix.is_none() {
            crate_options.env_prefix.clone_from(&self.config.env_prefix);
        }
        if crate_options.env_names == EnvNames::default() {
            crate_options.env_names = self.config.variables.clone();
        }
        if options.selection.is_all() {
            options.selection.tags.clone_from(&self.select.tags);
            options
                .selection
                .operations
                .clone_from(&self.select.operations);
        }
        let mut customize = self.customize();
        // Entries given in code or by flags win over the file's.
        let given = std::mem::take(&mut options.customize);
        // Derives and attributes add up; a replacement or rename replaces.
        for (selector, derives) in given.derives {
            customize
                .derives
                .entry(selector)
                .or_default()
                .extend(derives);
        }
        for (selector, attributes) in given.attributes {
            customize
                .attributes
                .entry(selector)
                .or_default()
                .extend(attributes);
        }
        customize.replace.extend(given.replace);
        customize.rename_types.extend(given.rename_types);
        customize.rename_operations.extend(given.rename_operations);
        options.customize = customize;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_table_parses() {
        let text = r##"
            [crate]
            name = "petstore"
            version = "1.2.3"
            description = "Pets."
            dependencies = { schemars = "0.8" }

            [select]
            tags = ["pets"]

            [derives]
            "*" = ["Hash"]
            Pet = ["schemars::JsonSchema"]

            [attributes]
            "Pet.name" = ['#[doc(alias = "title")]']

            [replace]
            Error = "my_crate::Error"

            [rename.types]
            Pet = "Animal"

            [rename.operations]
            listPets = "all_pets"

            [config]
            sources = "generic"
            env_prefix = "PETS"
        "##;
        let settings = Settings::parse(Path::new("isc-codegen.toml"), text).unwrap();
        assert_eq!(settings.package.name.as_deref(), Some("petstore"));
        assert_eq!(settings.select.tags, ["pets"]);
        assert_eq!(settings.derives["*"], ["Hash"]);
        assert_eq!(settings.rename.operations["listPets"], "all_pets");
        assert_eq!(settings.config.sources, Some(ConfigSources::Generic));
        assert_eq!(settings.dependency_lines(), "schemars = \"0.8\"\n");
    }

    #[test]
    fn an_unknown_key_is_an_error_with_its_line() {
        let text = "[crate]\nname = \"x\"\n\n[derive]\nPet = [\"Hash\"]\n";
        let err = Settings::parse(Path::new("isc-codegen.toml"), text).unwrap_err();
        assert_eq!(
            err.kind(),
            crate::ErrorKind::Invalid(InvalidKind::SettingsShape)
        );
        assert!(err.to_string().contains("derive"), "{err}");
        assert_eq!(err.location().and_then(|l| l.line), Some(4));
    }
}
