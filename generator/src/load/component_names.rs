//! Names the components of the bundled document and writes them: each name
//! follows from the target's own file and pointer (never from what else is
//! reachable or the order targets were met in); the walk's placeholder
//! `$ref`s are then replaced by those names.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::bundle::{Entry, Kind, PLACEHOLDER};
use super::reference::Key;
use crate::error::{Location, pointer_push, pointer_segments};
use crate::lower::naming::{model_name, type_name};

/// Chooses every component name from the target's own place only, so a
/// schema keeps its name when the spec changes elsewhere (issue 13): its
/// file stem (or the pointer's last segment), prefixed with its version
/// folder (`namespace`) when that is not the one the paths live in
/// (`V3ErrorResponseDto` for `v3/schemas/ErrorResponseDto.yaml` in the beta
/// root, whether or not another `ErrorResponseDto` is reachable). A root's alias
/// (`Foo: {$ref: foo.yaml}`) does not name its target: the alias can go
/// while the file stays. Targets that still want the same Rust name truly
/// collide: the shallowest path (then the smaller key) keeps it, the others
/// add their subfolders (`TriggerExampleOutputAccessRequestDynamicApprover`),
/// and a number only when even that is taken.
pub fn assign(entries: &mut [Entry], root: &Path, path_item_dirs: &BTreeMap<String, usize>) {
    let home = path_item_dirs
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(dir, _)| dir.clone());
    let mut wanted: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (i, entry) in entries.iter_mut().enumerate() {
        // Without a home (paths inline or one folder deep) there are no
        // versions to tell apart.
        let prefix = match (namespace(root, &entry.key.0), &home) {
            (Some(dir), Some(home)) if &dir != home => capitalise(&dir),
            _ => String::new(),
        };
        entry.name = format!("{prefix}{}", base_name(&entry.key));
        wanted
            .entry((entry.kind, model_name(&entry.name)))
            .or_default()
            .push(i);
    }
    let mut taken: HashSet<(Kind, String)> = wanted.keys().cloned().collect();
    for ((kind, _), mut ids) in wanted {
        if ids.len() < 2 {
            continue;
        }
        ids.sort_by_key(|&i| {
            entries
                .get(i)
                .map(|entry| (entry.key.0.components().count(), entry.key.clone()))
        });
        for &i in ids.iter().skip(1) {
            let Some(entry) = entries.get_mut(i) else {
                continue;
            };
            let skip = usize::from(namespace(root, &entry.key.0).is_some() && home.is_some());
            let qualifier: String = folders(root, &entry.key.0)
                .iter()
                .skip(skip)
                .filter(|folder| !GENERIC_FOLDERS.contains(&folder.as_str()))
                .map(|folder| type_name(folder))
                .collect();
            let stem = format!("{qualifier}{}", entry.name);
            let mut candidate = stem.clone();
            let mut n = 2;
            while !taken.insert((kind, model_name(&candidate))) {
                candidate = format!("{stem}{n}");
                n += 1;
            }
            entry.name = candidate;
        }
    }
}

/// Folders that say what a file holds, not which API it belongs to; they
/// do not qualify a name.
const GENERIC_FOLDERS: &[&str] = &[
    "schemas",
    "components",
    "models",
    "definitions",
    "paths",
    "parameters",
    "responses",
    "common",
    "shared",
];

/// Writes each component under its name and records where it came from.
pub fn emit(
    entries: &mut [Entry],
    origins: &mut BTreeMap<String, Location>,
    components: &mut Map<String, Value>,
) {
    let mut by_section: BTreeMap<&'static str, BTreeMap<String, Value>> = BTreeMap::new();
    for entry in entries.iter_mut() {
        let Some(section) = entry.kind.section() else {
            continue;
        };
        let value = entry.value.take().unwrap_or(Value::Null);
        by_section
            .entry(section)
            .or_default()
            .insert(entry.name.clone(), value);
        let pointer = pointer_push(&pointer_push("/components", section), &entry.name);
        origins.insert(
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

/// Replaces each placeholder `$ref` with the name its component got.
pub fn replace_placeholders(entries: &[Entry], value: &mut Value) {
    match value {
        // `$ref` values and discriminator mapping targets; the marker
        // character never occurs in real text.
        Value::String(text) if text.starts_with(PLACEHOLDER) => {
            if let Some(target) = placeholder_target(entries, text) {
                *text = target;
            }
        }
        Value::Object(map) => map
            .values_mut()
            .for_each(|child| replace_placeholders(entries, child)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| replace_placeholders(entries, item)),
        _ => {}
    }
}

fn placeholder_target(entries: &[Entry], text: &str) -> Option<String> {
    let index: usize = text.rsplit(PLACEHOLDER).next()?.parse().ok()?;
    let entry = entries.get(index)?;
    let section = entry.kind.section()?;
    Some(format!(
        "#{}",
        pointer_push(&pointer_push("/components", section), &entry.name)
    ))
}

/// A `$ref` to the component `index` becomes, once names are chosen.
pub fn placeholder(kind: Kind, index: usize) -> String {
    format!(
        "{PLACEHOLDER}{}{PLACEHOLDER}{index}",
        kind.section().unwrap_or("other")
    )
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

/// The folder of an API version a file lies in: the first folder below the
/// root's, when the file lies at least two folders deep (`v3` for
/// `idn/v3/schemas/X.yaml`). A file one folder deep (`schemas/Pet.yaml`)
/// sits in a folder of one kind of part, not in a version of the API, and so
/// does one under a folder named for a kind of part (`paths/users/x.yaml`).
pub fn namespace(root: &Path, file: &Path) -> Option<String> {
    let folders = folders(root, file);
    let first = folders.first()?;
    (folders.len() >= 2 && !GENERIC_FOLDERS.contains(&first.as_str())).then(|| first.clone())
}

/// The folders of `file` below the root's folder, outermost first (a file
/// beside the root has none).
fn folders(root: &Path, file: &Path) -> Vec<String> {
    let base = root.parent().unwrap_or(Path::new(""));
    let Ok(relative) = file.strip_prefix(base) else {
        return Vec::new();
    };
    let mut parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.pop();
    parts
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
