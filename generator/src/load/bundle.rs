//! Turns a multi-file document into one self-contained document.
//!
//! Every `$ref` in a schema, response, parameter, request body or header
//! position becomes a component of that kind (one component per distinct
//! target, however many routes reach it); path items, callbacks, examples and
//! `properties` maps are inlined. Names are chosen after the whole walk
//! (`component_names`). In a 3.1 document each schema is first rewritten into
//! its 3.0 form (`oas31`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::files::{Files, Source, normalise};
use super::normalize;
use super::oas31;
use super::reference::{Key, resolve};
use super::validate;
use crate::error::{Error, InvalidKind, Location, Result, Warning, WarningKind, pointer_push};

/// What a position in the document holds; decides how a `$ref` there is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    Schema,
    Response,
    Parameter,
    RequestBody,
    Header,
    PathItem,
    Operation,
    Callback,
    MediaType,
    Example,
    Other,
}

impl Kind {
    /// The `components` section that holds targets of this kind, if they are
    /// kept as components rather than inlined.
    pub(super) fn section(self) -> Option<&'static str> {
        match self {
            Kind::Schema => Some("schemas"),
            Kind::Response => Some("responses"),
            Kind::Parameter => Some("parameters"),
            Kind::RequestBody => Some("requestBodies"),
            Kind::Header => Some("headers"),
            _ => None,
        }
    }
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Marks a `$ref` whose component name is not chosen yet.
pub(super) const PLACEHOLDER: char = '\u{1}';

pub(super) struct Entry {
    pub(super) kind: Kind,
    pub(super) key: Key,
    pub(super) value: Option<Value>,
    pub(super) name: String,
}

/// The bundled document and where each part of it came from.
pub struct Bundled {
    /// One document whose `$ref`s all point into its own `components`.
    pub document: Value,
    /// Bundled pointer prefix → the source location it was copied from.
    pub origins: BTreeMap<String, Location>,
    /// How many files were read.
    pub files_read: usize,
    /// What the loader repaired or could not express, by the source location
    /// of the schema it concerns.
    pub notes: Vec<(Location, Warning)>,
    /// What the loader skipped, whatever the selection.
    pub warnings: Vec<Warning>,
}

struct Bundler {
    files: Files,
    root: PathBuf,
    entries: Vec<Entry>,
    index: HashMap<(Kind, Key), usize>,
    inlining: Vec<Key>,
    path_item_dirs: BTreeMap<String, usize>,
    origins: BTreeMap<String, Location>,
    /// The document is OpenAPI 3.1: schemas are JSON Schema 2020-12.
    v31: bool,
    notes: Vec<(Location, Warning)>,
    warnings: Vec<Warning>,
}

/// Loads `root` and everything it references, read from `source`, into one document.
pub fn bundle(root: &Path, source: Source) -> Result<Bundled> {
    let root = normalise(root);
    let mut bundler = Bundler {
        files: Files::new(source),
        root: root.clone(),
        entries: Vec::new(),
        index: HashMap::new(),
        inlining: Vec::new(),
        path_item_dirs: BTreeMap::new(),
        origins: BTreeMap::new(),
        v31: false,
        notes: Vec::new(),
        warnings: Vec::new(),
    };
    bundler.files.prefetch(&root);
    let doc = bundler.files.get(&root, &Location::new("", ""))?;
    let Value::Object(top) = doc.as_ref() else {
        return Err(Error::Invalid {
            kind: InvalidKind::NotAMapping,
            location: Location::new(&root, ""),
            message: "the document is not a mapping; an OpenAPI document starts with `openapi:`, `info:` and `paths:`".to_owned(),
        });
    };
    bundler.v31 = super::version::check(top, &root)?;
    let mut out = bundler.document(top)?;
    if bundler.v31 {
        // 3.1 makes `paths` optional (a document may hold only webhooks).
        out.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(dialect) = out.get("jsonSchemaDialect").and_then(Value::as_str)
            && !super::oas31::KNOWN_DIALECTS.contains(&dialect)
        {
            bundler.warnings.push(Warning {
                kind: WarningKind::OpenApi31Fallback,
                location: Location::new(&root, "/jsonSchemaDialect"),
                message: format!("schemas are read as OpenAPI 3.1's own dialect, not `{dialect}`"),
            });
        }
    }
    bundler.process_entries()?;
    super::component_names::assign(&mut bundler.entries, &bundler.root, &bundler.path_item_dirs);
    let mut components = match out.remove("components") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    super::component_names::emit(&mut bundler.entries, &mut bundler.origins, &mut components);
    out.insert("components".to_owned(), Value::Object(components));
    let mut document = Value::Object(out);
    super::component_names::replace_placeholders(&bundler.entries, &mut document);
    Ok(Bundled {
        document,
        origins: bundler.origins,
        files_read: bundler.files.len(),
        notes: bundler.notes,
        warnings: bundler.warnings,
    })
}

