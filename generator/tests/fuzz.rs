//! Property-based fuzzing of the whole pipeline (load → select → lower → emit):
//! whatever the input, `isc_codegen::generate` returns — it never panics, never
//! hangs — and an error names the file it is about.
//!
//! Two kinds of input:
//! - arbitrary bytes and YAML/JSON-ish token soup, written to a `.yaml` and to
//!   a `.json` file;
//! - structural mutations of the real `spec/beta-accounts.yaml`: keys deleted,
//!   renamed (unicode, Rust keywords) or duplicated, values replaced by other
//!   types, `$ref`s to existing, missing and cyclic targets, deeper nesting,
//!   schema types swapped, `allOf`/`oneOf`/`anyOf` inserted, arrays emptied,
//!   huge numbers.
//!
//! The run in `bash tests/run.sh` is short and deterministic (fixed seed, no
//! failure files). A longer run, with fresh random cases:
//!
//! ```sh
//! FUZZ_CASES=5000 FUZZ_RANDOM=1 cargo test --release -p isc-codegen --test fuzz
//! ```
//!
//! `FUZZ_CASES` multiplies nothing: it is the number of cases of each property.
//! (`PROPTEST_CASES` is honoured too when `FUZZ_CASES` is unset.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use isc_codegen::{Options, Selection, generate};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

/// Longest one case may take (debug build, shared 2-core machine).
const CASE_LIMIT: Duration = Duration::from_secs(2);
/// Most levels one `Deepen` mutation adds (several may stack).
const MAX_DEEPEN: usize = 48;
/// Largest input written, in bytes: memory stays bounded whatever the mutations do.
const MAX_INPUT: usize = 1 << 20;

// ---------------------------------------------------------------------------
// Running one input
// ---------------------------------------------------------------------------

fn spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/beta-accounts.yaml")
}

fn overlay_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/overlay.yaml")
}

/// The real spec, parsed once.
fn base_spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = spec_path();
        let text = std::fs::read_to_string(&path).unwrap();
        isc_codegen::load::parse_file(&path, &text).unwrap()
    })
}

/// Writes `bytes` to `dir/name` and runs the pipeline on it; checks the property.
fn check_input(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    selection: Selection,
    overlay: bool,
) -> Result<(), TestCaseError> {
    prop_assume!(bytes.len() <= MAX_INPUT);
    let input = dir.join(name);
    std::fs::write(&input, bytes).unwrap();
    let options = Options {
        input: input.clone(),
        selection,
        overlay: overlay.then(overlay_path),
        ..Options::default()
    };
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(&options)));
    let took = started.elapsed();
    let result = match outcome {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string panic payload)");
            return Err(TestCaseError::fail(format!(
                "generate panicked on {name} ({} bytes): {message}",
                bytes.len()
            )));
        }
    };
    prop_assert!(
        took < CASE_LIMIT,
        "generate took {took:?} on {name} ({} bytes)",
        bytes.len()
    );
    tally(&result);
    if let (Ok(generated), Some(dump)) = (&result, std::env::var_os("FUZZ_DUMP")) {
        dump_crate(Path::new(&dump), generated, bytes);
    }
    {
        let mut slowest = SLOWEST.lock().unwrap();
        *slowest = (*slowest).max(took);
    }
    if let Err(error) = result {
        let text = error.to_string();
        prop_assert!(!text.trim().is_empty(), "empty error message on {name}");
        // Every input error carries a spec location; only writing (not done
        // here) and formatting (a generator bug) have none.
        let Some(location) = error.location() else {
            return Err(TestCaseError::fail(format!(
                "error without a spec location on {name}: {text}"
            )));
        };
        let file = location.file.display().to_string();
        prop_assert!(!file.is_empty(), "error names no file on {name}: {text}");
        prop_assert!(
            text.contains(&file),
            "error does not name its file {file} on {name}: {text}"
        );
    }
    Ok(())
}

