//! Load test of the generated client: 10 000 `getAccount` calls, 64 at a time,
//! through `sailpoint_beta::Client` with OAuth2 client credentials and retries
//! on, against a local server (127.0.0.1 only) that answers about 5% of the
//! attempts with 429 (`Retry-After: 0`, or `1` for one in five) and about 5%
//! with 503.
//!
//! ```sh
//! cargo run --release -p isc-tests --example load_test
//! # other sizes: --requests N --concurrency N --token-lifetime SECONDS
//! cargo run --release -p isc-tests --example load_test -- --token-lifetime 2
//! ```
//!
//! It prints successes, failures by reason, the retries and token requests the
//! server saw, wall time, throughput, p50/p99 latency per call (retries
//! included), peak RSS of the process (client and server share it) and the
//! server's established connections (peak during the run, with the client
//! alive, and after it is dropped). It exits 1 when a call is unaccounted for,
//! when connections stay open after the client is dropped, or when the run
//! exceeds its time limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The beta Accounts operations are deprecated in favour of the v2025 API.
#![allow(deprecated)]

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use isc_runtime::{Config, RetryPolicy};
use sailpoint_beta::{Client, Error};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const CLIENT_ID: &str = "load-test-client";
const CLIENT_SECRET: &str = "load-test-secret";
/// The whole run, server start to last connection closed, must fit in this.
const TIME_LIMIT: Duration = Duration::from_secs(300);
/// Injected: per mille of attempts answered 429, and 503.
const PER_MILLE_429: u64 = 50;
const PER_MILLE_503: u64 = 50;

struct Settings {
    requests: usize,
    concurrency: usize,
    token_lifetime: u64,
}

