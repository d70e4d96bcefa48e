//! Turns a multi-file document into one self-contained document.
//!
//! Every `$ref` in a schema, response, parameter, request body or header
//! position becomes a component of that kind (one component per distinct
//! target, however many routes reach it); path items and examples are inlined.
//! Names are chosen only after the whole walk, from the set of targets, so they
//! do not depend on the order in which the targets were met.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::files::{Files, normalise};
use super::normalize;
use super::oas31;
use super::reference::{Key, resolve};
use super::validate;
use crate::error::{
    Error, InvalidKind, Location, RefKind, Result, UnsupportedKind, Warning, WarningKind,
    pointer_push, pointer_segments,
};

/// What a position in the document holds; decides how a `$ref` there is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
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
    fn section(self) -> Option<&'static str> {
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
const PLACEHOLDER: char = '\u{1}';

struct Entry {
    kind: Kind,
    key: Key,
    /// The root's own `components` name, when the root declares one.
    declared: Option<String>,
    value: Option<Value>,
    name: String,
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

/// Loads `root` and everything it references into one document.
pub fn bundle(root: &Path) -> Result<Bundled> {
    let root = normalise(root);
    let mut bundler = Bundler {
        files: Files::default(),
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
    bundler.v31 = check_version(top, &root)?;
    let mut out = bundler.document(top)?;
    if bundler.v31 {
        // 3.1 makes `paths` optional (a document may hold only webhooks).
        out.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    bundler.process_entries()?;
    bundler.assign_names();
    let mut components = match out.remove("components") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    bundler.emit_components(&mut components);
    out.insert("components".to_owned(), Value::Object(components));
    let mut document = Value::Object(out);
    bundler.replace_placeholders(&mut document);
    Ok(Bundled {
        document,
        origins: bundler.origins,
        files_read: bundler.files.len(),
        notes: bundler.notes,
        warnings: bundler.warnings,
    })
}

/// Accepts OpenAPI 3.0.x and 3.1.x; returns whether it is 3.1.
fn check_version(top: &Map<String, Value>, root: &Path) -> Result<bool> {
    if let Some(version) = top.get("swagger") {
        return Err(Error::Unsupported {
            kind: UnsupportedKind::Swagger,
            location: Location::new(root, "/swagger"),
            message: format!(
                "Swagger/OpenAPI {} documents; convert it to OpenAPI 3.0 first (for example with swagger2openapi)",
                display_scalar(version)
            ),
        });
    }
    match top.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => Ok(false),
        Some(v) if v.starts_with("3.1") => Ok(true),
        Some(v) if v.starts_with("3.") => Err(Error::Unsupported {
            kind: UnsupportedKind::LaterOpenApi,
            location: Location::new(root, "/openapi"),
            message: format!("OpenAPI {v}; this generator reads OpenAPI 3.0.x and 3.1.x documents"),
        }),
        Some(v) => Err(Error::Invalid {
            kind: InvalidKind::UnknownVersion,
            location: Location::new(root, "/openapi"),
            message: format!("unknown OpenAPI version `{v}`; expected 3.0.x or 3.1.x"),
        }),
        None => Err(Error::Invalid {
            kind: InvalidKind::MissingVersion,
            location: Location::new(root, ""),
            message:
                "missing `openapi: 3.0.x` field; is this an OpenAPI document? (3.1.x is read too)"
                    .to_owned(),
        }),
    }
}

fn display_scalar(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
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
            // Components defined here first, aliases (`X: {$ref: ...}`) after:
            // an alias names its target only when nothing else names it, so
            // document order cannot rename a schema.
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
                let index = self.register(kind, key);
                if let Some(entry) = self.entries.get_mut(index) {
                    entry.declared.get_or_insert_with(|| name.clone());
                }
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
            rewritten.insert(tag.clone(), Value::String(placeholder(Kind::Schema, index)));
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
            out.insert("$ref".to_owned(), Value::String(placeholder(kind, index)));
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
            && let Some(dir) = top_dir(&self.root, &key.0)
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
            let (found, value) = self.target(&key, &from, &text)?;
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
        self.target(key, from, reference).map(|(_, value)| value)
    }

    /// The value `key` names and where it really is: a pointer that passes
    /// through a `$ref` (`#/paths/~1pets/get` where `/paths/~1pets` is a
    /// `$ref` to another file) continues in that reference's target.
    fn target(&mut self, key: &Key, from: &Location, reference: &str) -> Result<(Key, Value)> {
        let doc = self.files.get(&key.0, from)?;
        if let Some(value) = lookup(&doc, &key.1) {
            return Ok((key.clone(), value.clone()));
        }
        let broken = || Error::BrokenRef {
            kind: RefKind::NothingAtPointer,
            location: from.clone(),
            reference: reference.to_owned(),
            reason: format!("{} has nothing at `{}`", key.0.display(), key.1),
        };
        let mut at: Key = (key.0.clone(), String::new());
        let mut doc = doc;
        let mut hops = 0_usize;
        for segment in pointer_segments(&key.1) {
            loop {
                let node = lookup(&doc, &at.1).ok_or_else(broken)?;
                if node.get(&segment).is_some() || node.is_array() {
                    break;
                }
                let next = node
                    .get("$ref")
                    .and_then(Value::as_str)
                    .ok_or_else(broken)?;
                hops += 1;
                if hops > 64 {
                    return Err(broken());
                }
                let here = Location::new(at.0.clone(), pointer_push(&at.1, "$ref"));
                at = resolve(&here, next)?;
                doc = self.files.get(&at.0, &here)?;
            }
            at.1 = pointer_push(&at.1, &segment);
        }
        let value = lookup(&doc, &at.1).ok_or_else(broken)?.clone();
        Ok((at, value))
    }

    fn register(&mut self, kind: Kind, key: Key) -> usize {
        if let Some(index) = self.index.get(&(kind, key.clone())) {
            return *index;
        }
        let index = self.entries.len();
        self.entries.push(Entry {
            kind,
            key: key.clone(),
            declared: None,
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

    /// Chooses every component name. The root's declared name wins; otherwise
    /// the file stem (or the pointer's last segment). Distinct targets that
    /// want the same name keep it only in the folder the paths live in; the
    /// others are prefixed with their folder (`V3Entitlement`).
    fn assign_names(&mut self) {
        let home = self
            .path_item_dirs
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(dir, _)| dir.clone());
        let mut order: Vec<(usize, &Entry)> = self.entries.iter().enumerate().collect();
        order.sort_by(|(_, ea), (_, eb)| {
            ea.kind
                .cmp(&eb.kind)
                .then(ea.declared.is_none().cmp(&eb.declared.is_none()))
                .then(ea.key.cmp(&eb.key))
        });
        let mut wanted: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
        for &(i, entry) in &order {
            let name = entry
                .declared
                .clone()
                .unwrap_or_else(|| base_name(&entry.key));
            wanted.entry((entry.kind, name)).or_default().push(i);
        }
        // Each group's first member keeps the plain name (groups have
        // distinct names, so these never clash); only then do the others get
        // prefixed names, avoiding every name already given.
        let mut groups: Vec<_> = wanted.into_iter().collect();
        groups.sort();
        let mut taken: HashSet<(Kind, String)> = HashSet::new();
        let mut rest = Vec::new();
        for ((kind, name), ids) in groups {
            let mut ranked = ids;
            ranked.sort_by_key(|&i| {
                self.entries.get(i).map(|entry| {
                    let dir = top_dir(&self.root, &entry.key.0);
                    (
                        entry.declared.is_none(),
                        dir != home || dir.is_none(),
                        entry.key.clone(),
                    )
                })
            });
            let mut members = ranked.into_iter();
            if let Some(first) = members.next()
                && let Some(entry) = self.entries.get_mut(first)
            {
                entry.name = name.clone();
                taken.insert((kind, name.clone()));
            }
            rest.extend(members.map(|i| (kind, name.clone(), i)));
        }
        for (kind, name, i) in rest {
            let Some(entry) = self.entries.get(i) else {
                continue;
            };
            let dir = top_dir(&self.root, &entry.key.0);
            let stem = match &dir {
                Some(dir) if Some(dir) != home.as_ref() => format!("{}{name}", capitalise(dir)),
                _ => name.clone(),
            };
            let mut candidate = stem.clone();
            let mut n = 2;
            while taken.contains(&(kind, candidate.clone())) {
                candidate = format!("{stem}{n}");
                n += 1;
            }
            taken.insert((kind, candidate.clone()));
            if let Some(entry) = self.entries.get_mut(i) {
                entry.name = candidate;
            }
        }
    }

    fn emit_components(&mut self, components: &mut Map<String, Value>) {
        let mut by_section: BTreeMap<&'static str, BTreeMap<String, Value>> = BTreeMap::new();
        for entry in &mut self.entries {
            let Some(section) = entry.kind.section() else {
                continue;
            };
            let value = entry.value.take().unwrap_or(Value::Null);
            by_section
                .entry(section)
                .or_default()
                .insert(entry.name.clone(), value);
            let pointer = pointer_push(&pointer_push("/components", section), &entry.name);
            self.origins.insert(
                pointer,
                Location::new(entry.key.0.clone(), entry.key.1.clone()),
            );
        }
        for (section, items) in by_section {
            components.insert(
                section.to_owned(),
                Value::Object(items.into_iter().collect()),
            );
        }
    }

    fn replace_placeholders(&self, value: &mut Value) {
        match value {
            // `$ref` values and discriminator mapping targets; the marker
            // character never occurs in real text.
            Value::String(text) if text.starts_with(PLACEHOLDER) => {
                if let Some(target) = self.placeholder_target(text) {
                    *text = target;
                }
            }
            Value::Object(map) => map
                .values_mut()
                .for_each(|child| self.replace_placeholders(child)),
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| self.replace_placeholders(item)),
            _ => {}
        }
    }

    fn placeholder_target(&self, text: &str) -> Option<String> {
        let index: usize = text.rsplit(PLACEHOLDER).next()?.parse().ok()?;
        let entry = self.entries.get(index)?;
        let section = entry.kind.section()?;
        Some(format!(
            "#{}",
            pointer_push(&pointer_push("/components", section), &entry.name)
        ))
    }
}

fn placeholder(kind: Kind, index: usize) -> String {
    format!(
        "{PLACEHOLDER}{}{PLACEHOLDER}{index}",
        kind.section().unwrap_or("other")
    )
}

/// A value that is nothing but a `$ref`.
fn pure_ref(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    map.get("$ref")?.as_str()
}

fn lookup<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut current = doc;
    for segment in pointer_segments(pointer) {
        current = match current {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The name a target asks for: its file's stem, or the last meaningful segment
/// of its pointer.
fn base_name(key: &Key) -> String {
    let stem = key
        .0
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let generic = |s: &str| {
        matches!(
            s,
            "schema" | "items" | "additionalProperties" | "content" | "application/json"
        ) || s.chars().all(|c| c.is_ascii_digit())
    };
    let segments = pointer_segments(&key.1);
    match segments.last() {
        None => stem,
        Some(last) if !generic(last) => last.clone(),
        Some(_) => {
            let parts: Vec<String> = std::iter::once(stem)
                .chain(segments.into_iter().filter(|s| !generic(s) || s.len() == 3))
                .collect();
            parts.join("_")
        }
    }
}

/// The first folder of `file` below the root's folder (`v3` for `idn/v3/schemas/X.yaml`).
fn top_dir(root: &Path, file: &Path) -> Option<String> {
    let base = root.parent().unwrap_or(Path::new(""));
    let relative = file.strip_prefix(base).ok()?;
    let mut parts = relative.components();
    let first = parts.next()?;
    // A file directly beside the root has no folder.
    parts.next()?;
    Some(first.as_os_str().to_string_lossy().into_owned())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
