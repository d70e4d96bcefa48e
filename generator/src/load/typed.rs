//! The typed parse into `openapiv3`, with errors mapped back to the source.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Loaded;
use crate::error::{Error, InvalidKind, Location, Result, pointer_push};

/// A typed, self-contained document and the map back to its source files.
pub struct Spec {
    /// The file the user named.
    pub root: PathBuf,
    /// The parsed document; every `$ref` points into its own components.
    pub openapi: openapiv3::OpenAPI,
    /// The same document untyped, for the few extensions typed parsing drops.
    pub raw: serde_json::Value,
    origins: BTreeMap<String, Location>,
}

impl Spec {
    /// The source location of a pointer into the bundled document.
    pub fn locate(&self, pointer: &str) -> Location {
        super::locate(&self.root, &self.origins, pointer)
    }
}

pub fn parse(loaded: Loaded) -> Result<Spec> {
    let Loaded {
        root,
        document,
        origins,
        ..
    } = loaded;
    // Path tracking costs time; it is only needed to say where a failure is.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&document) {
        return Ok(Spec {
            root,
            openapi,
            raw: document,
            origins,
        });
    }
    let err = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
        Ok(openapi) => {
            return Ok(Spec {
                root,
                openapi,
                raw: document,
                origins,
            });
        }
        Err(err) => err,
    };
    if let Some(found) = parameter_without_schema(&document) {
        let (pointer, name) = found;
        return Err(Error::Invalid {
            kind: InvalidKind::ParameterWithoutSchema,
            location: super::locate(&root, &origins, &pointer),
            message: format!("parameter `{name}` has neither `schema` nor `content`"),
        });
    }
    let (mut pointer, mut message) = (to_pointer(err.path()), err.inner().to_string());
    // openapiv3 flattens the paths map, so tracking stops at `/paths`: parse
    // the path items one by one to find the node itself.
    if pointer == "/paths"
        && let Some(serde_json::Value::Object(paths)) = document.get("paths")
    {
        for (path, item) in paths {
            if let Err(inner) = serde_path_to_error::deserialize::<
                _,
                openapiv3::ReferenceOr<openapiv3::PathItem>,
            >(item)
            {
                pointer = format!(
                    "{}{}",
                    pointer_push("/paths", path),
                    to_pointer(inner.path())
                );
                message = inner.inner().to_string();
                break;
            }
        }
    }
    // openapiv3 says which of its types failed only in serde's message.
    let kind = if message.contains("ParameterSchemaOrContent") {
        InvalidKind::ParameterWithoutSchema
    } else {
        InvalidKind::NotOpenApi
    };
    Err(Error::Invalid {
        kind,
        location: super::locate(&root, &origins, &pointer),
        message: format!("not a valid OpenAPI 3.0 node: {message}"),
    })
}

/// The first parameter (inline, or a component) that has no way to say its
/// type: the most common reason a document fails the typed parse, which
/// itself cannot say where.
fn parameter_without_schema(document: &serde_json::Value) -> Option<(String, String)> {
    use serde_json::Value;
    let lacks = |p: &Value| {
        p.get("$ref").is_none() && p.get("schema").is_none() && p.get("content").is_none()
    };
    let name = |p: &Value| {
        p.get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned()
    };
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            let at = pointer_push("/paths", path);
            let Value::Object(item) = item else { continue };
            for (key, value) in item {
                let lists: Vec<(String, &Value)> = if key == "parameters" {
                    vec![(pointer_push(&at, key), value)]
                } else {
                    value
                        .get("parameters")
                        .map(|list| (pointer_push(&pointer_push(&at, key), "parameters"), list))
                        .into_iter()
                        .collect()
                };
                for (list_at, list) in lists {
                    let Some(list) = list.as_array() else {
                        continue;
                    };
                    for (i, p) in list.iter().enumerate() {
                        if lacks(p) {
                            return Some((pointer_push(&list_at, &i.to_string()), name(p)));
                        }
                    }
                }
            }
        }
    }
    let components = document.get("components")?.get("parameters")?.as_object()?;
    components
        .iter()
        .find(|(_, p)| lacks(p))
        .map(|(key, p)| (pointer_push("/components/parameters", key), name(p)))
}

fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { variant } => pointer = pointer_push(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}