/// Outcomes seen, by kind (`Ok`, `Syntax`, `BrokenRef`, ...), printed after each
/// property so a run shows how deep its inputs got.
static OUTCOMES: std::sync::Mutex<std::collections::BTreeMap<String, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// With `FUZZ_DUMP=DIR`, every crate generated is written to `DIR/case-N/`
/// (standalone, with the input beside it as `input`), so that a long run's
/// output can be compile-checked:
/// `for d in DIR/case-*; do cargo check --manifest-path $d/Cargo.toml; done`.
fn dump_crate(root: &Path, generated: &isc_codegen::Generated, input: &[u8]) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = root.join(format!("case-{n}"));
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = std::fs::canonicalize(runtime).unwrap();
    for file in &generated.files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let contents = if file.path == Path::new("Cargo.toml") {
            // A crate of its own, named after its case, on this runtime.
            let text = file.contents.replace(
                "path = \"../runtime\"",
                &format!("path = {:?}", runtime.display().to_string()),
            );
            format!("{text}\n[workspace]\n")
        } else {
            file.contents.clone()
        };
        std::fs::write(path, contents).unwrap();
    }
    std::fs::write(dir.join("input"), input).unwrap();
}

/// The slowest case so far, to see the margin below [`CASE_LIMIT`].
static SLOWEST: std::sync::Mutex<Duration> = std::sync::Mutex::new(Duration::ZERO);

fn tally(result: &isc_codegen::Result<isc_codegen::Generated>) {
    let kind = match result {
        Ok(_) => "Ok".to_owned(),
        Err(error) => format!("{error:?}")
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_owned(),
    };
    *OUTCOMES.lock().unwrap().entry(kind).or_default() += 1;
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// Cases per property: small by default so the suite stays fast.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .or_else(|_| std::env::var("PROPTEST_CASES"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A runner with a fixed seed (unless `FUZZ_RANDOM` is set), no failure files
/// and bounded shrinking.
fn runner(default_cases: u32, seed: u8) -> TestRunner {
    let config = Config {
        cases: cases(default_cases),
        failure_persistence: None,
        max_shrink_time: 30_000,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    if std::env::var_os("FUZZ_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
        )
    }
}

fn run<S: Strategy>(
    runner: &mut TestRunner,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let started = Instant::now();
    let result = runner.run(strategy, test);
    eprintln!(
        "{} cases in {:.1?}; slowest case so far {:.1?}; outcomes so far: {:?}",
        runner.config().cases,
        started.elapsed(),
        SLOWEST.lock().unwrap(),
        OUTCOMES.lock().unwrap()
    );
    if let Err(error) = result {
        panic!("{error}");
    }
}

// ---------------------------------------------------------------------------
// (a) Arbitrary bytes and token soup
// ---------------------------------------------------------------------------

/// Pieces of YAML and JSON syntax, and of OpenAPI, that random text is made of.
const TOKENS: &[&str] = &[
    "openapi: 3.0.3\n",
    "openapi: 3.1.0\n",
    "swagger: '2.0'\n",
    "info: {title: t, version: '1'}\n",
    "paths:\n",
    "  /a/{id}:\n",
    "    get:\n",
    "      operationId: x\n",
    "      responses:\n",
    "        '200':\n",
    "components:\n",
    "  schemas:\n",
    "    A:\n",
    "      type: object\n",
    "      $ref: '#/components/schemas/A'\n",
    "$ref: 'missing.yaml#/x'\n",
    "&a [*a, *a]\n",
    "*a\n",
    "!!binary aGVsbG8=\n",
    "? [a, b]\n: c\n",
    "{\"openapi\": \"3.0.0\", ",
    "\"paths\": {",
    "\"$ref\": \"#/\"",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "- ",
    "\n",
    "  ",
    "\t",
    "'",
    "\"",
    "#",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "null",
    "~",
    "1e999",
    "-0",
    "0x1F",
    "🦀",
    "\u{feff}",
    "\u{0}",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..64).prop_map(|t| t.concat())
}

fn raw_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        any::<String>().prop_map(String::into_bytes),
        token_soup().prop_map(String::into_bytes),
        (
            prop::sample::select(&["openapi: 3.0.0\n", "{\"openapi\": \"3.0.0\",\n"][..]),
            token_soup()
        )
            .prop_map(|(head, tail)| format!("{head}{tail}").into_bytes()),
    ]
}

#[test]
fn arbitrary_bytes_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut runner = runner(300, 1);
    run(&mut runner, &raw_input(), |bytes| {
        check_input(dir.path(), "input.yaml", &bytes, Selection::all(), false)?;
        check_input(dir.path(), "input.json", &bytes, Selection::all(), false)
    });
}

