//! Where settings come from, in which order, and what a missing one says.

use std::path::Path;
use std::time::Duration;

use isc_runtime::secrecy::ExposeSecret;
use isc_runtime::{Config, ConfigError, ConfigSources, Credentials};
use tempfile::TempDir;

const ENV_URL: &str = "https://from-env.api.identitynow.com";
const JSON_URL: &str = "https://from-json.api.identitynow.com";
const YAML_URL: &str = "https://from-yaml.api.identitynow.com";

struct Dirs {
    cwd: TempDir,
    home: TempDir,
}

impl Dirs {
    fn new() -> Self {
        Dirs {
            cwd: TempDir::new().unwrap(),
            home: TempDir::new().unwrap(),
        }
    }

    fn sources(&self) -> ConfigSources {
        ConfigSources::empty()
            .with_cwd(self.cwd.path())
            .with_home(self.home.path())
    }

    fn write_json(&self, text: &str) {
        std::fs::write(self.cwd.path().join("config.json"), text).unwrap();
    }

    fn write_yaml(&self, text: &str) {
        let dir = self.home.path().join(".sailpoint");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.yaml"), text).unwrap();
    }

    fn with_all_files(self) -> Self {
        self.write_json(&json(JSON_URL, "json-id", "json-secret"));
        self.write_yaml(YAML);
        self
    }
}

