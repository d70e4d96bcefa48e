//! What `check` prints when the output is stale: per file, what would
//! change, and a unified diff (through `similar`).

use std::path::Path;

use crate::write::Difference;

/// What `check` prints when the output is stale: per file, what would change
/// and a unified diff of at most `max_lines` lines, then the counts.
pub fn render_differences(
    dir: &Path,
    differences: &[Difference],
    generated: &[crate::GeneratedFile],
    max_lines: usize,
    color: bool,
) -> String {
    use std::fmt::Write as _;
    let (mut added, mut removed) = (0usize, 0usize);
    let mut out = String::new();
    let paint = |code: &str, line: &str| {
        if color {
            format!("\u{1b}[{code}m{line}\u{1b}[0m")
        } else {
            line.to_owned()
        }
    };
    for difference in differences {
        let (rel, old, new) = match difference {
            Difference::Missing(rel) => (rel, String::new(), contents(generated, rel)),
            Difference::Changed(rel) => (
                rel,
                std::fs::read_to_string(dir.join(rel)).unwrap_or_default(),
                contents(generated, rel),
            ),
            Difference::Stale(rel) => (
                rel,
                std::fs::read_to_string(dir.join(rel)).unwrap_or_default(),
                String::new(),
            ),
        };
        let diff = similar::TextDiff::from_lines(&old, &new);
        let (mut plus, mut minus) = (0usize, 0usize);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => plus += 1,
                similar::ChangeTag::Delete => minus += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        added += plus;
        removed += minus;
        let what = match difference {
            Difference::Missing(_) => "would be created",
            Difference::Changed(_) => "differs",
            Difference::Stale(_) => "would be removed",
        };
        let _ = writeln!(out, "{} {what} (+{plus} -{minus})", rel.display());
        let name = rel.display().to_string().replace('\\', "/");
        let text = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        for line in lines.iter().take(max_lines) {
            let line = if line.starts_with("+++") || line.starts_with("---") {
                paint("1", line)
            } else if line.starts_with('+') {
                paint("32", line)
            } else if line.starts_with('-') {
                paint("31", line)
            } else if line.starts_with("@@") {
                paint("36", line)
            } else {
                (*line).to_owned()
            };
            let _ = writeln!(out, "    {line}");
        }
        if lines.len() > max_lines {
            let _ = writeln!(out, "    ... {} more diff lines", lines.len() - max_lines);
        }
    }
    let _ = writeln!(
        out,
        "{} file(s) differ: +{added} -{removed} lines",
        differences.len()
    );
    out
}

fn contents(files: &[crate::GeneratedFile], rel: &Path) -> String {
    files
        .iter()
        .find(|f| f.path == rel)
        .map(|f| f.contents.clone())
        .unwrap_or_default()
}
