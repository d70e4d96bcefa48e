//! Client settings and where they come from.
//!
//! Settings are looked up in the order the official SailPoint SDKs use:
//!
//! 1. code: [`ConfigBuilder`] methods;
//! 2. the environment: `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`;
//! 3. `./config.json`: `{"BaseURL": ..., "ClientId": ..., "ClientSecret": ...}`;
//! 4. the sailpoint CLI's `~/.sailpoint/config.yaml`: the environment named by
//!    `activeenvironment`, its `baseurl` and `pat.clientid` / `pat.clientsecret`.
//!
//! The base URL and the credentials are resolved separately: each comes from the
//! first source that has it. Client id and secret always come from the same source,
//! so a secret is never paired with another source's id. Empty values count as
//! unset.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::retry::RetryPolicy;

mod sources;

pub use sources::ConfigSources;
use sources::{SourceFacts, looked_in};

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt, from sending the request to its last body byte.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time before expiry at which a cached token is replaced.
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How the client authenticates.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// OAuth2 client credentials (a personal access token's id and secret), exchanged
    /// at `{base}/oauth/token` for access tokens.
    ClientCredentials {
        /// The client id (not secret).
        client_id: String,
        /// The client secret.
        client_secret: SecretString,
    },
    /// A ready access token, sent as is; it is never refreshed.
    BearerToken(SecretString),
    /// No credentials: only operations without security can be called, unless a
    /// custom [`Authenticator`](crate::Authenticator) is given to the client.
    None,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"[REDACTED]")
                .finish(),
            Credentials::BearerToken(_) => f.write_str("BearerToken([REDACTED])"),
            Credentials::None => f.write_str("None"),
        }
    }
}

/// Resolved client settings. Build one with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    token_url: String,
    credentials: Credentials,
    connect_timeout: Duration,
    request_timeout: Duration,
    token_refresh_margin: Duration,
    retry: RetryPolicy,
    user_agent: String,
}

impl Config {
    /// Starts a builder; nothing is read from the environment until
    /// [`ConfigBuilder::load`] or [`ConfigBuilder::load_from`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Settings from the environment and config files only (see the module docs).
    pub fn load() -> Result<Config, ConfigError> {
        ConfigBuilder::default().load()
    }

    /// The tenant's API root without the version prefix, e.g.
    /// `https://acme.api.identitynow.com` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where client credentials are exchanged for tokens.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// How the client authenticates.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Limit for opening a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Limit for one attempt, from sending the request to the last body byte.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// How long before expiry a cached access token is replaced.
    pub fn token_refresh_margin(&self) -> Duration {
        self.token_refresh_margin
    }

    /// Retry settings.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The `User-Agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

/// Builds a [`Config`]; values set here win over every other source.
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    base_url: Option<String>,
    tenant: Option<String>,
    token_url: Option<String>,
    credentials: Option<Credentials>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    token_refresh_margin: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
}

impl ConfigBuilder {
    /// Base URL of the tenant's API, without the version prefix
    /// (`https://acme.api.identitynow.com`). Replaces a tenant set before.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self.tenant = None;
        self
    }

    /// Tenant name; the base URL becomes `https://{tenant}.api.identitynow.com`.
    /// Replaces a base URL set before.
    pub fn tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self.base_url = None;
        self
    }

    /// Token endpoint, if not `{base}/oauth/token`.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// OAuth2 client credentials (a personal access token).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        });
        self
    }

    /// A ready access token, sent as `Authorization: Bearer ...` and never refreshed.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::BearerToken(SecretString::from(token.into())));
        self
    }

    /// Sets the credentials directly ([`Credentials::None`] to use none).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Limit for opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limit for one attempt, from sending to the last body byte (default 60 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// How long before expiry a cached access token is replaced (default 60 s).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = Some(margin);
        self
    }

    /// Retry settings (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Names the application in the `User-Agent`, before this crate's name and version.
    pub fn user_agent(mut self, application: impl Into<String>) -> Self {
        self.user_agent = Some(application.into());
        self
    }

    /// Builds from the values set in code only; missing base URL or credentials
    /// are errors (use [`Credentials::None`] to go without).
    pub fn build(self) -> Result<Config, ConfigError> {
        self.resolve(None)
    }

    /// Fills unset values from the process environment, `./config.json` and
    /// `~/.sailpoint/config.yaml`.
    pub fn load(self) -> Result<Config, ConfigError> {
        self.load_from(&ConfigSources::from_process())
    }

    /// Fills unset values from the given sources.
    pub fn load_from(self, sources: &ConfigSources) -> Result<Config, ConfigError> {
        self.resolve(Some(sources))
    }

    fn resolve(self, sources: Option<&ConfigSources>) -> Result<Config, ConfigError> {
        let found = match sources {
            Some(sources) => sources.read()?,
            None => Vec::new(),
        };

        let base_url = match (self.base_url, self.tenant) {
            (Some(url), _) => normalize_base_url(&url, "code (ConfigBuilder::base_url)")?,
            (None, Some(tenant)) => tenant_url(&tenant)?,
            (None, None) => match found
                .iter()
                .find_map(|s| s.base_url.as_ref().map(|u| (u, s)))
            {
                Some((url, source)) => normalize_base_url(url, &source.base_url_origin())?,
                None => {
                    return Err(ConfigError::Missing {
                        setting: "base URL",
                        looked_in: looked_in(
                            "code (ConfigBuilder::base_url / tenant)",
                            &found,
                            sources,
                            SourceFacts::base_url_origin,
                        ),
                    });
                }
            },
        };

        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None => match found
                .iter()
                .find(|s| s.client_id.is_some() || s.client_secret.is_some())
            {
                Some(source) => source.credentials()?,
                None => {
                    return Err(ConfigError::Missing {
                        setting: "client credentials",
                        looked_in: looked_in(
                            "code (ConfigBuilder::client_credentials / bearer_token)",
                            &found,
                            sources,
                            SourceFacts::credentials_origin,
                        ),
                    });
                }
            },
        };

        let token_url = match self.token_url {
            Some(url) => {
                check_url(&url, "token URL", "code (ConfigBuilder::token_url)")?;
                url
            }
            None => format!("{base_url}/oauth/token"),
        };

        let crate_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
        let user_agent = match self.user_agent {
            Some(application) if !application.trim().is_empty() => {
                format!("{} {crate_agent}", application.trim())
            }
            _ => crate_agent.to_owned(),
        };

        Ok(Config {
            base_url,
            token_url,
            credentials,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            request_timeout: self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT),
            token_refresh_margin: self
                .token_refresh_margin
                .unwrap_or(DEFAULT_TOKEN_REFRESH_MARGIN),
            retry: self.retry.unwrap_or_default(),
            user_agent,
        })
    }
}

