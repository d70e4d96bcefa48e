//! Reading spec files: YAML or JSON, each parsed once and kept by normalised path.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use serde_json::Value;

use crate::error::{Error, Location, Result};

/// Parsed files, keyed by their lexically normalised path.
#[derive(Default)]
pub struct Files {
    cache: HashMap<PathBuf, Rc<Value>>,
}

impl Files {
    /// Returns the parsed document at `path`, reading it on first use. `from` is
    /// where the reference to it is written, for the error message.
    pub fn get(&mut self, path: &Path, from: &Location) -> Result<Rc<Value>> {
        if let Some(doc) = self.cache.get(path) {
            return Ok(Rc::clone(doc));
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            location: if from.file.as_os_str().is_empty() {
                Location::new(path, "")
            } else {
                from.clone()
            },
            source,
        })?;
        let doc = Rc::new(parse(path, &text)?);
        self.cache.insert(path.to_path_buf(), Rc::clone(&doc));
        Ok(doc)
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
            location: Location {
                line: Some(err.line()),
                ..Location::new(path, "")
            },
            format: "JSON",
            message: err.to_string(),
        });
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| Error::Syntax {
        location: Location {
            line: err.location().map(|l| l.line()),
            ..Location::new(path, "")
        },
        format: "YAML",
        message: err.to_string(),
    })?;
    yaml_to_json(yaml, &Location::new(path, ""))
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
