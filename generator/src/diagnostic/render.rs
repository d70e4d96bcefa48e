//! Laying a diagnostic out: header, `file:line:column`, the offending line
//! with a marker under it, the pointer, notes and the hint (through
//! annotate-snippets), and the helpers that cut the line to show.

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::locate::{Found, find_pointer};
use super::{Diagnostic, Severity};
use crate::error::Location;

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// No source snippet: the header, `file:line:column`, pointer and hint only.
    pub compact: bool,
}

impl Style {
    /// No colour, full snippets: what tests and logs want.
    pub fn plain() -> Self {
        Self::default()
    }

    /// Colour when `stream_is_terminal` and `NO_COLOR` is unset (or empty).
    pub fn for_terminal(stream_is_terminal: bool) -> Self {
        Self {
            color: color_allowed(stream_is_terminal),
            compact: false,
        }
    }
}

/// Whether to colour output for a stream: only on a terminal, and never when
/// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
pub fn color_allowed(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Diagnostic {
    /// Renders with the file's text given (`None`: no snippet).
    pub fn render_with_source(&self, source: Option<&str>, style: Style) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = clean(&self.message);
        let mut group = Group::with_title(level.primary_title(title));
        let mut notes: Vec<String> = Vec::new();
        if let Some(location) = &self.location {
            let path = clean(&location.file.display().to_string());
            let found = source.and_then(|text| self.locate(location, text));
            match found {
                Some(found) if !style.compact => {
                    let mut annotation = AnnotationKind::Primary.span(found.span.clone());
                    if let Some(label) = &found.label {
                        annotation = annotation.label(label.clone());
                    }
                    group = group.element(
                        Snippet::source(found.text)
                            .line_start(found.line)
                            .path(path)
                            .annotation(annotation),
                    );
                }
                Some(found) => {
                    group = group.element(
                        Origin::path(path)
                            .line(found.line)
                            .char_column(found.column),
                    );
                    if let Some(label) = found.label {
                        notes.push(label);
                    }
                }
                None => {
                    let mut origin = Origin::path(path);
                    if let Some(line) = location.line {
                        origin = origin.line(line).char_column(self.column.unwrap_or(1));
                    }
                    group = group.element(origin);
                }
            }
            group = group.element(
                Level::NOTE
                    .with_name("pointer")
                    .message(clean(&self.pointer_text(location))),
            );
        }
        for note in notes {
            group = group.element(Level::NOTE.message(clean(&note)));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(clean(hint)));
        }
        let renderer = if style.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }

    fn pointer_text(&self, location: &Location) -> String {
        if location.pointer.is_empty() {
            if location.line.is_some() || self.column.is_some() {
                "(none: the file does not parse, so it has no nodes yet)".to_owned()
            } else {
                "(the document root)".to_owned()
            }
        } else {
            format!("#{}", location.pointer)
        }
    }

    /// The line to show and what to mark on it.
    fn locate(&self, location: &Location, text: &str) -> Option<Shown> {
        if let Some(line) = location.line {
            return line_at(text, line, self.column.unwrap_or(1));
        }
        if location.pointer.is_empty() {
            // The whole document: no line is more to blame than another.
            return None;
        }
        let json = is_json_path(&location.file);
        let focused = self.focus_key.and_then(|key| {
            let pointer = crate::error::pointer_push(&location.pointer, key);
            let found = find_pointer(text, &pointer, json).filter(|found| found.exact)?;
            // Mark the key and its value: `$ref: ./missing.yaml`.
            let line_end = text
                .get(found.start..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| found.start + i);
            let value_end = text
                .get(found.start..line_end)
                .map_or(found.end, |line| found.start + line.trim_end().len());
            Some(Found {
                end: value_end.max(found.end),
                ..found
            })
        });
        let found = match focused {
            Some(found) => found,
            None => find_pointer(text, &location.pointer, json)?,
        };
        let label = (!found.exact)
            .then(|| "the pointer's nearest parent that could be found in the text".to_owned());
        let mut shown = window(text, found.start, found.end)?;
        shown.label = label;
        Some(shown)
    }
}

/// Control characters from the spec never reach the terminal as such.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn is_json_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// One line of text to show, and the bytes of it to mark.
struct Shown {
    text: String,
    line: usize,
    column: usize,
    span: std::ops::Range<usize>,
    label: Option<String>,
}

/// The line holding byte `start` of `text`, with `start..end` (clamped to
/// the line) to mark. Control characters are replaced byte for byte, so the
/// marker stays in place; long lines are cut around the marker when rendered.
fn window(text: &str, start: usize, end: usize) -> Option<Shown> {
    let start = start.min(text.len());
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    let line_text = text.get(line_start..line_end)?.trim_end_matches('\r');
    let line = text.get(..line_start)?.matches('\n').count() + 1;
    let span_start = (start - line_start).min(line_text.len());
    let span_end = end
        .saturating_sub(line_start)
        .clamp(span_start, line_text.len());
    let shown: String = line_text
        .chars()
        .flat_map(|c| {
            let keep = !c.is_control() || c == '\t';
            let replacement = if keep {
                None
            } else {
                Some("?".repeat(c.len_utf8()))
            };
            replacement.map_or_else(|| vec![c], |r| r.chars().collect())
        })
        .collect();
    let column = line_text
        .get(..span_start)
        .map_or(1, |s| s.chars().count() + 1);
    Some(Shown {
        text: shown,
        line,
        column,
        span: span_start..span_end,
        label: None,
    })
}

/// The window for a parser's 1-based line and column: the token that starts
/// there is marked (one character at least; past the end, the line's end).
fn line_at(text: &str, line: usize, column: usize) -> Option<Shown> {
    let mut offset = 0;
    let mut last_start = 0;
    for (index, piece) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let content = piece.trim_end_matches(['\n', '\r']);
            let start = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i);
            // A word is marked whole; any other character alone.
            let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '.');
            let rest = content.get(start..).unwrap_or_default();
            let token = match rest.chars().next() {
                Some(c) if word(c) => rest.find(|c: char| !word(c)).unwrap_or(rest.len()),
                Some(c) => c.len_utf8(),
                None => 0,
            };
            return window(text, offset + start, offset + start + token);
        }
        last_start = offset;
        offset += piece.len();
    }
    // The parser stopped after the last line (at the end of the file).
    if text.trim().is_empty() {
        return None;
    }
    let last = text.get(last_start..).unwrap_or_default();
    let end = last_start + last.trim_end_matches(['\n', '\r']).len();
    window(text, end, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{DiagnosticKind, ErrorKind, SyntaxKind};

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let text = format!("{} X {}\n", "a".repeat(500), "b".repeat(500));
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            message: "m".to_owned(),
            kind: DiagnosticKind::Error(ErrorKind::Syntax(SyntaxKind::Yaml)),
            location: Some(Location {
                line: Some(1),
                ..Location::new("f.yaml", "")
            }),
            column: Some(502),
            focus_key: None,
            hint: None,
        };
        let rendered = diagnostic.render_with_source(Some(&text), Style::plain());
        assert!(rendered.contains("--> f.yaml:1:502"), "{rendered}");
        assert!(rendered.lines().all(|l| l.len() < 200), "{rendered}");
    }

    #[test]
    fn control_characters_keep_the_marker_in_place() {
        let shown = window("a\u{1b}b: c\n", 2, 3);
        let shown = shown.map(|s| (s.text.clone(), s.span.clone(), s.column));
        assert_eq!(shown, Some(("a?b: c".to_owned(), 2..3, 3)));
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\u{fffd}[31mb");
    }
}
