//! Reading settings from the environment, `./config.json` and the sailpoint CLI's
//! `~/.sailpoint/config.yaml`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::{ConfigError, Credentials};

const ENV_BASE_URL: &str = "SAIL_BASE_URL";
const ENV_CLIENT_ID: &str = "SAIL_CLIENT_ID";
const ENV_CLIENT_SECRET: &str = "SAIL_CLIENT_SECRET";

/// Where settings are read from besides code; injectable so tests need not touch
/// the real environment or home directory.
///
/// Its `Debug` output names the `SAIL_*` variables that are set, never a value,
/// and no other variable.
#[derive(Clone, Default)]
pub struct ConfigSources {
    env: HashMap<String, String>,
    cwd: Option<PathBuf>,
    home: Option<PathBuf>,
}

impl fmt::Debug for ConfigSources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<&str> = [ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET]
            .into_iter()
            .filter(|name| self.env.contains_key(*name))
            .collect();
        f.debug_struct("ConfigSources")
            .field("sail_variables_set", &set)
            .field("cwd", &self.cwd)
            .field("home", &self.home)
            .finish()
    }
}

impl ConfigSources {
    /// No environment variables, no working directory, no home directory.
    pub fn empty() -> Self {
        ConfigSources::default()
    }

    /// This process's environment, working directory and home directory.
    pub fn from_process() -> Self {
        // Only the variables read are kept: nothing else of the environment is held.
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(name, _)| {
                [ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET].contains(&name.as_str())
            })
            .collect();
        let home = ["HOME", "USERPROFILE"]
            .into_iter()
            .find_map(|name| std::env::var(name).ok().filter(|h| !h.is_empty()))
            .map(PathBuf::from);
        ConfigSources {
            cwd: std::env::current_dir().ok(),
            home,
            env,
        }
    }

    /// Adds an environment variable.
    pub fn with_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    /// Sets the directory searched for `config.json`.
    pub fn with_cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Sets the home directory searched for `.sailpoint/config.yaml`.
    pub fn with_home(mut self, dir: impl Into<PathBuf>) -> Self {
        self.home = Some(dir.into());
        self
    }

    fn env_value(&self, name: &str) -> Option<String> {
        self.env.get(name).filter(|v| !v.trim().is_empty()).cloned()
    }

    /// What each source holds, highest priority first. Absent files are skipped;
    /// unreadable or malformed ones are errors.
    pub(super) fn read(&self) -> Result<Vec<SourceFacts>, ConfigError> {
        let mut found = vec![SourceFacts {
            kind: SourceKind::Env,
            base_url: self.env_value(ENV_BASE_URL),
            client_id: self.env_value(ENV_CLIENT_ID),
            client_secret: self.env_value(ENV_CLIENT_SECRET).map(SecretString::from),
            note: None,
        }];
        if let Some(cwd) = &self.cwd {
            found.push(read_config_json(&cwd.join("config.json"))?);
        }
        if let Some(home) = &self.home {
            let path = home.join(".sailpoint").join("config.yaml");
            #[cfg(feature = "sailpoint-cli")]
            found.push(super::cli_yaml::read_cli_yaml(&path)?);
            // Without the YAML reader the file is not looked at; errors say so.
            #[cfg(not(feature = "sailpoint-cli"))]
            found.push(SourceFacts::empty(
                SourceKind::Yaml {
                    path,
                    environment: None,
                },
                "not read: isc-runtime is built without its `sailpoint-cli` feature",
            ));
        }
        Ok(found)
    }
}

#[derive(Debug)]
pub(crate) enum SourceKind {
    Env,
    Json(PathBuf),
    Yaml {
        path: PathBuf,
        environment: Option<String>,
    },
}

/// The settings one source holds.
#[derive(Debug)]
pub(crate) struct SourceFacts {
    pub(super) kind: SourceKind,
    pub(super) base_url: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<SecretString>,
    /// Why the source held nothing, for error messages ("not found", ...).
    pub(super) note: Option<String>,
}

impl SourceFacts {
    pub(super) fn empty(kind: SourceKind, note: impl Into<String>) -> Self {
        SourceFacts {
            kind,
            base_url: None,
            client_id: None,
            client_secret: None,
            note: Some(note.into()),
        }
    }