fn json(url: &str, id: &str, secret: &str) -> String {
    format!(r#"{{"BaseURL": "{url}", "ClientId": "{id}", "ClientSecret": "{secret}"}}"#)
}

const YAML: &str = "\
activeenvironment: prod
authtype: pat
environments:
  sandbox:
    baseurl: https://sandbox.api.identitynow.com
    pat:
      clientid: sandbox-id
      clientsecret: sandbox-secret
  prod:
    baseurl: https://from-yaml.api.identitynow.com
    tenanturl: https://from-yaml.identitynow.com
    pat:
      clientid: yaml-id
      clientsecret: yaml-secret
";

fn env(sources: ConfigSources) -> ConfigSources {
    sources
        .with_env("SAIL_BASE_URL", ENV_URL)
        .with_env("SAIL_CLIENT_ID", "env-id")
        .with_env("SAIL_CLIENT_SECRET", "env-secret")
}

/// (base URL, client id, client secret) of a resolved config.
fn summary(config: &Config) -> (String, String, String) {
    match config.credentials() {
        Credentials::ClientCredentials {
            client_id,
            client_secret,
        } => (
            config.base_url().to_owned(),
            client_id.clone(),
            client_secret.expose_secret().to_owned(),
        ),
        other => panic!("unexpected credentials {other:?}"),
    }
}

fn owned(url: &str, id: &str, secret: &str) -> (String, String, String) {
    (url.to_owned(), id.to_owned(), secret.to_owned())
}

#[test]
fn code_wins_over_everything() {
    let dirs = Dirs::new().with_all_files();
    let config = Config::builder()
        .tenant("from-code")
        .client_credentials("code-id", "code-secret")
        .load_from(&env(dirs.sources()))
        .unwrap();
    assert_eq!(
        summary(&config),
        owned(
            "https://from-code.api.identitynow.com",
            "code-id",
            "code-secret"
        )
    );
}

#[test]
fn environment_wins_over_files() {
    let dirs = Dirs::new().with_all_files();
    let config = Config::builder().load_from(&env(dirs.sources())).unwrap();
    assert_eq!(summary(&config), owned(ENV_URL, "env-id", "env-secret"));
}

#[test]
fn config_json_wins_over_cli_yaml() {
    let dirs = Dirs::new().with_all_files();
    let config = Config::builder().load_from(&dirs.sources()).unwrap();
    assert_eq!(summary(&config), owned(JSON_URL, "json-id", "json-secret"));
}

#[test]
fn cli_yaml_uses_the_active_environment() {
    let dirs = Dirs::new();
    dirs.write_yaml(YAML);
    let config = Config::builder().load_from(&dirs.sources()).unwrap();
    assert_eq!(summary(&config), owned(YAML_URL, "yaml-id", "yaml-secret"));
    assert_eq!(config.token_url(), format!("{YAML_URL}/oauth/token"));
}

#[test]
fn a_url_from_one_source_never_pulls_credentials_from_another() {
    let dirs = Dirs::new();
    // A config.json naming only a BaseURL (say, in a cloned repository) and the
    // user's real credentials in ~/.sailpoint/config.yaml.
    dirs.write_json(r#"{"BaseURL": "https://attacker.example.com"}"#);
    dirs.write_yaml(YAML);
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    let ConfigError::MixedSources {
        base_url_from,
        credentials_from,
    } = &error
    else {
        panic!("expected MixedSources, got {error:?}");
    };
    assert!(base_url_from.contains("config.json"), "{error}");
    assert!(credentials_from.contains("config.yaml"), "{error}");
    assert!(!error.to_string().contains("yaml-secret"), "{error}");
    // The environment's URL with config.json's credentials: the same.
    let dirs = Dirs::new().with_all_files();
    let sources = dirs.sources().with_env("SAIL_BASE_URL", ENV_URL);
    let error = Config::builder().load_from(&sources).unwrap_err();
    assert!(matches!(error, ConfigError::MixedSources { .. }), "{error}");
    // Credentials from code with a URL from a file: the same.
    let error = Config::builder()
        .client_credentials("code-id", "code-secret")
        .load_from(&dirs.sources())
        .unwrap_err();
    assert!(matches!(error, ConfigError::MixedSources { .. }), "{error}");
    // Combining is possible when asked for explicitly.
    let config = Config::builder()
        .combine_sources(true)
        .load_from(&sources)
        .unwrap();
    assert_eq!(summary(&config), owned(ENV_URL, "json-id", "json-secret"));
    // A base URL in code chooses the destination: credentials may come from anywhere.
    let config = Config::builder()
        .base_url("https://code.example.com/")
        .load_from(&env(dirs.sources()))
        .unwrap();
    assert_eq!(
        summary(&config),
        owned("https://code.example.com", "env-id", "env-secret")
    );
}

#[test]
fn cleartext_urls_need_loopback_or_an_explicit_opt_in() {
    let build =
        |builder: isc_runtime::ConfigBuilder| builder.client_credentials("id", "secret").build();
    let error = build(Config::builder().base_url("http://acme.example.com")).unwrap_err();
    assert!(
        matches!(
            &error,
            ConfigError::Invalid {
                setting: "base URL",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    let error = build(
        Config::builder()
            .tenant("acme")
            .token_url("http://tokens.example.com/oauth/token"),
    )
    .unwrap_err();
    assert!(
        matches!(
            &error,
            ConfigError::Invalid {
                setting: "token URL",
                ..
            }
        ),
        "{error:?}"
    );
    let from_env = Config::builder().load_from(
        &ConfigSources::empty()
            .with_env("SAIL_BASE_URL", "http://acme.example.com")
            .with_env("SAIL_CLIENT_ID", "id")
            .with_env("SAIL_CLIENT_SECRET", "secret"),
    );
    assert!(from_env.is_err());
    for loopback in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:2",
    ] {
        build(Config::builder().base_url(loopback)).unwrap();
    }
    let config = build(
        Config::builder()
            .base_url("http://acme.example.com")
            .allow_insecure_http(true),
    )
    .unwrap();
    assert_eq!(config.base_url(), "http://acme.example.com");
}

#[test]
fn id_without_secret_names_the_missing_setting_and_does_not_borrow_another_sources() {
    let dirs = Dirs::new().with_all_files();
    let sources = dirs.sources().with_env("SAIL_CLIENT_ID", "env-id");
    let error = Config::builder().load_from(&sources).unwrap_err();
    let ConfigError::Missing { setting, looked_in } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*setting, "client secret");
    assert_eq!(
        looked_in,
        &["environment variable SAIL_CLIENT_SECRET".to_owned()]
    );
    assert!(error.to_string().contains("SAIL_CLIENT_SECRET"));
}

#[test]
fn nothing_anywhere_lists_every_place_searched() {
    let dirs = Dirs::new();
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(
            error,
            ConfigError::Missing {
                setting: "base URL",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(message.contains("SAIL_BASE_URL"), "{message}");
    assert!(
        message.contains(&display(&dirs.cwd.path().join("config.json"))),
        "{message}"
    );
    assert!(
        message.contains(&display(&dirs.home.path().join(".sailpoint/config.yaml"))),
        "{message}"
    );
    assert!(message.contains("not found"), "{message}");

    let error = Config::builder()
        .tenant("acme")
        .load_from(&dirs.sources())
        .unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::Missing {
                setting: "client credentials",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("SAIL_CLIENT_ID"), "{error}");
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn code_only_build_requires_base_url_and_credentials() {
    let error = Config::builder()
        .client_credentials("a", "b")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::Missing {
                setting: "base URL",
                ..
            }
        ),
        "{error:?}"
    );
    let error = Config::builder().tenant("acme").build().unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::Missing {
                setting: "client credentials",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        Config::builder()
            .tenant("acme")
            .credentials(Credentials::None)
            .build()
            .is_ok()
    );
}

#[test]
fn invalid_base_url_says_where_it_came_from() {
    let dirs = Dirs::new();
    dirs.write_json(&json("not a url", "id", "secret"));
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    let ConfigError::Invalid {
        setting, origin, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*setting, "base URL");
    assert!(origin.starts_with("BaseURL in "), "{origin}");
    assert!(origin.ends_with("config.json"), "{origin}");

    let error = Config::builder()
        .load_from(&ConfigSources::empty().with_env("SAIL_BASE_URL", "ftp://x.example.com"))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("environment variable SAIL_BASE_URL"),
        "{error}"
    );
}

#[test]
fn malformed_config_json_is_an_error_that_does_not_echo_the_file() {
    let dirs = Dirs::new();
    dirs.write_json(r#"{"BaseURL": "https://x.example.com", "ClientSecret": "leaky-secret" "#);
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    assert!(matches!(error, ConfigError::File { .. }), "{error:?}");
    assert!(!error.to_string().contains("leaky-secret"), "{error}");
    assert!(error.to_string().contains("config.json"), "{error}");
}

#[test]
fn yaml_naming_a_missing_environment_is_invalid() {
    let dirs = Dirs::new();
    dirs.write_yaml("activeenvironment: nowhere\nenvironments: {}\n");
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::Invalid {
                setting: "activeenvironment",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn yaml_without_secret_mentions_the_keyring() {
    let dirs = Dirs::new();
    dirs.write_yaml(
        "activeenvironment: a\nenvironments:\n  a:\n    baseurl: https://a.api.identitynow.com\n    pat:\n      clientid: only-id\n",
    );
    let error = Config::builder().load_from(&dirs.sources()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("environments.a.pat.clientsecret"),
        "{message}"
    );
    assert!(message.contains("keyring"), "{message}");
}

#[test]
fn empty_values_count_as_unset() {
    let dirs = Dirs::new().with_all_files();
    let sources = dirs
        .sources()
        .with_env("SAIL_BASE_URL", "")
        .with_env("SAIL_CLIENT_ID", " ")
        .with_env("SAIL_CLIENT_SECRET", "");
    let config = Config::builder().load_from(&sources).unwrap();
    assert_eq!(summary(&config), owned(JSON_URL, "json-id", "json-secret"));
}

#[test]
fn tuning_settings_have_defaults_and_overrides() {
    let config = Config::builder()
        .tenant("acme")
        .credentials(Credentials::None)
        .build()
        .unwrap();
    assert_eq!(config.connect_timeout(), Duration::from_secs(10));
    assert_eq!(config.request_timeout(), Duration::from_secs(60));
    assert_eq!(config.token_refresh_margin(), Duration::from_secs(60));
    assert_eq!(config.retry().max_attempts, 4);
    let config = Config::builder()
        .tenant("acme")
        .credentials(Credentials::None)
        .connect_timeout(Duration::from_secs(1))
        .request_timeout(Duration::from_secs(2))
        .token_refresh_margin(Duration::from_secs(3))
        .token_url("https://auth.example.com/token")
        .build()
        .unwrap();
    assert_eq!(config.connect_timeout(), Duration::from_secs(1));
    assert_eq!(config.request_timeout(), Duration::from_secs(2));
    assert_eq!(config.token_refresh_margin(), Duration::from_secs(3));
    assert_eq!(config.token_url(), "https://auth.example.com/token");
}

#[test]
fn process_sources_can_be_read() {
    // Only checks that reading the real environment works; values vary by machine.
    let _ = ConfigSources::from_process();
}
