//! Reading spec files: YAML or JSON, each parsed once and kept by normalised path.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::error::{Error, InvalidKind, Location, Result, SyntaxKind};

/// Where the text of spec files comes from.
#[derive(Debug, Clone, Default)]
pub enum Source {
    /// The file system.
    #[default]
    Disk,
    /// Texts held in memory by the path they would have on disk (a git
    /// revision: `load::git::revision`).
    Tree(Arc<HashMap<PathBuf, String>>),
}

impl Source {
    /// The text of the file at `path`.
    pub fn read(&self, path: &Path) -> std::io::Result<String> {
        match self {
            Source::Disk => std::fs::read_to_string(path),
            Source::Tree(files) => files.get(&normalise(path)).cloned().ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not in that revision (or its blob is not in this clone)",
                )
            }),
        }
    }
}

/// Parsed files, keyed by their lexically normalised path.
#[derive(Default)]
pub struct Files {
    cache: HashMap<PathBuf, Arc<Value>>,
    source: Source,
}

impl Files {
    /// Files read from `source`.
    pub fn new(source: Source) -> Self {
        Self {
            cache: HashMap::new(),
            source,
        }
    }

    /// Returns the parsed document at `path`, reading it on first use. `from` is
    /// where the reference to it is written, for the error message.
    pub fn get(&mut self, path: &Path, from: &Location) -> Result<Arc<Value>> {
        if let Some(doc) = self.cache.get(path) {
            return Ok(Arc::clone(doc));
        }
        let text = self.source.read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            location: if from.file.as_os_str().is_empty() {
                Location::new(path, "")
            } else {
                from.clone()
            },
            source,
        })?;
        let doc = Arc::new(parse(path, &text)?);
        self.cache.insert(path.to_path_buf(), Arc::clone(&doc));
        Ok(doc)
    }

    /// Reads and parses, in parallel, the root and every file its `$ref`s
    /// reach, wave by wave, so the sequential walk that follows finds them
    /// parsed. A file that fails here is simply not cached: the walk reads it
    /// again and reports the error where the reference is written.
    pub fn prefetch(&mut self, root: &Path) {
        let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        seen.insert(root.to_path_buf());
        let mut frontier = vec![root.to_path_buf()];
        let source = &self.source;
        while !frontier.is_empty() {
            let parsed = crate::parallel::map(&frontier, |path| {
                let doc = source
                    .read(path)
                    .ok()
                    .and_then(|text| parse(path, &text).ok());
                let mut refs = Vec::new();
                if let Some(doc) = &doc {
                    referenced_files(doc, path, &mut refs);
                }
                (path.clone(), doc, refs)
            });
            frontier = Vec::new();
            for (path, doc, refs) in parsed {
                if let Some(doc) = doc {
                    self.cache.insert(path, Arc::new(doc));
                }
                for file in refs {
                    if seen.insert(file.clone()) {
                        frontier.push(file);
                    }
                }
            }
        }
    }

    /// How many distinct files were read.
    pub fn len(&self) -> usize {
        self.cache.len()
    }
}

/// Parses one document. JSON when the name says so, YAML otherwise (YAML is a
/// superset of JSON, so a JSON file named `.yaml` still loads).
pub fn parse(path: &Path, text: &str) -> Result<Value> {
    let is_json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    if is_json {
        return serde_json::from_str(text).map_err(|err| Error::Syntax {
            kind: SyntaxKind::of_json(&err),
            location: Location {
                line: Some(err.line()),
                ..Location::new(path, "")
            },
            column: u32::try_from(err.column()).ok(),
            format: "JSON",
            message: err.to_string(),
        });
    }
    // Straight into JSON values when every mapping key is a string (nearly
    // always); the detour through YAML values handles `200:` keys and tags.
    if let Ok(value) = serde_yaml::from_str::<Value>(text) {
        return Ok(value);
    }
    // Integers beyond 64 bits (`minimum: -99999999999999999999`) and
    // non-string keys, without the detour.
    if let Ok(Wide(value)) = serde_yaml::from_str::<Wide>(text) {
        return Ok(value);
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| Error::Syntax {
        kind: SyntaxKind::of_yaml(&err),
        location: Location {
            line: err.location().map(|l| l.line()),
            ..Location::new(path, "")
        },
        column: err.location().and_then(|l| u32::try_from(l.column()).ok()),
        format: "YAML",
        message: err.to_string(),
    })?;
    yaml_to_json(yaml, &Location::new(path, ""))
}

/// A JSON value read from YAML, where an integer outside the 64-bit range
/// becomes a float (JSON numbers have no range; serde_json's own values stop
/// at 64 bits) and scalar mapping keys become strings.
struct Wide(Value);

impl<'de> serde::Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

/// Converts to the nearest float; that JSON numbers lose the exact digits
/// beyond 2^53 is the documented fallback (they are bounds and examples).
fn wide_float(value: f64) -> Value {
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss, clippy::as_conversions)]
        Ok(i64::try_from(v).map_or_else(|_| wide_float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        #[allow(clippy::cast_precision_loss, clippy::as_conversions)]
        Ok(u64::try_from(v).map_or_else(|_| wide_float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(wide_float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some((Wide(key), Wide(value))) = map.next_entry()? {
            // `200:` and `true:` are keys OpenAPI means as text.
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(serde::de::Error::custom(
                        "a mapping key is not a string; OpenAPI keys must be strings",
                    ));
                }
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// Converts YAML to JSON values. Mapping keys that are numbers or booleans
/// (`200:` unquoted) become strings, as OpenAPI means them.
fn yaml_to_json(value: serde_yaml::Value, at: &Location) -> Result<Value> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &at.child(&i.to_string())))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(Error::Invalid {
                            kind: InvalidKind::KeyNotString,
                            location: at.clone(),
                            message: format!(
                                "mapping key {other:?} is not a string; OpenAPI keys must be strings"
                            ),
                        });
                    }
                };
                let child = at.child(&key);
                out.insert(key, yaml_to_json(item, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, at)?,
    })
}

/// The files named by the `$ref`s (and discriminator mappings) in `doc`.
fn referenced_files(doc: &Value, from: &Path, out: &mut Vec<PathBuf>) {
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => {
                        let file = reference.split('#').next().unwrap_or_default();
                        if !file.is_empty() && !file.contains("://") {
                            let base = from.parent().unwrap_or(Path::new(""));
                            out.push(normalise(&base.join(file)));
                        }
                    }
                    ("mapping", Value::Object(mapping)) => {
                        for target in mapping.values().filter_map(Value::as_str) {
                            let file = target.split('#').next().unwrap_or_default();
                            if file.ends_with(".yaml")
                                || file.ends_with(".yml")
                                || file.ends_with(".json")
                            {
                                let base = from.parent().unwrap_or(Path::new(""));
                                out.push(normalise(&base.join(file)));
                            }
                        }
                    }
                    _ => referenced_files(value, from, out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| referenced_files(item, from, out)),
        _ => {}
    }
}

/// Resolves `.` and `..` without touching the file system, so that the same
/// file reached by two relative routes gets one key.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if out.file_name().is_some() {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
