//! Runs Stoplight Prism (pinned in `tests/contract/package.json`) as a mock
//! server on a free loopback port, and reads what it logs about each request.
//!
//! Prism mocks every path relative to the host root: it ignores the path of the
//! document's `servers` URL. The generated client prepends that path (`/beta`) to
//! every operation, so Prism is given a copy of the document, written to a
//! temporary directory, whose path keys carry the prefix. Relative `$ref`s of the
//! copy are made absolute, so a multi-file root still resolves against the files
//! beside the original. The original is never changed.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

/// How long Prism may take to read a document and start listening. The
/// multi-file upstream root takes about 5 s on an idle two-core machine.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// Fixed seed for dynamic mode, so a failure can be reproduced.
pub const DYNAMIC_SEED: &str = "20240311";

/// How Prism makes response bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// From the document's examples (the first one unless `Prefer: example=`
    /// names another), or built from the schema when there is none.
    Example,
    /// Generated from the schema by json-schema-faker (`--dynamic`).
    Dynamic,
}

/// A running Prism; killed when dropped.
pub struct Prism {
    child: Child,
    url: String,
    log: Arc<Log>,
    readers: Vec<JoinHandle<()>>,
    dir: PathBuf,
}

/// Prism's output lines, stdout and stderr interleaved as they arrive.
#[derive(Default)]
struct Log {
    state: Mutex<LogState>,
    changed: Condvar,
}

#[derive(Default)]
struct LogState {
    lines: Vec<String>,
    /// Output streams that reached their end (2: the process is gone).
    closed: usize,
}

impl Log {
    fn lock(&self) -> std::sync::MutexGuard<'_, LogState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, line: String) {
        self.lock().lines.push(line);
        self.changed.notify_all();
    }

    fn close(&self) {
        self.lock().closed += 1;
        self.changed.notify_all();
    }

    fn snapshot(&self) -> Vec<String> {
        self.lock().lines.clone()
    }

    /// Waits until `done` holds for the lines, both output streams have
    /// ended, or `timeout` passes; returns whether `done` held.
    fn wait_until(&self, timeout: Duration, done: impl Fn(&[String]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if done(&state.lines) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline || state.closed >= 2 {
                return false;
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// `tests/contract/node_modules/.bin/prism`, or a failure that says how to get it.
pub fn binary() -> PathBuf {
    let bin = isc_tests::workspace().join("tests/contract/node_modules/.bin/prism");
    assert!(
        bin.is_file(),
        "{} is missing: run `npm ci --prefix tests/contract` (tests/run.sh does) to install \
         the pinned Stoplight Prism",
        bin.display()
    );
    bin
}

impl Prism {
    /// Serves a copy of `document` whose paths carry `base_path`, and waits
    /// until Prism listens. `label` names the temporary directory.
    ///
    /// `strict` runs Prism with `--errors`: a response that breaks the
    /// document's own schema (an example that contradicts it) is then replaced
    /// by a 500 naming the violation. Invalid requests get a 4xx either way.
    pub fn start(document: &Path, base_path: &str, mode: Mode, strict: bool, label: &str) -> Prism {
        let bin = binary();
        let dir = std::env::temp_dir().join(format!(
            "isc-contract-{}-{label}-{}{}",
            std::process::id(),
            match mode {
                Mode::Example => "example",
                Mode::Dynamic => "dynamic",
            },
            if strict { "" } else { "-lenient" }
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let served = dir.join("openapi.json");
        write_served_copy(document, base_path, &served);

        // A port found free may be taken before Prism binds it: try again then.
        let mut last_failure = String::new();
        for _ in 0..3 {
            match Self::spawn(&bin, &served, mode, strict, dir.clone()) {
                Ok(prism) => return prism,
                Err(failure) if failure.contains("EADDRINUSE") => last_failure = failure,
                Err(failure) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    panic!("{failure}");
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        panic!("{last_failure}");
    }

    fn spawn(
        bin: &Path,
        served: &Path,
        mode: Mode,
        strict: bool,
        dir: PathBuf,
    ) -> Result<Prism, String> {
        let port = free_port();
        let mut command = Command::new(bin);
        command
            .arg("mock")
            .arg(served)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()]);
        if strict {
            command.arg("--errors");
        }
        if mode == Mode::Dynamic {
            command.args(["--dynamic", "--seed", DYNAMIC_SEED]);
        }
        command
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let shown = format!("{} mock {} --port {port}", bin.display(), served.display());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start Prism ({shown}): {e}"))?;
        let log = Arc::new(Log::default());
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            readers.push(read_lines(out, Arc::clone(&log)));
        }
        if let Some(err) = child.stderr.take() {
            readers.push(read_lines(err, Arc::clone(&log)));
        }
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            readers,
            dir,
        };

        let started = Instant::now();
        let listening = prism.log.wait_until(START_TIMEOUT, |lines| {
            lines.iter().any(|l| l.contains("Prism is listening on"))
        }) && TcpStream::connect(("127.0.0.1", port)).is_ok();
        if listening {
            return Ok(prism);
        }
        // Both output streams ended: Prism is exiting by itself.
        let exited = if prism.log.lock().closed >= 2 {
            prism.child.wait().ok()
        } else {
            let _ = prism.child.kill();
            let _ = prism.child.wait();
            None
        };
        for reader in prism.readers.drain(..) {
            let _ = reader.join();
        }
        let why = match exited {
            Some(status) => format!("Prism exited ({status})"),
            None => format!("Prism was not listening after {:?}", started.elapsed()),
        };
        // The directory stays for the next attempt; `start` removes it.
        prism.dir = PathBuf::new();
        Err(format!(
            "{why}: {shown}\n--- Prism's output ---\n{}",
            prism.log.snapshot().join("\n")
        ))
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Everything Prism printed so far.
    pub fn output(&self) -> String {
        self.log.snapshot().join("\n")
    }

    /// Waits until Prism has logged its verdict on at least `requests`
    /// requests, then returns each request it found violating the document:
    /// `(request line, violation lines)`. A request passes when Prism logs
    /// "The request passed the validation rules" for it and no request
    /// violation. Violations of responses (the document's examples against its
    /// own schemas) are not counted here.
    pub fn request_violations(&self, requests: usize) -> Vec<(String, Vec<String>)> {
        let judged = self.log.wait_until(Duration::from_secs(10), |lines| {
            verdicts(lines) >= requests && received(lines) >= requests
        });
        let lines = self.log.snapshot();
        assert!(
            judged,
            "Prism logged {} requests and {} verdicts; {requests} requests were sent\n--- Prism's \
             output ---\n{}",
            received(&lines),
            verdicts(&lines),
            lines.join("\n")
        );
        let mut found: Vec<(String, Vec<String>)> = Vec::new();
        let mut current = String::new();
        for line in &lines {
            if line.contains("Request received") {
                current.clone_from(line);
            } else if line.contains("did not pass the validation rules")
                || line.contains("Violation: request")
            {
                match found.last_mut() {
                    Some((request, problems)) if *request == current => {
                        problems.push(line.clone());
                    }
                    _ => found.push((current.clone(), vec![line.clone()])),
                }
            }
        }
        found
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn received(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| l.contains("Request received"))
        .count()
}

fn verdicts(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| {
            l.contains("The request passed the validation rules")
                || l.contains("did not pass the validation rules")
        })
        .count()
}

fn read_lines(stream: impl Read + Send + 'static, log: Arc<Log>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            match line {
                Ok(line) => log.push(line),
                Err(_) => break,
            }
        }
        log.close();
    })
}

fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

/// Writes `document` as JSON to `target`, with `base_path` before every path
/// and every relative `$ref` to another file made absolute.
pub fn write_served_copy(document: &Path, base_path: &str, target: &Path) {
    let text = std::fs::read_to_string(document)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", document.display()));
    let mut root = isc_codegen::load::parse_file(document, &text)
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", document.display()));
    let base_dir = document
        .canonicalize()
        .expect("document path")
        .parent()
        .expect("document directory")
        .to_path_buf();
    absolutise_refs(&mut root, &base_dir);
    let paths = root
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{} has no paths", document.display()));
    let prefixed: Map<String, Value> = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| (format!("{base_path}{path}"), item))
        .collect();
    *paths = prefixed;
    std::fs::write(
        target,
        serde_json::to_vec_pretty(&root).expect("JSON document"),
    )
    .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

fn absolutise_refs(value: &mut Value, base_dir: &Path) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => {
                        let (file, fragment) = match target.split_once('#') {
                            Some((file, fragment)) => (file, Some(fragment)),
                            None => (target.as_str(), None),
                        };
                        if file.is_empty() || file.contains("://") || file.starts_with('/') {
                            continue;
                        }
                        let mut absolute = base_dir.join(file).to_string_lossy().into_owned();
                        if let Some(fragment) = fragment {
                            absolute.push('#');
                            absolute.push_str(fragment);
                        }
                        *target = absolute;
                    }
                    _ => absolutise_refs(child, base_dir),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                absolutise_refs(item, base_dir);
            }
        }
        _ => {}
    }
}
