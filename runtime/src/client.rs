//! The client: sends requests with auth, retries, redirects, limits, one
//! deadline per call, and tracing applied.

use std::fmt;
use std::sync::Arc;

use tracing::Instrument;
use tracing::field::Empty;

use crate::auth::Applied;
use crate::auth::{
    AuthContext, AuthError, Authenticator, BearerAuth, ClientCredentialsAuth, Credential, FixedAuth,
};
use crate::clock::{Clock, TokioClock};
use crate::config::{Config, ConfigError, Credentials};
use crate::error::{Error, Failure};
use crate::failures::{CallPhase, TimeoutError, TimeoutPhase};
use crate::redirect::Redirects;
use crate::request::Request;
use crate::response::Response;
use crate::transport::{self, Attempts, Deadline, Exchange, Tally, Wire, millis};

/// An API client; cheap to clone (clones share connections and the token cache).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    http: reqwest::Client,
    auth: Option<Arc<dyn Authenticator>>,
    clock: Arc<dyn Clock>,
}

impl Client {
    /// A client with the given settings.
    pub fn new(config: Config) -> Result<Client, ConfigError> {
        ClientBuilder::new(config).build()
    }

    /// A client configured from the environment and config files (see [`crate::config`]).
    pub fn load() -> Result<Client, ConfigError> {
        Client::new(Config::load()?)
    }

    /// A builder for a client with a custom authenticator, clock or HTTP client.
    pub fn builder(config: Config) -> ClientBuilder {
        ClientBuilder::new(config)
    }

    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends one request, with auth, retries, timeouts and tracing applied.
    /// Returns the final response whatever its status (4xx/5xx included) once
    /// retries are exhausted; only transport/timeout/auth/redirect/size
    /// failures are Err.
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        self.inner.execute(request).await.map_err(Error::from)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with parts replaced.
#[derive(Debug)]
pub struct ClientBuilder {
    config: Config,
    auth: Option<Arc<dyn Authenticator>>,
    clock: Option<Arc<dyn Clock>>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Starts from `config`.
    pub fn new(config: Config) -> Self {
        ClientBuilder {
            config,
            auth: None,
            clock: None,
            http: None,
        }
    }