/// `https://{tenant}.api.identitynow.com`, after checking the tenant is one DNS label.
fn tenant_url(tenant: &str) -> Result<String, ConfigError> {
    let tenant = tenant.trim();
    let valid = !tenant.is_empty()
        && tenant.len() <= 63
        && tenant
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !tenant.starts_with('-')
        && !tenant.ends_with('-');
    if !valid {
        return Err(ConfigError::Invalid {
            setting: "tenant",
            origin: "code (ConfigBuilder::tenant)".to_owned(),
            reason: format!("{tenant:?} is not a tenant name (letters, digits and '-')"),
        });
    }
    Ok(format!(
        "https://{}.api.identitynow.com",
        tenant.to_ascii_lowercase()
    ))
}

fn check_url(url: &str, setting: &'static str, origin: &str) -> Result<reqwest::Url, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        setting,
        origin: origin.to_owned(),
        reason,
    };
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|error| invalid(format!("{url:?} is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!("{url:?} is not an http(s) URL")));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("{url:?} has no host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(format!(
            "{url:?} must not have a query or fragment"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("the URL must not contain user info".to_owned()));
    }
    Ok(parsed)
}

/// Checks a base URL and drops its trailing slash, so paths can be appended.
fn normalize_base_url(url: &str, origin: &str) -> Result<String, ConfigError> {
    let parsed = check_url(url, "base URL", origin)?;
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A setting that is missing or unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No source provides the setting.
    #[error("missing setting {setting}; looked in: {}", looked_in.join("; "))]
    Missing {
        /// The setting, e.g. "base URL".
        setting: &'static str,
        /// Every place searched, highest priority first.
        looked_in: Vec<String>,
    },
    /// A source provides the setting, but its value is unusable.
    #[error("invalid setting {setting} from {origin}: {reason}")]
    Invalid {
        /// The setting, e.g. "base URL".
        setting: &'static str,
        /// Where the value came from.
        origin: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A config file exists but cannot be read or parsed.
    #[error("cannot use config file {}: {reason}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The HTTP client could not be set up (e.g. no TLS root certificates).
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn tenant_and_base_url_forms() {
        let config = Config::builder()
            .tenant("Acme")
            .credentials(Credentials::None)
            .build()
            .unwrap();
        assert_eq!(config.base_url(), "https://acme.api.identitynow.com");
        assert_eq!(
            config.token_url(),
            "https://acme.api.identitynow.com/oauth/token"
        );
        let config = Config::builder()
            .base_url("http://127.0.0.1:8080/")
            .credentials(Credentials::None)
            .build()
            .unwrap();
        assert_eq!(config.base_url(), "http://127.0.0.1:8080");
        assert!(
            Config::builder()
                .tenant("a.b")
                .credentials(Credentials::None)
                .build()
                .is_err()
        );
        assert!(
            Config::builder()
                .base_url("ftp://x")
                .credentials(Credentials::None)
                .build()
                .is_err()
        );
    }

    #[test]
    fn user_agent_names_crate_and_version() {
        let config = Config::builder()
            .tenant("acme")
            .credentials(Credentials::None);
        let plain = config.clone().build().unwrap();
        assert_eq!(
            plain.user_agent(),
            concat!("isc-runtime/", env!("CARGO_PKG_VERSION"))
        );
        let app = config.user_agent("my-tool/2.0").build().unwrap();
        assert!(app.user_agent().starts_with("my-tool/2.0 isc-runtime/"));
    }
}