// ---------------------------------------------------------------------------
// (b) Mutations of the real spec
// ---------------------------------------------------------------------------

/// Names that stress identifier generation and lookups.
const NAMES: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "r#type",
    "_",
    "__",
    "1st",
    "a b",
    "a-b",
    "a.b",
    "a/b",
    "a~b",
    "é",
    "名前",
    "🦀",
    "Ünïcödé",
    "\u{200b}",
    "$ref",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "required",
    "Account",
    "account",
    "ACCOUNT",
    "Client",
    "Error",
    "Result",
    "Option",
    "String",
    "models",
    "apis",
    "BASE_PATH",
    "x-nullable",
    "{id}",
    "200",
    "default",
    "get",
];

/// Targets for injected `$ref`s: existing, missing, malformed, cyclic.
const REF_TARGETS: &[&str] = &[
    "#/components/schemas/Account",
    "#/components/schemas/BaseAccount",
    "#/components/responses/400",
    "#/components/parameters/limit",
    "#/components/schemas/DoesNotExist",
    "#/components/schemas",
    "#/components",
    "#/paths/~1accounts/get",
    "#/info",
    "#",
    "",
    "#/",
    "#/nope/x",
    "#components/schemas/Account",
    "#/components/schemas/Account/properties/id",
    "#/components/schemas/~2bad",
    "missing.yaml",
    "missing.yaml#/components/schemas/X",
    "./sub/../missing.json#/a",
    "http://example.invalid/spec.yaml#/a",
    "%zz",
    "名前.yaml#/🦀",
];

const SCHEMA_TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any", "",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove one key of an object.
    DeleteKey,
    /// Replace the node with a value of another JSON type.
    Retype(u8),
    /// Replace the node with a copy of another node of the document.
    CopyFrom(usize),
    /// Rename one key of an object.
    RenameKey(String),
    /// Add a copy of one member under another key.
    DuplicateKey(String),
    /// Emit one member's key twice in the written text.
    DuplicateInText,
    /// Replace the node with a `$ref`.
    InjectRef(RefTarget),
    /// Wrap the node in `depth` levels of object/array/allOf schemas.
    Deepen(u8, usize),
    /// Set `type` of the nearest object to another type.
    SwapType(&'static str),
    /// Add `allOf`/`oneOf`/`anyOf` to the nearest object.
    Compose(u8, RefTarget),
    /// Replace the node with an empty array.
    EmptyArray,
    /// Replace the node with a huge or odd number.
    HugeNumber(u8),
    /// Set a string that names things (operationId, title, tag, ...) to `name`.
    Rename(String),
}

#[derive(Debug, Clone)]
enum RefTarget {
    Fixed(&'static str),
    /// A pointer to some node of the document (itself or its parent included).
    Node(usize),
    Own,
    Parent,
}

/// `FUZZ_AVOID=self,Self` keeps those names out of the mutations, so that a
/// long run goes on past a known bug instead of finding it again.
fn name() -> impl Strategy<Value = String> {
    let avoid: Vec<String> = std::env::var("FUZZ_AVOID")
        .unwrap_or_default()
        .split(',')
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    prop_oneof![
        3 => prop::sample::select(NAMES).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
    .prop_filter("FUZZ_AVOID", move |name| !avoid.contains(name))
}

fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        3 => prop::sample::select(REF_TARGETS).prop_map(RefTarget::Fixed),
        2 => any::<usize>().prop_map(RefTarget::Node),
        1 => Just(RefTarget::Own),
        1 => Just(RefTarget::Parent),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::DeleteKey),
        any::<u8>().prop_map(Mutation::Retype),
        any::<usize>().prop_map(Mutation::CopyFrom),
        name().prop_map(Mutation::RenameKey),
        name().prop_map(Mutation::DuplicateKey),
        Just(Mutation::DuplicateInText),
        ref_target().prop_map(Mutation::InjectRef),
        (any::<u8>(), 1..=MAX_DEEPEN).prop_map(|(k, d)| Mutation::Deepen(k, d)),
        prop::sample::select(SCHEMA_TYPES).prop_map(Mutation::SwapType),
        (any::<u8>(), ref_target()).prop_map(|(k, t)| Mutation::Compose(k, t)),
        Just(Mutation::EmptyArray),
        any::<u8>().prop_map(Mutation::HugeNumber),
        name().prop_map(Mutation::Rename),
    ]
}