    fn origin(&self, env_var: &str, json_key: &str, yaml_key: &str) -> String {
        match &self.kind {
            SourceKind::Env => format!("environment variable {env_var}"),
            SourceKind::Json(path) => format!("{json_key} in {}", path.display()),
            SourceKind::Yaml { path, environment } => match environment {
                Some(name) => format!("environments.{name}.{yaml_key} in {}", path.display()),
                None => format!("{} (activeenvironment)", path.display()),
            },
        }
    }

    pub(super) fn base_url_origin(&self) -> String {
        self.origin(ENV_BASE_URL, "BaseURL", "baseurl")
    }

    fn client_id_origin(&self) -> String {
        self.origin(ENV_CLIENT_ID, "ClientId", "pat.clientid")
    }

    fn client_secret_origin(&self) -> String {
        self.origin(ENV_CLIENT_SECRET, "ClientSecret", "pat.clientsecret")
    }

    pub(super) fn credentials_origin(&self) -> String {
        match &self.kind {
            SourceKind::Env => format!("environment variables {ENV_CLIENT_ID}/{ENV_CLIENT_SECRET}"),
            _ => format!(
                "{} / {}",
                self.client_id_origin(),
                self.client_secret_origin()
            ),
        }
    }

    pub(super) fn credentials(&self) -> Result<Credentials, ConfigError> {
        match (&self.client_id, &self.client_secret) {
            (Some(client_id), Some(client_secret)) => Ok(Credentials::ClientCredentials {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
            }),
            (Some(_), None) => {
                let mut looked_in = vec![self.client_secret_origin()];
                if matches!(self.kind, SourceKind::Yaml { .. }) {
                    looked_in.push(
                        "(the sailpoint CLI may keep the secret in the system keyring instead)"
                            .to_owned(),
                    );
                }
                Err(ConfigError::Missing {
                    setting: "client secret",
                    looked_in,
                })
            }
            _ => Err(ConfigError::Missing {
                setting: "client id",
                looked_in: vec![self.client_id_origin()],
            }),
        }
    }
}

pub(super) fn looked_in(
    code: &str,
    found: &[SourceFacts],
    sources: Option<&ConfigSources>,
    origin: fn(&SourceFacts) -> String,
) -> Vec<String> {
    let mut places = vec![code.to_owned()];
    let Some(sources) = sources else {
        places.push(
            "(environment and config files not consulted: use ConfigBuilder::load)".to_owned(),
        );
        return places;
    };
    for source in found {
        match &source.note {
            Some(note) => places.push(format!("{} ({note})", origin(source))),
            None => places.push(origin(source)),
        }
    }
    if sources.cwd.is_none() {
        places.push("config.json (no working directory)".to_owned());
    }
    if sources.home.is_none() {
        places.push("~/.sailpoint/config.yaml (no home directory)".to_owned());
    }
    places
}

/// Reads a file; `None` if it does not exist.
pub(super) fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(ConfigError::File {
            path: path.to_owned(),
            reason: error.to_string(),
        }),
    }
}

pub(super) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn read_config_json(path: &Path) -> Result<SourceFacts, ConfigError> {
    let kind = SourceKind::Json(path.to_owned());
    let Some(text) = read_optional(path)? else {
        return Ok(SourceFacts::empty(kind, "not found"));
    };

    #[derive(serde::Deserialize)]
    struct ConfigJson {
        #[serde(rename = "BaseURL")]
        base_url: Option<String>,
        #[serde(rename = "ClientId")]
        client_id: Option<String>,
        #[serde(rename = "ClientSecret")]
        client_secret: Option<String>,
    }
    // serde_json's messages quote the unexpected value; on a malformed file that
    // could be the secret, so only the position is reported.
    let parsed: ConfigJson = serde_json::from_str(&text).map_err(|error| ConfigError::File {
        path: path.to_owned(),
        reason: format!(
            "not a JSON object with string fields BaseURL, ClientId, ClientSecret (line {}, column {})",
            error.line(),
            error.column()
        ),
    })?;
    Ok(SourceFacts {
        kind,
        base_url: non_empty(parsed.base_url),
        client_id: non_empty(parsed.client_id),
        client_secret: non_empty(parsed.client_secret).map(SecretString::from),
        note: None,
    })
}