fn settings() -> Result<Settings, String> {
    let mut settings = Settings {
        requests: 10_000,
        concurrency: 64,
        token_lifetime: 3600,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag}: `{value}` is not a number"))?;
        match flag.as_str() {
            "--requests" => settings.requests = usize::try_from(number).unwrap_or(usize::MAX),
            "--concurrency" => {
                settings.concurrency = usize::try_from(number).unwrap_or(1).clamp(1, 1024);
            }
            "--token-lifetime" => settings.token_lifetime = number,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if settings.requests > 1_000_000 {
        return Err("--requests is capped at 1 000 000".to_owned());
    }
    Ok(settings)
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

#[derive(Default)]
struct ServerCounts {
    token_requests: AtomicU64,
    attempts: AtomicU64,
    ok: AtomicU64,
    injected_429: AtomicU64,
    injected_503: AtomicU64,
    unauthorized: AtomicU64,
}

/// One request as the server sees it.
struct Request {
    method: String,
    path: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

/// One answer: status, extra headers, JSON or text body.
struct Reply {
    status: u16,
    retry_after: Option<&'static str>,
    body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply {
            status,
            retry_after: None,
            body: serde_json::to_vec(body).unwrap(),
        }
    }

    fn text(status: u16, body: &str) -> Self {
        Reply {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// Issues `token-1`, `token-2`, ... with the configured lifetime.
struct TokenEndpoint {
    counts: Arc<ServerCounts>,
    lifetime: u64,
    /// The token currently valid; older ones are still accepted until they
    /// expire, as a real server would.
    issued: Arc<std::sync::Mutex<Vec<(String, Instant)>>>,
}

impl TokenEndpoint {
    fn respond(&self, request: &Request) -> Reply {
        let n = self.counts.token_requests.fetch_add(1, Ordering::SeqCst) + 1;
        let body = String::from_utf8_lossy(&request.body);
        if !body.contains("grant_type=client_credentials")
            || !body.contains(&format!("client_id={CLIENT_ID}"))
            || !body.contains(&format!("client_secret={CLIENT_SECRET}"))
        {
            return Reply::text(401, "bad client credentials");
        }
        let token = format!("token-{n}");
        let expires = Instant::now() + Duration::from_secs(self.lifetime);
        self.issued.lock().unwrap().push((token.clone(), expires));
        Reply::json(
            200,
            &serde_json::json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.lifetime,
            }),
        )
    }
}

/// `GET /beta/accounts/{id}`: a full account, or an injected 429/503.
struct AccountEndpoint {
    counts: Arc<ServerCounts>,
    issued: Arc<std::sync::Mutex<Vec<(String, Instant)>>>,
    body: serde_json::Value,
}

/// SplitMix64: a fixed, well-spread sequence, so every run injects the same faults.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl AccountEndpoint {
    fn respond(&self, request: &Request) -> Reply {
        let n = self.counts.attempts.fetch_add(1, Ordering::SeqCst);
        let authorized = request
            .authorization
            .as_deref()
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|token| {
                let now = Instant::now();
                self.issued
                    .lock()
                    .unwrap()
                    .iter()
                    .any(|(t, expires)| t == token && now < *expires)
            });
        if !authorized {
            self.counts.unauthorized.fetch_add(1, Ordering::Relaxed);
            return Reply::json(401, &serde_json::json!({"error": "JWT validation failed"}));
        }
        let roll = mix(n);
        let per_mille = roll % 1000;
        if per_mille < PER_MILLE_429 {
            self.counts.injected_429.fetch_add(1, Ordering::Relaxed);
            let wait = if (roll >> 32).is_multiple_of(5) {
                "1"
            } else {
                "0"
            };
            let mut reply = Reply::json(
                429,
                &serde_json::json!({"message": " Rate Limit Exceeded "}),
            );
            reply.retry_after = Some(wait);
            return reply;
        }
        if per_mille < PER_MILLE_429 + PER_MILLE_503 {
            self.counts.injected_503.fetch_add(1, Ordering::Relaxed);
            return Reply::text(503, "service unavailable");
        }
        self.counts.ok.fetch_add(1, Ordering::Relaxed);
        let mut body = self.body.clone();
        if let Some(id) = request.path.rsplit('/').next() {
            body["id"] = serde_json::Value::String(id.to_owned());
        }
        Reply::json(200, &body)
    }
}

/// Both endpoints.
struct Endpoints {
    token: TokenEndpoint,
    account: AccountEndpoint,
}

impl Endpoints {
    fn respond(&self, request: &Request) -> Reply {
        let account_id = request.path.strip_prefix("/beta/accounts/");
        match (request.method.as_str(), request.path.as_str(), account_id) {
            ("POST", "/oauth/token", _) => self.token.respond(request),
            ("GET", _, Some(id)) if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.account.respond(request)
            }
            _ => Reply::text(404, "not found"),
        }
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 (keep-alive, Content-Length bodies),
/// written here because wiremock keeps every matched request in memory, which
/// would hide whether the client's memory stays flat. Returns the port.
async fn serve(endpoints: Arc<Endpoints>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let endpoints = endpoints.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut read = BufReader::new(read);
                while let Some(request) = read_request(&mut read).await {
                    let reply = endpoints.respond(&request);
                    if write.write_all(&encode(&reply)).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

async fn read_request(read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<Request> {
    let mut line = String::new();
    if read.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let (mut length, mut authorization) = (0usize, None);
    loop {
        let mut header = String::new();
        read.read_line(&mut header).await.ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_owned()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    read.read_exact(&mut body).await.ok()?;
    Some(Request {
        method,
        path,
        authorization,
        body,
    })
}

fn encode(reply: &Reply) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        reply.status,
        reply.body.len()
    );
    if let Some(wait) = reply.retry_after {
        head.push_str(&format!("retry-after: {wait}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&reply.body);
    out
}

// ---------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------

/// Established TCP connections whose local port is `port`: the server's side
/// of each connection (client and server share this process and host).
fn established_server_side(port: u16) -> usize {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .flat_map(|text| {
            text.lines()
                .skip(1)
                .filter(|line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    let local_port = fields
                        .get(1)
                        .and_then(|a| a.rsplit(':').next())
                        .and_then(|p| u16::from_str_radix(p, 16).ok());
                    local_port == Some(port) && fields.get(3) == Some(&"01")
                })
                .map(|_| ())
                .collect::<Vec<_>>()
        })
        .count()
}

/// Peak resident set size of this process, from `/proc/self/status`.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn reason<E>(error: &Error<E>) -> String {
    match error {
        Error::Api(api) => format!("HTTP {}", api.status),
        Error::Transport(t) if t.is_connect() => "transport (connect)".to_owned(),
        Error::Transport(_) => "transport".to_owned(),
        Error::Timeout(t) => format!("timeout ({:?})", t.phase),
        Error::Auth(_) => "auth".to_owned(),
        Error::Decode(_) => "decode".to_owned(),
        Error::Encode(_) => "encode".to_owned(),
        Error::Config(_) => "config".to_owned(),
        Error::Redirect(_) => "redirect".to_owned(),
        Error::TooLarge(_) => "body too large".to_owned(),
        Error::Pagination(_) => "pagination".to_owned(),
        _ => "other".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!(
                "usage: load_test [--requests N] [--concurrency N] [--token-lifetime SECONDS]"
            );
            return ExitCode::from(2);
        }
    };
    match tokio::time::timeout(TIME_LIMIT, run(&settings)).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(_) => {
            eprintln!("FAIL: the run did not finish within {TIME_LIMIT:?}");
            ExitCode::FAILURE
        }
    }
}

async fn run(settings: &Settings) -> bool {
    let counts = Arc::new(ServerCounts::default());
    let issued = Arc::new(std::sync::Mutex::new(Vec::new()));
    let account: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/account-full.json")).unwrap();
    let port = serve(Arc::new(Endpoints {
        token: TokenEndpoint {
            counts: counts.clone(),
            lifetime: settings.token_lifetime,
            issued: issued.clone(),
        },
        account: AccountEndpoint {
            counts: counts.clone(),
            issued,
            body: account,
        },
    }))
    .await;

    let config = Config::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        // Short backoffs keep the run short; Retry-After is honoured as sent.
        .retry(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_backoff(Duration::from_millis(10), Duration::from_millis(200)),
        )
        .token_refresh_margin(Duration::from_secs(1))
        .request_timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let client = Client::new(isc_runtime::Client::new(config).unwrap());

    // Sample the server's established connections while the calls run.
    let sampling = Arc::new(AtomicBool::new(true));
    let peak_connections = Arc::new(AtomicUsize::new(0));
    let sampler = tokio::spawn({
        let sampling = sampling.clone();
        let peak = peak_connections.clone();
        async move {
            while sampling.load(Ordering::Relaxed) {
                peak.fetch_max(established_server_side(port), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    });

    println!(
        "load test: {} getAccount calls, {} concurrent, server 127.0.0.1:{port} injecting \
         ~{}% 429 and ~{}% 503, token lifetime {} s",
        settings.requests,
        settings.concurrency,
        PER_MILLE_429 / 10,
        PER_MILLE_503 / 10,
        settings.token_lifetime
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..settings.concurrency)
        .map(|_| {
            let client = client.clone();
            let next = next.clone();
            let total = settings.requests;
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let id = format!("{:032x}", mix(i as u64) as u128 | (i as u128) << 64);
                    let call = Instant::now();
                    let result = client.accounts().get_account(id.clone()).await;
                    latencies.push(call.elapsed());
                    let outcome = match result {
                        Ok(account) if account.id.as_deref() == Some(id.as_str()) => {
                            "ok".to_owned()
                        }
                        Ok(_) => "wrong account".to_owned(),
                        Err(error) => reason(&error),
                    };
                    *outcomes.entry(outcome).or_default() += 1;
                }
                (latencies, outcomes)
            })
        })
        .collect();

    let mut latencies = Vec::with_capacity(settings.requests);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut panicked = 0;
    for worker in workers {
        match worker.await {
            Ok((l, o)) => {
                latencies.extend(l);
                for (k, v) in o {
                    *outcomes.entry(k).or_default() += v;
                }
            }
            Err(_) => panicked += 1,
        }
    }
    let wall = started.elapsed();
    sampling.store(false, Ordering::Relaxed);
    sampler.await.unwrap();

    let with_client = established_server_side(port);
    drop(client);
    // The pool's connections close when the client is dropped; give the
    // sockets a moment to reach the server.
    let mut after_drop = established_server_side(port);
    let closing = Instant::now();
    while after_drop > 0 && closing.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        after_drop = established_server_side(port);
    }

    latencies.sort_unstable();
    let successes = outcomes.get("ok").copied().unwrap_or(0);
    let failures: usize = outcomes
        .iter()
        .filter(|(k, _)| k.as_str() != "ok")
        .map(|(_, v)| v)
        .sum();
    let attempts = counts.attempts.load(Ordering::SeqCst);
    let secs = wall.as_secs_f64();

    println!("calls:              {}", settings.requests);
    println!("successes:          {successes}");
    println!("failures:           {failures}");
    for (outcome, n) in outcomes.iter().filter(|(k, _)| k.as_str() != "ok") {
        println!("  {outcome:<18}{n}");
    }
    println!(
        "server attempts:    {attempts} (200: {}, injected 429: {}, injected 503: {}, 401: {})",
        counts.ok.load(Ordering::SeqCst),
        counts.injected_429.load(Ordering::SeqCst),
        counts.injected_503.load(Ordering::SeqCst),
        counts.unauthorized.load(Ordering::SeqCst)
    );
    println!(
        "retries:            {}",
        attempts.saturating_sub(settings.requests as u64)
    );
    println!(
        "token requests:     {}",
        counts.token_requests.load(Ordering::SeqCst)
    );
    println!("wall time:          {secs:.2} s");
    println!(
        "throughput:         {:.0} calls/s",
        settings.requests as f64 / secs.max(f64::EPSILON)
    );
    println!(
        "latency per call:   p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or_default()
    );
    println!("peak RSS (VmHWM):   {}", peak_rss());
    println!(
        "connections:        peak {} during the run, {with_client} open with the client alive, \
         {after_drop} after dropping it",
        peak_connections.load(Ordering::SeqCst)
    );

    let mut ok = true;
    if successes + failures != settings.requests || panicked > 0 {
        eprintln!(
            "FAIL: {} calls made, {} accounted for ({panicked} workers panicked)",
            settings.requests,
            successes + failures
        );
        ok = false;
    }
    if after_drop > 0 {
        eprintln!("FAIL: {after_drop} connections still open after the client was dropped");
        ok = false;
    }
    ok
}