/// Every JSON pointer of the document, in document order.
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &mut String, out: &mut Vec<String>) {
        out.push(at.clone());
        let len = at.len();
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    at.push('/');
                    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

fn parent(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |cut| &pointer[..cut])
}

/// The nearest object at or above `pointer`.
fn nearest_object<'a>(doc: &'a mut Value, pointer: &str) -> Option<&'a mut Map<String, Value>> {
    let mut at = pointer;
    loop {
        if doc.pointer(at).is_some_and(Value::is_object) {
            return doc.pointer_mut(at).and_then(Value::as_object_mut);
        }
        if at.is_empty() {
            return None;
        }
        at = parent(at);
    }
}

fn ref_text(target: &RefTarget, own: &str, all: &[String]) -> String {
    match target {
        RefTarget::Fixed(text) => (*text).to_owned(),
        RefTarget::Node(i) => format!("#{}", all[i % all.len()]),
        RefTarget::Own => format!("#{own}"),
        RefTarget::Parent => format!("#{}", parent(own)),
    }
}

fn huge_number(k: u8) -> Value {
    match k % 8 {
        0 => json!(u64::MAX),
        1 => json!(i64::MIN),
        2 => json!(1.0e308),
        3 => json!(-1.0e308),
        4 => json!(5e-324),
        5 => json!(0),
        6 => json!(-1),
        _ => json!(4_294_967_296u64),
    }
}

fn other_type(k: u8) -> Value {
    match k % 7 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(42),
        3 => json!("text"),
        4 => json!([]),
        5 => json!({}),
        _ => json!([{"type": "string"}, null]),
    }
}

/// Applies one mutation at the node `pointers[at % len]`. Returns the pointer
/// of an object whose first member should be written twice, for
/// [`Mutation::DuplicateInText`].
fn apply(doc: &mut Value, at: usize, mutation: &Mutation) -> Option<String> {
    let all = pointers(doc);
    let pointer = all[at % all.len()].clone();
    let replace = |doc: &mut Value, with: Value| {
        if let Some(slot) = doc.pointer_mut(&pointer) {
            *slot = with;
        }
    };
    match mutation {
        Mutation::DeleteKey => {
            if let Some(map) = nearest_object(doc, &pointer)
                && !map.is_empty()
            {
                let key = map.keys().nth(at % map.len()).cloned().unwrap();
                map.shift_remove(&key);
            }
        }
        Mutation::Retype(k) => replace(doc, other_type(*k)),
        Mutation::CopyFrom(from) => {
            let source = doc.pointer(&all[from % all.len()]).cloned().unwrap();
            replace(doc, source);
        }
        Mutation::RenameKey(name) => {
            if let Some(map) = nearest_object(doc, &pointer)
                && !map.is_empty()
            {
                let key = map.keys().nth(at % map.len()).cloned().unwrap();
                let value = map.shift_remove(&key).unwrap();
                map.insert(name.clone(), value);
            }
        }
        Mutation::DuplicateKey(name) => {
            if let Some(map) = nearest_object(doc, &pointer)
                && let Some(value) = map.values().nth(at % map.len().max(1)).cloned()
            {
                map.insert(name.clone(), value);
            }
        }
        Mutation::DuplicateInText => {
            let mut at = pointer.as_str();
            while !doc.pointer(at).is_some_and(Value::is_object) && !at.is_empty() {
                at = parent(at);
            }
            return Some(at.to_owned());
        }
        Mutation::InjectRef(target) => {
            let text = ref_text(target, &pointer, &all);
            replace(doc, json!({ "$ref": text }));
        }
        Mutation::Deepen(k, depth) => {
            let mut node = doc.pointer(&pointer).cloned().unwrap();
            for level in 0..*depth {
                node = match (usize::from(*k) + level) % 4 {
                    0 => json!({"type": "object", "properties": {"inner": node}}),
                    1 => json!({"type": "array", "items": node}),
                    2 => json!({"allOf": [node]}),
                    _ => json!({"type": "object", "additionalProperties": node}),
                };
            }
            replace(doc, node);
        }
        Mutation::SwapType(kind) => {
            if let Some(map) = nearest_object(doc, &pointer) {
                map.insert("type".to_owned(), json!(kind));
            }
        }
        Mutation::Compose(k, target) => {
            let text = ref_text(target, &pointer, &all);
            if let Some(map) = nearest_object(doc, &pointer) {
                let keyword = ["allOf", "oneOf", "anyOf"][usize::from(*k) % 3];
                let members = match k / 3 % 3 {
                    0 => json!([{ "$ref": text }]),
                    1 => {
                        json!([{ "$ref": text }, {"type": "string"}, {"type": "object", "properties": {"x": {"type": "integer"}}}])
                    }
                    _ => json!([]),
                };
                map.insert(keyword.to_owned(), members);
                if k % 2 == 0 {
                    map.insert(
                        "discriminator".to_owned(),
                        json!({"propertyName": "kind", "mapping": {"a": text}}),
                    );
                }
            }
        }
        Mutation::EmptyArray => replace(doc, json!([])),
        Mutation::HugeNumber(k) => replace(doc, huge_number(*k)),
        Mutation::Rename(name) => {
            if let Some(map) = nearest_object(doc, &pointer) {
                let key = ["operationId", "title", "name", "in", "format", "tags"][at % 6];
                let value = if key == "tags" {
                    json!([name])
                } else {
                    json!(name)
                };
                map.insert(key.to_owned(), value);
            }
        }
    }
    None
}

