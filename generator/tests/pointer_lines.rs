//! `diagnostic::find_pointer` against real documents: a sample of the nodes of our
//! `spec/` and of SailPoint's multi-file spec (when present) is found at the
//! line where its key (or `- ` item, or flow value) is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use isc_codegen::diagnostic::find_pointer;
use serde_json::Value;

/// Every pointer of `value` whose node is a mapping entry or sequence item.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(here.clone());
                pointers(child, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.push(here.clone());
                pointers(child, &here, out);
            }
        }
        _ => {}
    }
}

/// Checks every node of one file; returns (nodes, found exactly). A file
/// that does not parse has no nodes.
fn check_file(path: &Path, sample: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let Ok(doc) = isc_codegen::load::parse_file(path, &text) else {
        return (0, 0);
    };
    let json = path.extension().is_some_and(|e| e == "json");
    let mut all = Vec::new();
    pointers(&doc, "", &mut all);
    let lines: Vec<&str> = text.lines().collect();
    let mut exact = 0;
    // Each lookup walks the file from the top: a sample keeps big files quick.
    let step = (all.len() / sample).max(1);
    let all: Vec<&String> = all.iter().step_by(step).collect();
    for pointer in &all {
        let found = find_pointer(&text, pointer, json)
            .unwrap_or_else(|| panic!("{}#{pointer}: nothing found", path.display()));
        if !found.exact {
            if std::env::var_os("SHOW_MISSES").is_some() {
                eprintln!("miss {}#{pointer} -> line {}", path.display(), found.line);
            }
            continue;
        }
        exact += 1;
        // An exact hit is on the line that writes the last segment.
        let last = pointer
            .rsplit('/')
            .next()
            .unwrap()
            .replace("~1", "/")
            .replace("~0", "~");
        let line = lines[found.line - 1];
        let marked = &text[found.start..found.end];
        // A sequence item is marked from its `- ` (block) or its value (flow).
        let item_ok = last.parse::<usize>().is_ok()
            && (marked.starts_with(['-', '[', '{'])
                || match doc.pointer(pointer) {
                    Some(Value::String(s)) => {
                        marked.contains(s.as_str()) || line.contains(s.as_str())
                    }
                    Some(other) => marked.contains(&other.to_string()),
                    None => false,
                });
        assert!(
            item_ok || marked.contains(&last) || line.contains(&last),
            "{}#{pointer}: line {} is `{line}`",
            path.display(),
            found.line
        );
    }
    (all.len(), exact)
}

#[test]
fn every_node_of_our_spec_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let (mut nodes, mut exact) = (0, 0);
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let (n, e) = check_file(&path, 500);
            nodes += n;
            exact += e;
        }
    }
    eprintln!("{nodes} nodes, {exact} found exactly");
    assert!(
        nodes > 500 && exact * 100 >= nodes * 99,
        "{exact} of {nodes}"
    );
}

#[test]
fn every_node_of_the_upstream_spec_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs/sailpoint-api-specs/idn/beta");
    if !root.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!("{} is missing", root.display());
        }
        eprintln!("skipped: {} is missing", root.display());
        return;
    }
    let mut pending: Vec<PathBuf> = vec![root];
    let (mut files, mut nodes, mut exact) = (0, 0, 0);
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                let (n, e) = check_file(&path, 60);
                files += 1;
                nodes += n;
                exact += e;
            }
        }
    }
    eprintln!("{files} files, {nodes} nodes, {exact} found exactly");
    assert!(files > 100);
    assert!(exact * 100 >= nodes * 99, "{exact} of {nodes}");
}