impl Bundler {
    fn document(&mut self, top: &Map<String, Value>) -> Result<Map<String, Value>> {
        let at = Location::new(self.root.clone(), "");
        let mut out = Map::new();
        for (key, value) in top {
            let here = at.child(key);
            let walked = match key.as_str() {
                "paths" | "webhooks" | "x-webhooks" => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::PathItem, v, at))?
                }
                "components" => self.root_components(value, &here)?,
                _ => value.clone(),
            };
            out.insert(key.clone(), walked);
        }
        Ok(out)
    }

    /// Registers the root's own components under their declared names. A
    /// component that is only a `$ref` names its target.
    fn root_components(&mut self, value: &Value, at: &Location) -> Result<Value> {
        let Value::Object(sections) = value else {
            return Ok(value.clone());
        };
        let mut kept = Map::new();
        for (section, items) in sections {
            let kind = match section.as_str() {
                "schemas" => Kind::Schema,
                "responses" => Kind::Response,
                "parameters" => Kind::Parameter,
                "requestBodies" => Kind::RequestBody,
                "headers" => Kind::Header,
                // 3.1's reusable path items are inlined where they are used.
                "pathItems" => continue,
                _ => {
                    let walked = self.each(items, &at.child(section), |b, v, at| {
                        b.walk(Kind::Other, v, at)
                    })?;
                    kept.insert(section.clone(), walked);
                    continue;
                }
            };
            let Value::Object(items) = items else {
                continue;
            };
            // Components defined here first, aliases (`X: {$ref: ...}`) after
            // (an alias does not name its target: `component_names::assign`).
            let (aliases, own): (Vec<_>, Vec<_>) =
                items.iter().partition(|(_, item)| pure_ref(item).is_some());
            for (name, item) in own.into_iter().chain(aliases) {
                let here = at.child(section).child(name);
                if name.starts_with("x-") {
                    // An extension beside the components, not one of them.
                    self.warnings.push(Warning {
                        kind: WarningKind::Extension,
                        location: here,
                        message: format!("`{name}` is an extension, not a component of `{section}`; it is ignored"),
                    });
                    continue;
                }
                let key = match pure_ref(item) {
                    Some(reference) => self.follow(&here, reference)?,
                    None => (here.file.clone(), here.pointer.clone()),
                };
                self.register(kind, key);
            }
        }
        Ok(Value::Object(kept))
    }

    /// Applies `f` to every value of a mapping (a sequence is walked item by item).
    fn each(
        &mut self,
        value: &Value,
        at: &Location,
        mut f: impl FnMut(&mut Self, &Value, &Location) -> Result<Value>,
    ) -> Result<Value> {
        match value {
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (key, item) in map {
                    out.insert(key.clone(), f(self, item, &at.child(key))?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| f(self, item, &at.child(&i.to_string())))
                .collect::<Result<Vec<_>>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    fn walk(&mut self, kind: Kind, value: &Value, at: &Location) -> Result<Value> {
        let Value::Object(map) = value else {
            // `additionalProperties: true` is the only non-mapping in a schema position.
            if kind == Kind::Schema && !value.is_boolean() {
                return Err(Error::Invalid {
                    kind: InvalidKind::SchemaNotMapping,
                    location: at.clone(),
                    message: "a schema must be a mapping (for example `{type: string}`)".to_owned(),
                });
            }
            return Ok(value.clone());
        };
        if kind == Kind::Schema {
            // Most schemas need neither repair nor normalising: walk them as
            // they are. Copying each one would copy every subtree once per
            // level above it.
            let rewrite = self.v31 && oas31::needed(map);
            if !rewrite && !validate::repair_needed(map) && !normalize::needed(map) {
                validate::check(map, at)?;
                return self.walk_object(kind, map, at);
            }
            let mut map = map.clone();
            if rewrite {
                let notes = oas31::schema(&mut map, at);
                self.note(at, notes);
            }
            if let Some(repair) = validate::schema(&mut map, at)? {
                self.note(at, vec![repair]);
            }
            // Resolve a `$ref` with siblings where it is written, before
            // normalising moves it, so errors point at the user's own text.
            if map.len() > 1
                && let Some(reference) = map.get("$ref").and_then(Value::as_str)
            {
                let resolved = self.reference(kind, reference, &Map::new(), at)?;
                if let Some(target) = resolved.get("$ref") {
                    map.insert("$ref".to_owned(), target.clone());
                }
            }
            normalize::schema(&mut map);
            return self.walk_object(kind, &map, at);
        }
        self.walk_object(kind, map, at)
    }

    fn note(&mut self, schema: &Location, notes: Vec<Warning>) {
        for note in notes {
            self.notes.push((schema.clone(), note));
        }
    }

    fn walk_object(
        &mut self,
        kind: Kind,
        map: &Map<String, Value>,
        at: &Location,
    ) -> Result<Value> {
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            if reference.starts_with(PLACEHOLDER) {
                return Ok(Value::Object(map.clone()));
            }
            if kind == Kind::Schema && self.v31 && oas31::names_anchor(reference) {
                let note = oas31::anchor_note(reference, at);
                self.note(at, vec![note]);
                let mut out = map.clone();
                out.remove("$ref");
                return Ok(Value::Object(out));
            }
            return self.reference(kind, reference, map, at);
        }
        let mut out = Map::with_capacity(map.len());
        for (key, value) in map {
            let here = at.child(key);
            let walked = match (kind, key.as_str()) {
                (Kind::PathItem, k) if HTTP_METHODS.contains(&k) => {
                    self.walk(Kind::Operation, value, &here)?
                }
                (Kind::PathItem | Kind::Operation, "parameters") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Parameter, v, at))?
                }
                (Kind::Operation, "requestBody") => self.walk(Kind::RequestBody, value, &here)?,
                (Kind::Operation, "responses") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Response, v, at))?
                }
                (Kind::Operation, "callbacks") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Callback, v, at))?
                }
                (Kind::Callback, _) => self.walk(Kind::PathItem, value, &here)?,
                (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => {
                    self.walk(Kind::Schema, value, &here)?
                }
                (
                    Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response,
                    "content",
                ) => self.each(value, &here, |b, v, at| b.walk(Kind::MediaType, v, at))?,
                (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Example, v, at))?
                }
                (Kind::Response, "headers") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Header, v, at))?
                }
                (Kind::MediaType, "encoding") => self.each(value, &here, |b, v, at| {
                    b.walk_child(v, at, "headers", |b, v, at| {
                        b.each(v, at, |b, v, at| b.walk(Kind::Header, v, at))
                    })
                })?,
                (Kind::Schema, "properties") => self.properties(value, &here)?,
                (Kind::Schema, "allOf" | "oneOf" | "anyOf") => {
                    self.each(value, &here, |b, v, at| b.walk(Kind::Schema, v, at))?
                }
                (Kind::Schema, "items" | "not" | "additionalProperties") => {
                    self.walk(Kind::Schema, value, &here)?
                }
                (Kind::Schema, "discriminator") => self.discriminator(value, &here)?,
                // Examples, defaults and enums are data: a `$ref` key in them is not a reference.
                (
                    Kind::Schema | Kind::Parameter | Kind::Header | Kind::MediaType | Kind::Example,
                    "example" | "value" | "default" | "enum",
                ) => value.clone(),
                (Kind::Other, _) => self.walk(Kind::Other, value, &here)?,
                _ => value.clone(),
            };
            out.insert(key.clone(), walked);
        }
        if kind == Kind::Operation && self.v31 && !out.contains_key("responses") {
            // 3.1 makes `responses` optional; none declared is none known.
            out.insert("responses".to_owned(), Value::Object(Map::new()));
        }
        Ok(Value::Object(out))
    }

    /// A schema's `properties`: a mapping of schemas, or a `$ref` to one
    /// (JSON Reference allows one wherever a value stands), inlined.
    fn properties(&mut self, value: &Value, at: &Location) -> Result<Value> {
        let Some(reference) = pure_ref(value) else {
            return self.each(value, at, |b, v, at| b.walk(Kind::Schema, v, at));
        };
        let key = self.follow(at, reference)?;
        if self.inlining.contains(&key) {
            return Err(Error::RefCycle {
                location: at.clone(),
                chain: self.cycle_chain(&key),
            });
        }
        let target = self.fetch(&key, at, reference)?;
        let target_at = Location::new(key.0.clone(), key.1.clone());
        self.inlining.push(key);
        let walked = self.each(&target, &target_at, |b, v, at| b.walk(Kind::Schema, v, at));
        self.inlining.pop();
        if at.file == self.root {
            self.origins.insert(at.pointer.clone(), target_at);
        }
        walked
    }

    fn walk_child(
        &mut self,
        value: &Value,
        at: &Location,
        key: &str,
        f: impl FnOnce(&mut Self, &Value, &Location) -> Result<Value>,
    ) -> Result<Value> {
        let Value::Object(map) = value else {
            return Ok(value.clone());
        };
        let mut out = map.clone();
        if let Some(child) = map.get(key) {
            out.insert(key.to_owned(), f(self, child, &at.child(key))?);
        }
        Ok(Value::Object(out))
    }

    /// Discriminator mappings hold schema references as plain strings.
    fn discriminator(&mut self, value: &Value, at: &Location) -> Result<Value> {
        let mut out = value.clone();
        let Some(Value::Object(mapping)) = value.get("mapping") else {
            return Ok(out);
        };
        let mut rewritten = Map::new();
        for (tag, target) in mapping {
            let Some(reference) = target.as_str() else {
                continue;
            };
            let here = at.child("mapping").child(tag);
            // A bare name means a schema of the root's components.
            let found =
                if reference.contains('#') || reference.contains('.') || reference.contains('/') {
                    self.follow(&here, reference)
                } else {
                    let local = Location::new(self.root.clone(), "");
                    self.follow(&local, &format!("#/components/schemas/{reference}"))
                };
            // An unresolvable mapping entry costs one tag, not the client.
            let key = match found {
                Ok(key) => key,
                Err(Error::BrokenRef { reason, .. }) => {
                    self.warnings.push(Warning {
                        kind: WarningKind::DiscriminatorMapping,
                        location: here,
                        message: format!(
                            "discriminator mapping `{tag}` → `{reference}` does not resolve ({reason}); the entry is ignored"
                        ),
                    });
                    continue;
                }
                Err(err) => return Err(err),
            };
            let index = self.register(Kind::Schema, key);
            rewritten.insert(
                tag.clone(),
                Value::String(super::component_names::placeholder(Kind::Schema, index)),
            );
        }
        if let Value::Object(map) = &mut out {
            map.insert("mapping".to_owned(), Value::Object(rewritten));
        }
        Ok(out)
    }

    fn reference(
        &mut self,
        kind: Kind,
        reference: &str,
        map: &Map<String, Value>,
        at: &Location,
    ) -> Result<Value> {
        let key = self.follow(at, reference)?;
        if kind.section().is_some() {
            let index = self.register(kind, key);
            let mut out = Map::new();
            out.insert(
                "$ref".to_owned(),
                Value::String(super::component_names::placeholder(kind, index)),
            );
            // Siblings of a non-schema $ref (a description override) are kept.
            for (k, v) in map {
                if k != "$ref" {
                    out.insert(k.clone(), v.clone());
                }
            }
            return Ok(Value::Object(out));
        }
        if self.inlining.contains(&key) {
            return Err(Error::RefCycle {
                location: at.clone(),
                chain: self.cycle_chain(&key),
            });
        }
        if kind == Kind::PathItem
            && let Some(dir) = super::component_names::namespace(&self.root, &key.0)
        {
            *self.path_item_dirs.entry(dir).or_default() += 1;
        }
        let target_at = Location::new(key.0.clone(), key.1.clone());
        let target = self.fetch(&key, at, reference)?;
        self.inlining.push(key.clone());
        let walked = self.walk(kind, &target, &target_at);
        self.inlining.pop();
        let mut walked = walked?;
        if let Value::Object(out) = &mut walked {
            for (k, v) in map {
                if k != "$ref" {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if at.file == self.root {
            self.origins.insert(at.pointer.clone(), target_at);
        }
        Ok(walked)
    }

    fn cycle_chain(&self, key: &Key) -> String {
        let start = self.inlining.iter().position(|k| k == key).unwrap_or(0);
        self.inlining
            .iter()
            .skip(start)
            .chain(std::iter::once(key))
            .map(|(file, pointer)| format!("{}#{pointer}", file.display()))
            .collect::<Vec<_>>()
            .join(" -> ")
    }

    /// Resolves a reference and then any chain of references that are nothing
    /// but a `$ref`, so that aliases of one target become one component.
    fn follow(&mut self, at: &Location, reference: &str) -> Result<Key> {
        let mut key = resolve(at, reference)?;
        let mut seen: Vec<Key> = Vec::new();
        let mut from = at.clone();
        let mut text = reference.to_owned();
        loop {
            let (found, value) = super::reference::target(&mut self.files, &key, &from, &text)?;
            key = found;
            let Some(next) = pure_ref(&value) else {
                return Ok(key);
            };
            if seen.contains(&key) {
                seen.push(key);
                return Err(Error::RefCycle {
                    location: at.clone(),
                    chain: seen
                        .iter()
                        .map(|(file, pointer)| format!("{}#{pointer}", file.display()))
                        .collect::<Vec<_>>()
                        .join(" -> "),
                });
            }
            seen.push(key.clone());
            from = Location::new(key.0.clone(), pointer_push(&key.1, "$ref"));
            text = next.to_owned();
            key = resolve(&from, next)?;
        }
    }

    fn fetch(&mut self, key: &Key, from: &Location, reference: &str) -> Result<Value> {
        super::reference::target(&mut self.files, key, from, reference).map(|(_, value)| value)
    }

    fn register(&mut self, kind: Kind, key: Key) -> usize {
        if let Some(index) = self.index.get(&(kind, key.clone())) {
            return *index;
        }
        let index = self.entries.len();
        self.entries.push(Entry {
            kind,
            key: key.clone(),
            value: None,
            name: String::new(),
        });
        self.index.insert((kind, key), index);
        index
    }

    /// Walks each registered target; walking may register more.
    fn process_entries(&mut self) -> Result<()> {
        let mut next = 0;
        while let Some(entry) = self.entries.get(next) {
            let (kind, key) = (entry.kind, entry.key.clone());
            let at = Location::new(key.0.clone(), key.1.clone());
            let value = self.fetch(&key, &at, &format!("{}#{}", key.0.display(), key.1))?;
            let walked = self.walk(kind, &value, &at)?;
            if let Some(entry) = self.entries.get_mut(next) {
                entry.value = Some(walked);
            }
            next += 1;
        }
        Ok(())
    }
}

/// A value that is nothing but a `$ref`.
fn pure_ref(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    map.get("$ref")?.as_str()
}
