//! The report as Markdown for a pull request (a summary line, then one
//! section per tag with one line per change) and as JSON for tools.

use serde_json::{Value, json};

use super::change::{Class, Report};

const CLASSES: [Class; 3] = [Class::Major, Class::Minor, Class::Patch];

/// The summary line and one section per report section.
pub fn markdown(report: &Report, version: &str) -> String {
    let class = report.class();
    let mut out = format!("**Rust API change: {class}**");
    if report.changes.is_empty() {
        out.push_str(" — the generated Rust API is the same.\n");
        return out;
    }
    let counts: Vec<String> = CLASSES
        .iter()
        .map(|c| (report.count(*c), c))
        .filter(|(n, _)| *n > 0)
        .map(|(n, c)| format!("{n} {c}"))
        .collect();
    out.push_str(&format!(
        " — {}; version bump: {} ({version} → {})\n",
        counts.join(", "),
        report.bump(version),
        report.next_version(version)
    ));
    let mut section = None;
    for change in &report.changes {
        if section != Some(&change.section) {
            out.push_str(&format!("\n## {}\n\n", change.section));
            section = Some(&change.section);
        }
        out.push_str(&format!(
            "- `{}` {} ({})\n",
            change.item, change.message, change.class
        ));
    }
    out
}

/// One object: `semver`, the bump, the counts and the changes.
pub fn json(report: &Report, version: &str) -> Value {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "class": c.class.as_str(),
                "section": c.section,
                "item": c.item,
                "message": c.message,
            })
        })
        .collect();
    json!({
        "semver": report.class().as_str(),
        "bump": report.bump(version),
        "version": { "from": version, "to": report.next_version(version) },
        "counts": {
            "major": report.count(Class::Major),
            "minor": report.count(Class::Minor),
            "patch": report.count(Class::Patch),
        },
        "changes": changes,
    })
}