/// JSON text of `value`, writing the first member of each object at a pointer
/// in `twice` two times (JSON and YAML parsers differ on duplicate keys).
fn write_json(value: &Value, at: &mut String, twice: &[String], out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            let len = at.len();
            let mut first = true;
            let mut member = |key: &str, item: &Value, at: &mut String, out: &mut String| {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&Value::String(key.to_owned()).to_string());
                out.push(':');
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                write_json(item, at, twice, out);
                at.truncate(len);
            };
            if twice.iter().any(|p| p == at)
                && let Some((key, item)) = map.iter().next()
            {
                member(key, item, at, out);
            }
            for (key, item) in map {
                member(key, item, at, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            let len = at.len();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                at.push('/');
                at.push_str(&i.to_string());
                write_json(item, at, twice, out);
                at.truncate(len);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[derive(Debug, Clone)]
struct Mutated {
    mutations: Vec<(usize, Mutation)>,
    json: bool,
    selection: u8,
    overlay: bool,
}

fn mutated() -> impl Strategy<Value = Mutated> {
    (
        prop::collection::vec((any::<usize>(), mutation()), 1..6),
        any::<bool>(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(|(mutations, json, selection, overlay)| Mutated {
            mutations,
            json,
            selection,
            overlay,
        })
}

fn selection(k: u8) -> Selection {
    match k % 4 {
        0 | 1 => Selection::all(),
        2 => Selection::tag("Accounts"),
        _ => Selection {
            tags: Vec::new(),
            operations: vec!["getAccount".to_owned(), "listAccounts".to_owned()],
        },
    }
}

fn render(case: &Mutated) -> Option<String> {
    let mut doc = base_spec().clone();
    let mut twice = Vec::new();
    for (at, mutation) in &case.mutations {
        if let Some(pointer) = apply(&mut doc, *at, mutation) {
            twice.push(pointer);
        }
    }
    let mut text = String::new();
    write_json(&doc, &mut String::new(), &twice, &mut text);
    (text.len() <= MAX_INPUT).then_some(text)
}

#[test]
fn mutated_spec_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let mut runner = runner(100, 2);
    run(&mut runner, &mutated(), |case| {
        let Some(text) = render(&case) else {
            return Err(TestCaseError::reject("mutated spec too large"));
        };
        let name = if case.json { "spec.json" } else { "spec.yaml" };
        check_input(
            dir.path(),
            name,
            text.as_bytes(),
            selection(case.selection),
            case.overlay,
        )
    });
}

/// The mutation machinery itself: an empty mutation list gives the real spec
/// back, and the real spec generates.
#[test]
fn unmutated_spec_generates() {
    let mut text = String::new();
    write_json(base_spec(), &mut String::new(), &[], &mut text);
    let reparsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(&reparsed, base_spec());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("spec.json");
    std::fs::write(&input, text).unwrap();
    let generated = generate(&Options {
        input,
        overlay: Some(overlay_path()),
        ..Options::default()
    })
    .unwrap();
    assert!(generated.stats.operations > 10);
}

/// A minimal spec with one schema nested `depth` levels deep (alternating
/// object properties, array items, `allOf` and `additionalProperties`, as the
/// `Deepen` mutation makes them) around `leaf`.
fn deep_schema_spec(depth: usize, leaf: &Value) -> String {
    let mut node = leaf.clone();
    for level in 0..depth {
        node = match level % 4 {
            0 => json!({"type": "object", "properties": {"inner": node}}),
            1 => json!({"type": "array", "items": node}),
            2 => json!({"allOf": [node]}),
            _ => json!({"type": "object", "additionalProperties": node}),
        };
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "deep", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deep"}}}}
        }}}},
        "components": {"schemas": {"Deep": node}}
    })
    .to_string()
}

