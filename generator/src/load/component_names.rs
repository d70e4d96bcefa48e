//! Names the components of the bundled document and writes them: one name
//! per distinct target, decided from the whole set of targets after the
//! walk, so names do not depend on the order the targets were met in; the
//! walk's placeholder `$ref`s are then replaced by those names.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::bundle::{Entry, Kind, PLACEHOLDER};
use super::reference::Key;
use crate::error::{Location, pointer_push, pointer_segments};

/// Chooses every component name. The root's declared name wins; otherwise
/// the file stem (or the pointer's last segment). Distinct targets that
/// want the same name keep it only in the folder the paths live in; the
/// others are prefixed with their folder (`V3Entitlement`).
pub fn assign(entries: &mut [Entry], root: &Path, path_item_dirs: &BTreeMap<String, usize>) {
    let home = path_item_dirs
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(dir, _)| dir.clone());
    let mut order: Vec<(usize, &Entry)> = entries.iter().enumerate().collect();
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
            entries.get(i).map(|entry| {
                let dir = top_dir(root, &entry.key.0);
                (
                    entry.declared.is_none(),
                    dir != home || dir.is_none(),
                    entry.key.clone(),
                )
            })
        });
        let mut members = ranked.into_iter();
        if let Some(first) = members.next()
            && let Some(entry) = entries.get_mut(first)
        {
            entry.name = name.clone();
            taken.insert((kind, name.clone()));
        }
        rest.extend(members.map(|i| (kind, name.clone(), i)));
    }
    for (kind, name, i) in rest {
        let Some(entry) = entries.get(i) else {
            continue;
        };
        let dir = top_dir(root, &entry.key.0);
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
        if let Some(entry) = entries.get_mut(i) {
            entry.name = candidate;
        }
    }
}

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

/// The first folder of `file` below the root's folder (`v3` for `idn/v3/schemas/X.yaml`).
pub fn top_dir(root: &Path, file: &Path) -> Option<String> {
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