    /// Authenticates with `auth` instead of the configured credentials.
    pub fn authenticator(mut self, auth: Arc<dyn Authenticator>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Uses `clock` for token expiry and retry waits (see [`crate::ManualClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sends through `http` (e.g. one with a proxy or extra root certificates). The
    /// config's timeouts and user agent then do not apply: set them on `http`,
    /// and build it with `redirect(reqwest::redirect::Policy::none())` so that
    /// the client's [`RedirectPolicy`](crate::RedirectPolicy) decides redirects.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let config = self.config;
        let http = match self.http {
            Some(http) => http,
            None => http_client(&config)?,
        };
        let auth = match self.auth {
            Some(auth) => Some(auth),
            None => match config.credentials() {
                Credentials::ClientCredentials {
                    client_id,
                    client_secret,
                } => Some(Arc::new(ClientCredentialsAuth::new(
                    config.token_url(),
                    client_id.clone(),
                    client_secret.clone(),
                    config.token_refresh_margin(),
                )) as Arc<dyn Authenticator>),
                Credentials::BearerToken(token) => {
                    Some(Arc::new(BearerAuth::new(token.clone())) as _)
                }
                Credentials::Basic { username, password } => {
                    Some(Arc::new(FixedAuth::new(Credential::basic(username, password))) as _)
                }
                Credentials::ApiKey { location, key } => Some(Arc::new(FixedAuth::new(
                    Credential::api_key(location.clone(), key.clone()),
                )) as _),
                Credentials::None => None,
            },
        };
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                http,
                auth,
                clock: self.clock.unwrap_or_else(|| Arc::new(TokioClock)),
            }),
        })
    }
}

fn http_client(config: &Config) -> Result<reqwest::Client, ConfigError> {
    use rustls_platform_verifier::BuilderVerifierExt;

    // ring rather than reqwest's default aws-lc: no cmake/NASM build, no system OpenSSL.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::Http(e.to_string()))?
        .with_platform_verifier()
        .map_err(|e| ConfigError::Http(format!("TLS root certificates: {e}")))?
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(config.connect_timeout())
        .timeout(config.request_timeout())
        .user_agent(config.user_agent())
        // Redirects are decided per call by the RedirectPolicy (transport.rs).
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ConfigError::Http(e.to_string()))
}

impl Inner {
    fn wire(&self) -> Wire<'_> {
        Wire {
            http: &self.http,
            clock: self.clock.as_ref(),
            retry: self.config.retry(),
            max_body: self.config.max_response_bytes(),
            connect_timeout: self.config.connect_timeout(),
            request_timeout: self.config.request_timeout(),
        }
    }

    async fn execute(&self, request: Request) -> Result<Response, Failure> {
        // Only the operation's shape goes into the span: never URLs with query
        // values, headers or bodies.
        let span = tracing::info_span!(
            "isc_request",
            operation_id = request.operation_id,
            method = %request.method,
            path_template = request.path_template,
            status = Empty,
            attempt = Empty,
            latency_ms = Empty,
            error = Empty,
        );
        let started = self.clock.now();
        let mut tally = Tally::default();
        let result = self.run(request, &mut tally).instrument(span.clone()).await;
        // Recorded once at the end: some subscribers append rather than replace
        // a field recorded twice.
        span.record("attempt", tally.sends);
        if let Some(status) = tally.status {
            span.record("status", status);
        }
        span.record(
            "latency_ms",
            millis(self.clock.now().saturating_duration_since(started)),
        );
        if let Err(failure) = &result {
            span.record("error", failure.kind());
        }
        result
    }

    async fn run(&self, request: Request, tally: &mut Tally) -> Result<Response, Failure> {
        let deadline = Deadline::call(self.clock.as_ref(), self.config.call_timeout());
        let prepared = request
            .prepare(self.config.base_url())
            .map_err(Failure::Encode)?;
        let exchange = Exchange {
            operation: request.operation_id,
            method: request.method.clone(),
            url: prepared.url,
            headers: prepared.headers,
            body: prepared.body,
            replay_safe: false,
            redirects: Redirects::Follow(self.config.redirect_policy()),
        };
        let mut attempts = ApiAttempts {
            inner: self,
            authenticated: request.authenticated,
            credential: None,
            refreshed: false,
        };
        let raw =
            transport::exchange(self.wire(), &exchange, &mut attempts, deadline, tally).await?;
        Ok(Response::new(raw.status, raw.headers, raw.body))
    }

    fn auth_context(&self, deadline: Deadline) -> AuthContext<'_> {
        AuthContext {
            wire: self.wire(),
            deadline,
            token_timeout: self.config.token_timeout(),
        }
    }
}

/// The credential of one API call, and its one 401 refresh.
struct ApiAttempts<'a> {
    inner: &'a Inner,
    authenticated: bool,
    credential: Option<Credential>,
    refreshed: bool,
}

impl Attempts for ApiAttempts<'_> {
    async fn authorization(&mut self, deadline: &Deadline) -> Result<Option<Applied>, Failure> {
        if !self.authenticated {
            return Ok(None);
        }
        let credential = match &self.credential {
            Some(credential) => credential.clone(),
            None => {
                let auth = self
                    .inner
                    .auth
                    .as_ref()
                    .ok_or(Failure::Auth(AuthError::NoCredentials))?;
                let fetched = deadline
                    .within(
                        self.inner.clock.as_ref(),
                        CallPhase::TokenFetch,
                        auth.credential(self.inner.auth_context(*deadline)),
                    )
                    .await?
                    .map_err(|error| auth_failure(error, CallPhase::TokenFetch))?;
                self.credential = Some(fetched.clone());
                fetched
            }
        };
        credential.applied().map(Some).map_err(Failure::Auth)
    }

    async fn resend_now(&mut self, status: u16, deadline: &Deadline) -> Result<bool, Failure> {
        if status != 401 || self.refreshed {
            return Ok(false);
        }
        let (Some(auth), Some(rejected)) = (&self.inner.auth, self.credential.clone()) else {
            return Ok(false);
        };
        self.refreshed = true;
        let fresh = deadline
            .within(
                self.inner.clock.as_ref(),
                CallPhase::Refresh,
                auth.refresh(self.inner.auth_context(*deadline), &rejected),
            )
            .await?
            .map_err(|error| auth_failure(error, CallPhase::Refresh))?;
        match fresh {
            Some(fresh) => {
                tracing::debug!("401 Unauthorized: retrying once with a new token");
                self.credential = Some(fresh);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn waited(&mut self) {
        // Fetch again: a long wait may have outlived the token.
        self.credential = None;
    }
}

/// An authenticator's error; the call's own deadline expiring inside it is a
/// call timeout naming `phase`, not an auth failure.
fn auth_failure(error: AuthError, phase: CallPhase) -> Failure {
    match error {
        AuthError::Timeout(TimeoutError {
            phase: TimeoutPhase::Call(_),
            after,
        }) => Failure::Timeout(TimeoutError {
            phase: TimeoutPhase::Call(phase),
            after,
        }),
        other => Failure::Auth(other),
    }
}
