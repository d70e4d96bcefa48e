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
//! The base URL and the credentials each come from the first source that has
//! them, and they must come from the same source: a `./config.json` that names
//! only a `BaseURL` (in a cloned repository, say) never receives the secret
//! from `~/.sailpoint/config.yaml`. A base URL set in code may be combined with
//! credentials from anywhere (the code chose the destination); any other
//! combination is an error unless [`ConfigBuilder::combine_sources`] opts in,
//! which is logged. Client id and secret always come from the same source.
//! Empty values count as unset.
//!
//! The base URL and token URL must be https, except for loopback hosts
//! (`localhost`, `127.0.0.0/8`, `::1`), unless
//! [`ConfigBuilder::allow_insecure_http`] opts in.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::redirect::RedirectPolicy;
use crate::retry::RetryPolicy;

#[cfg(feature = "sailpoint-cli")]
mod cli_yaml;
mod credentials;
mod sources;
mod urls;

pub use credentials::Credentials;

pub use sources::ConfigSources;
use sources::{SourceFacts, looked_in};
use urls::{check_url, normalize_base_url, require_https, tenant_url};

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt, from sending the request to its last body byte.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time before expiry at which a cached token is replaced.
pub const DEFAULT_TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(60);
/// Default limit for a whole call: every attempt, retry wait, token fetch and
/// 401 refresh.
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(120);
/// Default limit for one token fetch, its retries included.
pub const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// Default largest response body accepted, in bytes (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Resolved client settings. Build one with [`Config::builder`].
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    token_url: String,
    credentials: Credentials,
    connect_timeout: Duration,
    request_timeout: Duration,
    token_refresh_margin: Duration,
    call_timeout: Duration,
    token_timeout: Duration,
    max_response_bytes: u64,
    redirect: RedirectPolicy,
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

    /// Limit for a whole call, retries, waits and token fetches included.
    pub fn call_timeout(&self) -> Duration {
        self.call_timeout
    }

    /// Limit for one token fetch, its retries included.
    pub fn token_timeout(&self) -> Duration {
        self.token_timeout
    }

    /// Largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// Which redirects API calls follow.
    pub fn redirect_policy(&self) -> &RedirectPolicy {
        &self.redirect
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
    call_timeout: Option<Duration>,
    token_timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
    redirect: Option<RedirectPolicy>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    allow_insecure_http: bool,
    combine_sources: bool,
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

    /// HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        });
        self
    }

    /// An API key sent where `location` says.
    pub fn api_key(
        mut self,
        location: crate::auth::ApiKeyLocation,
        key: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::ApiKey {
            location,
            key: SecretString::from(key.into()),
        });
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

    /// Limit for a whole call: every attempt, retry wait, token fetch and 401
    /// refresh (default 120 s). When it expires the call fails with
    /// [`TimeoutPhase::Call`](crate::TimeoutPhase::Call) naming what was running.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// Limit for one token fetch, its retries included (default 30 s).
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.token_timeout = Some(timeout);
        self
    }

    /// Largest response body accepted, in bytes (default 32 MiB). Checked
    /// against Content-Length and while the body streams in; a larger body is
    /// [`Error::TooLarge`](crate::Error::TooLarge).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Which redirects API calls follow (default: same origin only, at most 10).
    pub fn redirect_policy(mut self, policy: RedirectPolicy) -> Self {
        self.redirect = Some(policy);
        self
    }

    /// Accepts `http://` base and token URLs to hosts other than loopback,
    /// which sends the client secret and tokens in the clear. Off by default;
    /// a warning is logged when it is used.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Lets the base URL and the credentials come from different sources (say,
    /// `SAIL_BASE_URL` with the secret from `~/.sailpoint/config.yaml`). Off by
    /// default; the combination is logged as a warning.
    pub fn combine_sources(mut self, allow: bool) -> Self {
        self.combine_sources = allow;
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

        // `None` as the source index: set in code.
        let (base_url, base_source, base_origin) = match (self.base_url, self.tenant) {
            (Some(url), _) => {
                let origin = "code (ConfigBuilder::base_url)";
                (normalize_base_url(&url, origin)?, None, origin.to_owned())
            }
            (None, Some(tenant)) => (
                tenant_url(&tenant)?,
                None,
                "code (ConfigBuilder::tenant)".to_owned(),
            ),
            (None, None) => match found
                .iter()
                .enumerate()
                .find_map(|(i, s)| s.base_url.as_ref().map(|u| (i, u, s)))
            {
                Some((index, url, source)) => {
                    let origin = source.base_url_origin();
                    (normalize_base_url(url, &origin)?, Some(index), origin)
                }
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

        let (credentials, credentials_source, credentials_origin) = match self.credentials {
            Some(credentials) => (credentials, None, "code".to_owned()),
            None => match found
                .iter()
                .enumerate()
                .find(|(_, s)| s.client_id.is_some() || s.client_secret.is_some())
            {
                Some((index, source)) => (
                    source.credentials()?,
                    Some(index),
                    source.credentials_origin(),
                ),
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
        let has_secret = !matches!(credentials, Credentials::None);
        if has_secret && base_source.is_some() && base_source != credentials_source {
            if !self.combine_sources {
                return Err(ConfigError::MixedSources {
                    base_url_from: base_origin,
                    credentials_from: credentials_origin,
                });
            }
            tracing::warn!(
                base_url_from = %base_origin,
                credentials_from = %credentials_origin,
                "base URL and credentials come from different sources (combine_sources is set)"
            );
        } else if has_secret && base_source != credentials_source {
            tracing::debug!(
                base_url_from = %base_origin,
                credentials_from = %credentials_origin,
                "credentials sent to the base URL set in code"
            );
        }

        let insecure = self.allow_insecure_http;
        require_https(&base_url, "base URL", &base_origin, insecure)?;
        let token_url = match self.token_url {
            Some(url) => {
                let origin = "code (ConfigBuilder::token_url)";
                check_url(&url, "token URL", origin)?;
                require_https(&url, "token URL", origin, insecure)?;
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
            call_timeout: self.call_timeout.unwrap_or(DEFAULT_CALL_TIMEOUT),
            token_timeout: self.token_timeout.unwrap_or(DEFAULT_TOKEN_TIMEOUT),
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            redirect: self.redirect.unwrap_or_default(),
            retry: self.retry.unwrap_or_default(),
            user_agent,
        })
    }
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
    /// The base URL and the credentials come from different sources, which
    /// needs [`ConfigBuilder::combine_sources`].
    #[error(
        "the base URL ({base_url_from}) and the credentials ({credentials_from}) come from \
         different sources; put both in one, or opt in with ConfigBuilder::combine_sources(true)"
    )]
    MixedSources {
        /// Where the base URL came from.
        base_url_from: String,
        /// Where the credentials came from.
        credentials_from: String,
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
