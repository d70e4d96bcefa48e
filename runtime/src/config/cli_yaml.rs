//! The sailpoint CLI's `~/.sailpoint/config.yaml`, behind the runtime's
//! `sailpoint-cli` feature (on by default; generated clients of other APIs
//! turn it off, and with it the YAML parser).

use std::collections::BTreeMap;
use std::path::Path;

use secrecy::SecretString;

use super::ConfigError;
use super::sources::{SourceFacts, SourceKind, non_empty, read_optional};

pub(super) fn read_cli_yaml(path: &Path) -> Result<SourceFacts, ConfigError> {
    let Some(text) = read_optional(path)? else {
        return Ok(SourceFacts::empty(
            SourceKind::Yaml {
                path: path.to_owned(),
                environment: None,
            },
            "not found",
        ));
    };

    #[derive(serde::Deserialize, Default)]
    struct CliConfig {
        activeenvironment: Option<String>,
        #[serde(default)]
        environments: BTreeMap<String, CliEnvironment>,
    }
    #[derive(serde::Deserialize)]
    struct CliEnvironment {
        baseurl: Option<String>,
        pat: Option<CliPat>,
    }
    #[derive(serde::Deserialize)]
    struct CliPat {
        clientid: Option<String>,
        clientsecret: Option<String>,
    }

    let parsed: CliConfig = if text.trim().is_empty() {
        CliConfig::default()
    } else {
        serde_yaml::from_str(&text).map_err(|error| ConfigError::File {
            path: path.to_owned(),
            reason: match error.location() {
                Some(at) => format!(
                    "not a sailpoint CLI config (line {}, column {})",
                    at.line(),
                    at.column()
                ),
                None => "not a sailpoint CLI config".to_owned(),
            },
        })?
    };

    let Some(name) = non_empty(parsed.activeenvironment) else {
        return Ok(SourceFacts::empty(
            SourceKind::Yaml {
                path: path.to_owned(),
                environment: None,
            },
            "no activeenvironment",
        ));
    };
    let kind = SourceKind::Yaml {
        path: path.to_owned(),
        environment: Some(name.clone()),
    };
    let Some(environment) = parsed
        .environments
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, e)| e)
    else {
        return Err(ConfigError::Invalid {
            setting: "activeenvironment",
            origin: path.display().to_string(),
            reason: format!("names environment {name:?}, which is not under `environments`"),
        });
    };
    let (client_id, client_secret) = match environment.pat {
        Some(pat) => (non_empty(pat.clientid), non_empty(pat.clientsecret)),
        None => (None, None),
    };
    Ok(SourceFacts {
        kind,
        base_url: non_empty(environment.baseurl),
        client_id,
        client_secret: client_secret.map(SecretString::from),
        note: None,
    })
}