fn time_deep(
    depth: usize,
    leaf: &Value,
) -> (Duration, isc_codegen::Result<isc_codegen::Generated>) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("deep.json");
    std::fs::write(&input, deep_schema_spec(depth, leaf)).unwrap();
    let started = Instant::now();
    let result = generate(&Options {
        input,
        ..Options::default()
    });
    (started.elapsed(), result)
}

/// Regression test for a hang found by `mutated_spec_never_panics` (a
/// `Deepen` of 32 levels with an `EmptyArray` inside it): a schema nested N
/// levels deep whose innermost node is invalid took time exponential in N to
/// reject (20 levels: 16 s in a release build, 22 levels: 55 s), because
/// `openapiv3`'s schema types are untagged enums that serde retries at every
/// level. Fixed by validating schema keywords before the typed parse
/// (`load/validate.rs`); the error also points at the innermost node now.
#[test]
fn deep_invalid_schema_is_rejected_quickly() {
    let (took, result) = time_deep(40, &json!({"type": "object", "properties": {"x": []}}));
    let error = result.err().unwrap();
    assert!(took < CASE_LIMIT, "rejecting 40 levels took {took:?}");
    let pointer = &error.location().unwrap().pointer;
    assert!(
        pointer.ends_with("/properties") || pointer.ends_with("/properties/x"),
        "the error should point at the invalid node, not at {pointer}: {error}"
    );
}

/// Valid deep nesting is linear: 40 levels generate well within the limit.
#[test]
fn deep_valid_schema_is_fast() {
    let (took, result) = time_deep(40, &json!({"type": "string"}));
    assert!(result.is_ok(), "{:?}", result.err());
    assert!(took < CASE_LIMIT, "40 valid levels took {took:?}");
}

// ---------------------------------------------------------------------------
// Findings: generated crates that do not build
// ---------------------------------------------------------------------------
//
// Found by compile-checking the crates of a long mutation run (`FUZZ_DUMP`).
// `generate` succeeds on these inputs, but the crate it emits does not build.

/// A two-operation spec: `GET /a` with `first` and `GET /b` with `second`
/// (each a YAML fragment of the operation, e.g. `tags: [A]`).
fn two_operations(first: &str, second: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
         operationId: getA\n      {first}\n      responses: {{'204': {{description: ok}}}}\n  \
         /b:\n    get:\n      operationId: getB\n      {second}\n      responses: \
         {{'204': {{description: ok}}}}\n"
    )
}

/// The keys of the `[features]` table of a generated `Cargo.toml`.
fn feature_keys(cargo_toml: &str) -> Vec<String> {
    cargo_toml
        .lines()
        .skip_while(|line| line.trim() != "[features]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim().to_owned()))
        .collect()
}

fn generated_cargo_toml(spec: &str) -> String {
    generated_file(spec, "Cargo.toml")
}

/// With more than one tag every tag gets a cargo feature named after its
/// module, next to `default` and `full`. Untagged operations go to a `default`
/// module; found by fuzzing: that gave `default = ["full"]` ... `default = []`,
/// a duplicate key cargo refuses. A tag called `Full` or `Default` did the same.
#[test]
fn tag_features_do_not_collide_with_default_and_full() {
    for (first, second) in [
        ("tags: [A]", ""),
        ("tags: [A]", "tags: [Full]"),
        ("tags: [A]", "tags: [Default]"),
    ] {
        let cargo_toml = generated_cargo_toml(&two_operations(first, second));
        let keys = feature_keys(&cargo_toml);
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            keys.len(),
            unique.len(),
            "duplicate feature keys for `{first}` / `{second}`: {keys:?}\n{cargo_toml}"
        );
    }
}

