//! Parsing `$ref` strings into a file and a JSON pointer, and finding the
//! value such a target names.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::files::{Files, normalise};
use crate::error::{
    Error, Location, RefKind, Result, UnsupportedKind, pointer_push, pointer_segments,
};

/// A resolved reference target: a normalised file path and a JSON pointer in it.
pub type Key = (PathBuf, String);

/// Resolves `reference`, written at `at`, to the file and pointer it names.
/// Relative file parts are taken from the directory of the file that holds the ref.
pub fn resolve(at: &Location, reference: &str) -> Result<Key> {
    let broken = |reason: &str| Error::BrokenRef {
        kind: RefKind::Malformed,
        location: at.clone(),
        reference: reference.to_owned(),
        reason: reason.to_owned(),
    };
    let (file_part, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment),
        None => (reference, ""),
    };
    if file_part.contains("://") {
        return Err(Error::Unsupported {
            kind: UnsupportedKind::RemoteRef,
            location: at.clone(),
            message: format!(
                "remote $ref `{reference}`; download the file and refer to it by a relative path"
            ),
        });
    }
    let file = if file_part.is_empty() {
        at.file.clone()
    } else {
        let base = at.file.parent().unwrap_or(Path::new(""));
        normalise(&base.join(percent_decode(file_part)))
    };
    let pointer = percent_decode(fragment);
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(broken(
            "the part after `#` must be empty or a JSON pointer starting with `/`",
        ));
    }
    Ok((file, pointer))
}

/// The value `key` names and where it really is: a pointer that passes
/// through a `$ref` (`#/paths/~1pets/get` where `/paths/~1pets` is a
/// `$ref` to another file) continues in that reference's target.
pub fn target(
    files: &mut Files,
    key: &Key,
    from: &Location,
    reference: &str,
) -> Result<(Key, Value)> {
    let doc = files.get(&key.0, from)?;
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
            doc = files.get(&at.0, &here)?;
        }
        at.1 = pointer_push(&at.1, &segment);
    }
    let value = lookup(&doc, &at.1).ok_or_else(broken)?.clone();
    Ok((at, value))
}

/// The node at `pointer` in one parsed file.
pub fn lookup<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
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

/// Decodes `%XX` escapes (URI fragments may encode `{`, `}` and spaces).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or_default();
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str) -> Location {
        Location::new(file, "/x")
    }

    #[test]
    fn relative_file_across_directories() {
        let key = resolve(
            &at("idn/beta/paths/accounts.yaml"),
            "../../v3/parameters/limit.yaml",
        )
        .ok();
        assert_eq!(
            key,
            Some((PathBuf::from("idn/v3/parameters/limit.yaml"), String::new()))
        );
    }

    #[test]
    fn file_with_pointer() {
        let key = resolve(&at("a/b.yaml"), "./c.yaml#/components/schemas/D").ok();
        assert_eq!(
            key,
            Some((
                PathBuf::from("a/c.yaml"),
                "/components/schemas/D".to_owned()
            ))
        );
    }

    #[test]
    fn local_pointer_stays_in_file() {
        let key = resolve(&at("a/b.yaml"), "#/components/schemas/D").ok();
        assert_eq!(
            key,
            Some((
                PathBuf::from("a/b.yaml"),
                "/components/schemas/D".to_owned()
            ))
        );
    }

    #[test]
    fn percent_escapes_decode() {
        let key = resolve(&at("a.yaml"), "#/paths/~1items~1%7Bid%7D").ok();
        assert_eq!(key.map(|k| k.1), Some("/paths/~1items~1{id}".to_owned()));
    }

    #[test]
    fn remote_refs_are_refused_with_a_hint() {
        let err = resolve(&at("a.yaml"), "https://example.com/x.yaml").err();
        assert!(matches!(err, Some(Error::Unsupported { .. })));
    }

    #[test]
    fn bad_fragment_is_a_broken_ref() {
        let err = resolve(&at("a.yaml"), "b.yaml#components").err();
        assert!(matches!(err, Some(Error::BrokenRef { .. })));
    }
}
