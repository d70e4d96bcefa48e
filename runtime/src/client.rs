//! The client: sends requests with auth, retries, timeouts and tracing applied.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap};
use tracing::Instrument;
use tracing::field::Empty;

use crate::auth::{
    AuthContext, AuthError, Authenticator, BearerAuth, ClientCredentialsAuth, Credential,
};
use crate::clock::{Clock, TokioClock};
use crate::config::{Config, ConfigError, Credentials};
use crate::error::{Error, Failure, TimeoutError, TimeoutPhase, TransportError};
use crate::request::Request;
use crate::response::Response;
use crate::retry::{DelayPlan, Outcome};

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
    /// retries are exhausted; only transport/timeout/auth failures are Err.
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
    /// config's timeouts and user agent then do not apply: set them on `http`.
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
        .build()
        .map_err(|e| ConfigError::Http(e.to_string()))
}

/// What the request span reports once the call is over.
#[derive(Default)]
struct Trace {
    /// Requests sent, the 401 retry included.
    sends: u32,
    /// Status of the last response.
    status: Option<u16>,
}

/// What one attempt produced.
type Attempt = Result<(u16, HeaderMap, bytes::Bytes), reqwest::Error>;

impl Inner {
    fn auth_context(&self) -> AuthContext<'_> {
        AuthContext {
            http: &self.http,
            clock: self.clock.as_ref(),
            retry: self.config.retry(),
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
        let mut trace = Trace::default();
        let result = self.run(request, &mut trace).instrument(span.clone()).await;
        // Recorded once at the end: some subscribers append rather than replace
        // a field recorded twice.
        span.record("attempt", trace.sends);
        if let Some(status) = trace.status {
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

    async fn run(&self, request: Request, trace: &mut Trace) -> Result<Response, Failure> {
        let prepared = request
            .prepare(self.config.base_url())
            .map_err(Failure::Encode)?;
        let retry = self.config.retry();
        let started = self.clock.now();
        let mut attempt: u32 = 1;
        let mut credential: Option<Credential> = None;
        let mut refreshed_after_401 = false;
        loop {
            if request.authenticated && credential.is_none() {
                credential = Some(self.credential().await.map_err(Failure::Auth)?);
            }
            let mut builder = self
                .http
                .request(request.method.clone(), prepared.url.clone())
                .headers(prepared.headers.clone());
            if let Some(credential) = &credential {
                builder = builder.header(
                    AUTHORIZATION,
                    credential.header_value().map_err(Failure::Auth)?,
                );
            }
            if let Some(body) = &prepared.body {
                builder = builder.body(body.clone());
            }
            trace.sends += 1;
            let result: Attempt = async {
                let response = builder.send().await?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await?;
                Ok((status, headers, body))
            }
            .await;

            let outcome = match &result {
                Ok((status, ..)) => Outcome::Status(*status),
                Err(error) if error.is_connect() => Outcome::ConnectFailed,
                Err(_) => Outcome::SentThenFailed,
            };
            trace.status = result.as_ref().ok().map(|(status, ..)| *status);

            if outcome == Outcome::Status(401)
                && !refreshed_after_401
                && let (Some(auth), Some(rejected)) = (&self.auth, &credential)
            {
                refreshed_after_401 = true;
                let fresh = auth
                    .refresh(self.auth_context(), rejected)
                    .await
                    .map_err(Failure::Auth)?;
                if let Some(fresh) = fresh {
                    tracing::debug!("401 Unauthorized: retrying once with a new token");
                    credential = Some(fresh);
                    continue;
                }
            }

            let delay = retry.next_delay(DelayPlan {
                method: &request.method,
                outcome,
                headers: result.as_ref().ok().map(|(_, headers, _)| headers),
                attempt,
                elapsed: self.clock.now().saturating_duration_since(started),
                system_now: self.clock.system_now(),
            });
            let Some(delay) = delay else {
                return match result {
                    Ok((status, headers, body)) => Ok(Response::new(status, headers, body)),
                    Err(error) => Err(self.failure(error)),
                };
            };
            match &result {
                Ok((status, ..)) => tracing::debug!(
                    attempt = trace.sends,
                    status,
                    delay_ms = millis(delay),
                    "retrying after HTTP status"
                ),
                Err(error) => tracing::debug!(
                    attempt = trace.sends,
                    connect = error.is_connect(),
                    timeout = error.is_timeout(),
                    delay_ms = millis(delay),
                    "retrying after transport failure"
                ),
            }
            self.clock.sleep(delay).await;
            attempt += 1;
            // Fetch again: a long wait may have outlived the token.
            credential = None;
        }
    }

    async fn credential(&self) -> Result<Credential, AuthError> {
        match &self.auth {
            Some(auth) => auth.credential(self.auth_context()).await,
            None => Err(AuthError::NoCredentials),
        }
    }

    fn failure(&self, error: reqwest::Error) -> Failure {
        if error.is_timeout() {
            let (phase, after) = if error.is_connect() {
                (TimeoutPhase::Connect, self.config.connect_timeout())
            } else {
                (TimeoutPhase::Request, self.config.request_timeout())
            };
            Failure::Timeout(TimeoutError { phase, after })
        } else {
            Failure::Transport(TransportError::new(error))
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
