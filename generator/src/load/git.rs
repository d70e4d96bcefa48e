//! A spec as it was at a git revision, read without a checkout: the files of
//! the revision's tree are listed with `git ls-tree` and read in one
//! `git cat-file --batch`, so loading an old side costs two processes, not
//! one per file. Keys are the paths the loader would use on disk, so `$ref`
//! resolution does not know where the text came from.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use super::files::{Source, normalise};
use crate::error::{Error, Location, Result};

/// The YAML and JSON files of the repository holding `input`, as they were
/// at `rev`.
pub fn revision(input: &Path, rev: &str) -> Result<Source> {
    let input = normalise(input);
    let dir = match input.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |message: String| Error::Io {
        location: Location::new(&input, ""),
        path: input.clone(),
        source: std::io::Error::other(message),
    };
    let prefix = git(&dir, &["rev-parse", "--show-prefix"], None).map_err(&fail)?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_owned();
    // From the input's folder up to the repository's top.
    let up: PathBuf = Path::new(&prefix).components().map(|_| "..").collect();
    let listing = git(&dir, &["ls-tree", "-r", "-z", "--full-tree", rev], None).map_err(&fail)?;
    let mut wanted = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        // `<mode> blob <id>\t<path>`
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(_), Some("blob"), Some(id)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        let spec_like = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if spec_like {
            wanted.push((id.to_owned(), normalise(&dir.join(&up).join(path))));
        }
    }
    let request: String = wanted.iter().map(|(id, _)| format!("{id}\n")).collect();
    let batch = git(&dir, &["cat-file", "--batch"], Some(request.as_bytes())).map_err(&fail)?;
    let mut files = HashMap::with_capacity(wanted.len());
    let mut rest = batch.as_slice();
    for (_, path) in wanted {
        // `<id> blob <size>\n<bytes>\n`, or `<id> missing\n` for a blob the
        // clone does not have (a partial clone): that file is then absent.
        let Some(end) = rest.iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(rest.get(..end).unwrap_or_default()).into_owned();
        rest = rest.get(end.saturating_add(1)..).unwrap_or_default();
        let Some(size) = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| !header.ends_with("missing"))
        else {
            continue;
        };
        let body = rest.get(..size).unwrap_or_default();
        files.insert(path, String::from_utf8_lossy(body).into_owned());
        rest = rest.get(size.saturating_add(1)..).unwrap_or_default();
    }
    Ok(Source::Tree(Arc::new(files)))
}

/// Runs git in `dir`; its standard output, or what it said on failure.
fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> std::result::Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        // Written from a thread: git answers while it reads, and a full pipe
        // would otherwise stop both sides.
        let text = text.to_vec();
        std::thread::spawn(move || stdin.write_all(&text));
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("git {}: {e}", args.join(" ")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