/// Found by a long `mutated_spec_never_panics` run (`Rename("self")` on an
/// operation): an operationId `self` or `Self` named the request builder
/// `Self`, a keyword, so the emitter's own tokens did not parse
/// (`Error::Format`). Operation types now avoid keywords, imported names and
/// each other (`lower::naming::OperationTypes`).
#[test]
fn operation_id_self_generates() {
    for id in ["self", "Self"] {
        let spec = two_operations(&format!("tags: [A]\n      operationId: {id}"), "tags: [A]")
            .replace("operationId: getA\n      ", "");
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("spec.yaml");
        std::fs::write(&input, spec).unwrap();
        let result = generate(&Options {
            input,
            ..Options::default()
        });
        assert!(
            result.is_ok(),
            "operationId `{id}`: {}",
            result.err().unwrap()
        );
    }
}

/// A generated file of `spec`, by path.
fn generated_file(spec: &str, path: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("spec.yaml");
    std::fs::write(&input, spec).unwrap();
    let generated = generate(&Options {
        input,
        ..Options::default()
    })
    .unwrap();
    generated
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap()
        .contents
        .clone()
}

/// Found by compile-checking fuzzed output (`FUZZ_DUMP`): a spec whose
/// mutations left no operation gave `src/client.rs` an unused
/// `use crate::apis;`, which `-D warnings` rejects. The same import went
/// unused with tag features and none of them enabled.
#[test]
fn a_spec_without_operations_has_no_unused_imports() {
    let client = generated_file(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "src/client.rs",
    );
    assert!(!client.contains("use crate::apis"), "{client}");
    assert!(!client.contains("apis::"), "{client}");
    let two_tags = generated_file(&two_operations("tags: [A]", "tags: [B]"), "src/client.rs");
    assert!(!two_tags.contains("use crate::apis"), "{two_tags}");
}

/// Found by compile-checking fuzzed output: twelve levels of inline
/// `{type: object, additionalProperties: {type: array, items: ...}}` made
/// rustc overflow its default recursion limit (128) proving `Send` for the
/// pagination stream. The crate now raises the limit when its types nest
/// that deep, and only then.
#[test]
fn deep_inline_nesting_raises_the_recursion_limit() {
    let mut schema = "{type: string}".to_owned();
    for _ in 0..14 {
        schema = format!(
            "{{type: object, properties: {{inner: {{type: object, additionalProperties: {{type: array, items: {schema}}}}}}}}}"
        );
    }
    let deep = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
         operationId: getA\n      responses:\n        '200':\n          description: ok\n          \
         content:\n            application/json:\n              schema: {schema}\n"
    );
    let lib = generated_file(&deep, "src/lib.rs");
    assert!(lib.contains("#![recursion_limit = "), "{lib}");
    let shallow = generated_file(&two_operations("", ""), "src/lib.rs");
    assert!(!shallow.contains("recursion_limit"), "{shallow}");
}

/// Nesting as deep as the parsers allow (128 levels), generated on a thread
/// with a small stack: the pipeline's recursion must not abort the process
/// (a stack overflow is not a panic: `catch_unwind` cannot stop it). A debug
/// build overflowed 2 MiB at 14 levels of inline objects before the pipeline
/// got a thread of its own (`stack.rs`).
#[test]
fn deepest_accepted_nesting_does_not_overflow_a_small_stack() {
    for (open, close) in [
        ("{type: array, items: ", "}"),
        ("{type: object, properties: {inner: ", "}}"),
    ] {
        // Each level is one or two flow mappings; YAML stops at 128.
        let levels = if close.len() == 1 { 110 } else { 55 };
        let schema = format!(
            "{}{{type: string}}{}",
            open.repeat(levels),
            close.repeat(levels)
        );
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json:\n              schema: {schema}\n"
        );
        let outcome = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let dir = tempfile::tempdir().unwrap();
                let input = dir.path().join("spec.yaml");
                std::fs::write(&input, spec).unwrap();
                generate(&Options {
                    input,
                    ..Options::default()
                })
                .map(|generated| generated.stats.types)
                .map_err(|e| e.to_string())
            })
            .unwrap()
            .join()
            .unwrap();
        // Just under the parsers' limit, so it generates (110 levels of
        // `Vec`, 55 nested structs).
        assert!(outcome.is_ok(), "{levels} levels: {outcome:?}");
    }
}
