//! The typed parse into `openapiv3`, with errors mapped back to the source,
//! and the one document later stages read: the typed model, the webhooks it
//! has no place for, the loader's notes and the map back to the source files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use openapiv3::{ReferenceOr, Schema};

use super::Loaded;
use super::parse_error::to_pointer;
use crate::error::{Error, InvalidKind, Location, Result, Warning, WarningKind, pointer_push};

/// A typed, self-contained document and the map back to its source files.
pub struct Spec {
    /// The file the user named.
    pub root: PathBuf,
    /// The parsed document; every `$ref` points into its own components.
    pub openapi: openapiv3::OpenAPI,
    /// `webhooks` (3.1) and `x-webhooks` (the 3.0 extension), which the
    /// typed model has no field for.
    pub webhooks: Vec<Webhook>,
    /// What the loader had to skip to read the document, reported whatever
    /// is selected.
    pub warnings: Vec<Warning>,
    /// Repairs and fallbacks, by the source location of the schema they
    /// concern; reported when that schema is lowered.
    notes: HashMap<(PathBuf, String), Vec<Warning>>,
    origins: BTreeMap<String, Location>,
}

/// One webhook: a request the API sends to subscribers.
pub struct Webhook {
    /// Its key under `webhooks`.
    pub name: String,
    /// Pointer of the webhook in the bundled document.
    pub pointer: String,
    /// The first request body schema of its `post`, `put` or `patch`, with
    /// its pointer; `None` when it has none.
    pub payload: Option<(String, ReferenceOr<Schema>)>,
    /// That operation's summary, else its description.
    pub doc: Option<String>,
}

impl Spec {
    /// The source location of a pointer into the bundled document.
    pub fn locate(&self, pointer: &str) -> Location {
        super::locate(&self.root, &self.origins, pointer)
    }

    /// The loader's notes on the schema at `pointer` (bundled).
    pub fn notes(&self, pointer: &str) -> &[Warning] {
        if self.notes.is_empty() {
            return &[];
        }
        let at = self.locate(pointer);
        self.notes
            .get(&(at.file, at.pointer))
            .map_or(&[], Vec::as_slice)
    }

    /// The component a local `#/components/<section>/<key>` reference names,
    /// with its key; `None` when there is no such component.
    pub fn component<'a, T: Component>(
        &'a self,
        reference: &str,
    ) -> Option<(&'a str, &'a ReferenceOr<T>)> {
        let key = reference.strip_prefix(T::PREFIX)?;
        if key.contains('~') {
            return self.component_by_key(&key.replace("~1", "/").replace("~0", "~"));
        }
        self.component_by_key(key)
    }

    /// The component of kind `T` named `key` (unescaped).
    pub fn component_by_key<'a, T: Component>(
        &'a self,
        key: &str,
    ) -> Option<(&'a str, &'a ReferenceOr<T>)> {
        let components = self.openapi.components.as_ref()?;
        T::section(components)
            .get_key_value(key)
            .map(|(key, item)| (key.as_str(), item))
    }
}

/// A kind of reusable component, for [`Spec::component`].
pub trait Component: Sized {
    /// The reference prefix of its section (`#/components/schemas/`).
    const PREFIX: &'static str;
    /// Its section of `components`.
    fn section(
        components: &openapiv3::Components,
    ) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($type:ty, $section:literal, $field:ident) => {
        impl Component for $type {
            const PREFIX: &'static str = concat!("#/components/", $section, "/");
            fn section(
                components: &openapiv3::Components,
            ) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Schema, "schemas", schemas);
component!(openapiv3::Parameter, "parameters", parameters);
component!(openapiv3::Response, "responses", responses);
component!(openapiv3::RequestBody, "requestBodies", request_bodies);
component!(openapiv3::Header, "headers", headers);

pub fn parse(loaded: Loaded) -> Result<Spec> {
    let Loaded {
        root,
        document,
        origins,
        notes: loaded_notes,
        warnings,
        ..
    } = loaded;
    let (openapi, mut warnings_parse) = openapi(&document, &root, &origins)?;
    let locate = |pointer: &str| super::locate(&root, &origins, pointer);
    let webhooks = webhooks(&document, &locate, &mut warnings_parse);
    let mut warnings = warnings;
    warnings.extend(warnings_parse);
    let mut notes: HashMap<(PathBuf, String), Vec<Warning>> = HashMap::new();
    for (schema, note) in loaded_notes {
        notes
            .entry((schema.file, schema.pointer))
            .or_default()
            .push(note);
    }
    Ok(Spec {
        root,
        openapi,
        webhooks,
        warnings,
        notes,
        origins,
    })
}

/// The webhooks of both sections; only their payload matters to a client,
/// so they are read from the JSON rather than demanding a complete
/// operation (responses and all).
fn webhooks(
    document: &serde_json::Value,
    locate: &dyn Fn(&str) -> Location,
    warnings: &mut Vec<Warning>,
) -> Vec<Webhook> {
    let mut out = Vec::new();
    for section in ["webhooks", "x-webhooks"] {
        let Some(serde_json::Value::Object(hooks)) = document.get(section) else {
            continue;
        };
        for (name, item) in hooks {
            let pointer = pointer_push(&format!("/{section}"), name);
            let found = ["post", "put", "patch"].into_iter().find_map(|method| {
                let op = item.get(method)?;
                let (media_type, media) = op
                    .get("requestBody")?
                    .get("content")?
                    .as_object()?
                    .iter()
                    .next()?;
                Some((method, op, media_type, media.get("schema")?))
            });
            let text = |op: &serde_json::Value, key: &str| {
                op.get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            };
            let Some((method, op, media_type, schema)) = found else {
                out.push(Webhook {
                    name: name.clone(),
                    pointer,
                    payload: None,
                    doc: None,
                });
                continue;
            };
            let at = [method, "requestBody", "content", media_type, "schema"]
                .iter()
                .fold(pointer.clone(), |at, segment| pointer_push(&at, segment));
            // A subscriber's payload type is worth a warning, not the client.
            let schema = match <ReferenceOr<Schema> as serde::Deserialize>::deserialize(schema) {
                Ok(schema) => Some((at, schema)),
                Err(err) => {
                    warnings.push(Warning {
                        kind: WarningKind::WebhookWithoutBody,
                        location: locate(&at),
                        message: format!("not a valid schema: {err}; the webhook is skipped"),
                    });
                    None
                }
            };
            out.push(Webhook {
                name: name.clone(),
                pointer,
                payload: schema,
                doc: text(op, "summary").or_else(|| text(op, "description")),
            });
        }
    }
    out
}

fn openapi(
    document: &serde_json::Value,
    root: &std::path::Path,
    origins: &BTreeMap<String, Location>,
) -> Result<(openapiv3::OpenAPI, Vec<Warning>)> {
    // Path tracking costs time; it is only needed to say where a failure is.
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(document) {
        return Ok((openapi, Vec::new()));
    }
    let locate = |pointer: &str| super::locate(root, origins, pointer);
    let mut lenient = document.clone();
    let warnings = super::lenient::drop_broken(&mut lenient, &locate);
    let document = &lenient;
    let err = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
        Ok(openapi) => return Ok((openapi, warnings)),
        Err(err) => err,
    };
    if let Some(found) = parameter_without_schema(document) {
        let (pointer, name) = found;
        return Err(Error::Invalid {
            kind: InvalidKind::ParameterWithoutSchema,
            location: locate(&pointer),
            message: format!("parameter `{name}` has neither `schema` nor `content`"),
        });
    }
    let (mut pointer, mut message) = (to_pointer(err.path()), err.inner().to_string());
    // Tracking stops where openapiv3 flattens; narrow down to the node.
    if let Some((found, why)) = super::parse_error::find(document)
        && found.starts_with(&pointer)
    {
        (pointer, message) = (found, why);
    }
    // openapiv3 says which of its types failed only in serde's message.
    let kind = if message.contains("ParameterSchemaOrContent") {
        InvalidKind::ParameterWithoutSchema
    } else {
        InvalidKind::NotOpenApi
    };
    Err(Error::Invalid {
        kind,
        location: locate(&pointer),
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
