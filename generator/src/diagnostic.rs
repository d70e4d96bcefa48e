//! Diagnostics for people: every error and warning rendered with the file,
//! line and column, the offending line with a marker under it, the JSON
//! pointer of the node, the message and a `help:` hint that says what to do.
//!
//! Errors carry a [`Location`] (file and JSON pointer; the line only for parse
//! errors). [`find_pointer`] re-reads the file and finds the line of a JSON
//! pointer in YAML (block style) or JSON text, so that every diagnostic can
//! show a snippet. It is best effort: when the pointer goes where the text
//! walk cannot follow (flow collections, anchors, merge keys), the nearest
//! parent found is marked and the label says so.
//!
//! ```
//! use isc_codegen::diagnostic::{Diagnostic, Style};
//!
//! let err = isc_codegen::generate(&isc_codegen::Options {
//!     input: "does/not/exist.yaml".into(),
//!     ..Default::default()
//! })
//! .unwrap_err();
//! let text = Diagnostic::from_error(&err).render(Style::plain());
//! assert!(text.starts_with("error: cannot read does/not/exist.yaml"));
//! assert!(text.contains("help: check the path given to `--input`"));
//! ```

use std::io::ErrorKind;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::error::{Error, Location, pointer_segments};
use crate::lower::Warning;
use crate::write::Difference;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The run fails.
    Error,
    /// A fallback was used; the run goes on (unless `--strict`).
    Warning,
}

/// One message about the input, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, without the location.
    pub message: String,
    /// The file and JSON pointer (and, for parse errors, the line).
    pub location: Option<Location>,
    /// 1-based column, when the parser reported one.
    pub column: Option<usize>,
    /// When the node at the pointer is a mapping with this key, the key is
    /// marked instead (the `$ref` of a reference that does not resolve).
    pub focus_key: Option<&'static str>,
    /// One actionable sentence.
    pub hint: Option<String>,
}

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
    /// The diagnostic for an error, with its hint.
    pub fn from_error(err: &Error) -> Self {
        let column = match err {
            Error::Syntax { message, .. } => parser_column(message),
            _ => None,
        };
        let focus_key = match err {
            Error::BrokenRef { .. } | Error::RefCycle { .. } | Error::Io { .. } => Some("$ref"),
            Error::Unsupported { message, .. } if message.starts_with("remote $ref") => {
                Some("$ref")
            }
            _ => None,
        };
        Self {
            severity: Severity::Error,
            message: err.message(),
            location: err.location().cloned(),
            column,
            focus_key,
            hint: err.hint(),
        }
    }

    /// The diagnostic for a warning, with a hint where one helps.
    pub fn from_warning(warning: &Warning) -> Self {
        Self {
            severity: Severity::Warning,
            message: warning.message.clone(),
            location: Some(warning.location.clone()),
            column: None,
            focus_key: None,
            hint: warning_hint(&warning.message),
        }
    }

    /// The same diagnostic as an error (`--strict`).
    pub fn into_error(self) -> Self {
        Self {
            severity: Severity::Error,
            ..self
        }
    }

    /// Renders the diagnostic; the file is re-read to show the offending line.
    pub fn render(&self, style: Style) -> String {
        let source = self
            .location
            .as_ref()
            .and_then(|l| std::fs::read_to_string(&l.file).ok());
        self.render_with_source(source.as_deref(), style)
    }

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
            if self.location.as_ref().and_then(|l| l.line).is_some() || self.column.is_some() {
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

/// Renders an error for people (see [`Diagnostic`]).
pub fn render_error(err: &Error, style: Style) -> String {
    Diagnostic::from_error(err).render(style)
}

/// Renders a warning for people (see [`Diagnostic`]).
pub fn render_warning(warning: &Warning, style: Style) -> String {
    Diagnostic::from_warning(warning).render(style)
}

/// The column in a parser message (`... at line 3 column 7`).
fn parser_column(message: &str) -> Option<usize> {
    let (_, after) = message.split_once(" column ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
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

/// Where [`find_pointer`] found a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// 1-based line.
    pub line: usize,
    /// Byte offset in the text where the node's key (or sequence item) starts.
    pub start: usize,
    /// Byte offset where the marked text ends (at most the end of the line).
    pub end: usize,
    /// Whether the whole pointer was found; otherwise this is the nearest
    /// parent that was.
    pub exact: bool,
}

/// Finds the line of a JSON pointer in the text of a YAML or JSON file.
///
/// YAML is walked in block style: each segment is a key at the indentation
/// of the current node's children (quoted or plain) or, for a number, the
/// n-th `- ` item of a sequence; block scalars (`|`, `>`) and multi-line
/// quoted strings are skipped. JSON (or a YAML file written as JSON) is
/// scanned without recursion, so any depth is fine. Best effort: when a
/// segment cannot be followed (flow collections, anchors, merge keys), the
/// deepest node found is returned with `exact: false`; `None` when not even
/// the document's first node is found (an empty file).
pub fn find_pointer(text: &str, pointer: &str, json: bool) -> Option<Found> {
    let segments = pointer_segments(pointer);
    let starts_like_json = text.trim_start().starts_with(['{', '[']);
    let (start, end, exact) = if json || starts_like_json {
        find_json(text, &segments)?
    } else {
        find_yaml(text, &segments)?
    };
    let line = text.get(..start)?.matches('\n').count() + 1;
    Some(Found {
        line,
        start,
        end,
        exact,
    })
}

/// A key or a `- ` sequence item at the start of a YAML block node.
#[derive(Debug)]
struct Token {
    /// Byte offset of the token's line in the text.
    line_start: usize,
    /// Byte column of the token in its line.
    col: usize,
    /// Byte column where the marked text ends.
    end: usize,
    /// The key, unquoted; `None` for a sequence item.
    key: Option<String>,
    /// Byte offset in the text where the token's value starts (after `:`
    /// or `- `).
    value_at: usize,
}

fn find_yaml(text: &str, segments: &[String]) -> Option<(usize, usize, bool)> {
    let tokens = yaml_tokens(text);
    let first = tokens.first()?;
    let span = |t: &Token| (t.line_start + t.col, t.line_start + t.end);
    let mut best = span(first);
    if segments.is_empty() {
        return Some((best.0, best.1, true));
    }
    let (mut lo, mut hi) = (0, tokens.len());
    for (depth, segment) in segments.iter().enumerate() {
        let Some(head) = tokens.get(lo).filter(|_| lo < hi) else {
            return Some((best.0, best.1, false));
        };
        let col = head.col;
        let in_region = || tokens.iter().enumerate().take(hi).skip(lo);
        let hit = if head.key.is_none() {
            let Ok(index) = segment.parse::<usize>() else {
                return Some((best.0, best.1, false));
            };
            in_region()
                .filter(|(_, t)| t.col == col && t.key.is_none())
                .nth(index)
        } else {
            in_region().find(|(_, t)| t.col == col && t.key.as_deref() == Some(segment))
        };
        let Some((index, token)) = hit else {
            return Some((best.0, best.1, false));
        };
        best = span(token);
        // The node's value: the tokens after it until one at its own column
        // (a sibling; a `- ` at a key's column is the key's own sequence) or
        // to the left of it.
        let end = tokens
            .iter()
            .enumerate()
            .take(hi)
            .skip(index + 1)
            .find(|(_, t)| {
                t.col < col || (t.col == col && (token.key.is_none() || t.key.is_some()))
            })
            .map_or(hi, |(i, _)| i);
        lo = index + 1;
        hi = end;
        // A value written as a flow collection (`[a, b]`, `{type: string}`,
        // or JSON) has no block tokens: follow the rest of the pointer in it.
        let rest = segments.get(depth + 1..).unwrap_or_default();
        if lo >= hi && !rest.is_empty() {
            let value = skip_yaml_space(text, token.value_at);
            if matches!(text.as_bytes().get(value), Some(b'[' | b'{')) {
                return Some(find_flow(text, value, rest, best));
            }
        }
    }
    Some((best.0, best.1, true))
}

/// The keys and sequence items of a YAML text in block style, in order.
fn yaml_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    // Lines indented deeper than this column belong to a block scalar.
    let mut block_scalar_owner: Option<usize> = None;
    // A quoted scalar that goes on past its line.
    let mut open_quote: Option<char> = None;
    // Open brackets of a flow collection that goes on past its line.
    let mut flow_depth = 0usize;
    let mut offset = 0;
    for piece in text.split_inclusive('\n') {
        let line_start = offset;
        offset += piece.len();
        let line = piece.trim_end_matches(['\n', '\r']);
        if flow_depth > 0 {
            flow_depth = bracket_depth(line, flow_depth);
            continue;
        }
        if let Some(quote) = open_quote {
            if closes_quote(line, quote) {
                open_quote = None;
            }
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = line.get(indent..).unwrap_or_default();
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if let Some(owner) = block_scalar_owner {
            if indent > owner {
                continue;
            }
            block_scalar_owner = None;
        }
        if indent == 0
            && (rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%'))
        {
            continue;
        }
        let mut col = indent;
        let mut owner = indent;
        loop {
            let rest = line.get(col..).unwrap_or_default();
            if rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t") {
                out.push(Token {
                    line_start,
                    col,
                    end: line.trim_end().len(),
                    key: None,
                    value_at: line_start + col + 1,
                });
                owner = col;
                col += 1;
                col += line.get(col..).unwrap_or_default().len()
                    - line
                        .get(col..)
                        .unwrap_or_default()
                        .trim_start_matches([' ', '\t'])
                        .len();
                if col >= line.len() {
                    break;
                }
                continue;
            }
            let value = match parse_key(rest) {
                Some((key, key_len, value_at)) => {
                    out.push(Token {
                        line_start,
                        col,
                        end: col + key_len,
                        key: Some(key),
                        value_at: line_start + col + value_at,
                    });
                    owner = col;
                    rest.get(value_at..).unwrap_or_default().trim_start()
                }
                None => rest,
            };
            if value.starts_with(['|', '>']) {
                block_scalar_owner = Some(owner);
            } else if value.starts_with(['[', '{']) {
                flow_depth = bracket_depth(value, 0);
            } else if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\''))
                && !closes_quote(value.get(1..).unwrap_or_default(), quote)
            {
                open_quote = Some(quote);
            }
            break;
        }
    }
    out
}

/// The depth of open flow brackets after `line`, starting at `depth`
/// (quoted text and comments do not count).
fn bracket_depth(line: &str, mut depth: usize) -> usize {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => break,
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    depth
}

/// Where the value that starts at or after `at` really starts: past spaces,
/// line breaks and comment lines.
fn skip_yaml_space(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        at = skip_ws(bytes, at);
        if bytes.get(at) == Some(&b'#') {
            at = text
                .get(at..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| at + i);
        } else {
            return at;
        }
    }
}

/// Whether `text` (inside a quoted scalar) holds its closing quote.
fn closes_quote(text: &str, quote: char) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' => {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    return true;
                }
            }
            c if c == quote => return true,
            _ => {}
        }
    }
    false
}

/// A mapping key at the start of `rest`: the key unquoted, the length of its
/// text as written, and where the value starts (after the `:`).
fn parse_key(rest: &str) -> Option<(String, usize, usize)> {
    let colon_after = |at: usize| -> Option<usize> {
        let tail = rest.get(at..)?;
        let spaces = tail.len() - tail.trim_start_matches([' ', '\t']).len();
        let after = tail.get(spaces..)?;
        let next = after.strip_prefix(':')?;
        (next.is_empty() || next.starts_with([' ', '\t'])).then_some(at + spaces + 1)
    };
    if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    let len = i + 2;
                    let value_at = colon_after(len)?;
                    let key = serde_json::from_str::<String>(rest.get(..len)?)
                        .unwrap_or_else(|_| body.get(..i).unwrap_or_default().to_owned());
                    return Some((key, len, value_at));
                }
                _ => {}
            }
        }
        return None;
    }
    if let Some(body) = rest.strip_prefix('\'') {
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, c)| *c == '\'') {
                    chars.next();
                    continue;
                }
                let len = i + 2;
                let value_at = colon_after(len)?;
                let key = body.get(..i).unwrap_or_default().replace("''", "'");
                return Some((key, len, value_at));
            }
        }
        return None;
    }
    if rest.starts_with(['[', '{', '#', '&', '*', '!', '|', '>', '%', '@', '`', '?']) {
        return None;
    }
    let colon = rest.match_indices(':').map(|(i, _)| i).find(|&i| {
        rest.get(i + 1..)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
    })?;
    if rest.get(..colon).is_some_and(|key| key.contains(" #")) {
        return None;
    }
    let key = rest.get(..colon)?.trim_end();
    Some((key.to_owned(), key.len(), colon + 1))
}

fn find_json(text: &str, segments: &[String]) -> Option<(usize, usize, bool)> {
    let at = skip_ws(text.as_bytes(), 0);
    if at >= text.len() {
        return None;
    }
    Some(find_flow(text, at, segments, (at, at + 1)))
}

/// Follows `segments` through the JSON (or YAML flow collection) that starts
/// at byte `at`; `best` is what to return when not even the first is found.
fn find_flow(
    text: &str,
    mut at: usize,
    segments: &[String],
    mut best: (usize, usize),
) -> (usize, usize, bool) {
    let bytes = text.as_bytes();
    for segment in segments {
        let partial = (best.0, best.1, false);
        match bytes.get(at) {
            Some(b'{') => {
                at += 1;
                let mut hit = None;
                loop {
                    at = skip_ws(bytes, at);
                    let Some((key, after)) = flow_key(text, at) else {
                        break;
                    };
                    let colon = skip_ws(bytes, after);
                    if bytes.get(colon) != Some(&b':') {
                        break;
                    }
                    let value = skip_ws(bytes, colon + 1);
                    if key == *segment {
                        hit = Some(((at, after), value));
                        break;
                    }
                    at = skip_ws(bytes, skip_value(bytes, value));
                    if bytes.get(at) == Some(&b',') {
                        at += 1;
                    } else {
                        break;
                    }
                }
                let Some((span, value)) = hit else {
                    return partial;
                };
                best = span;
                at = value;
            }
            Some(b'[') => {
                let Ok(index) = segment.parse::<usize>() else {
                    return partial;
                };
                at += 1;
                let mut hit = None;
                let mut i = 0;
                loop {
                    at = skip_ws(bytes, at);
                    if matches!(bytes.get(at), None | Some(b']')) {
                        break;
                    }
                    if i == index {
                        hit = Some(at);
                        break;
                    }
                    at = skip_ws(bytes, skip_value(bytes, at));
                    if bytes.get(at) == Some(&b',') {
                        at += 1;
                        i += 1;
                    } else {
                        break;
                    }
                }
                let Some(value) = hit else {
                    return partial;
                };
                let line_end = text
                    .get(value..)
                    .and_then(|s| s.find('\n'))
                    .map_or(text.len(), |i| value + i);
                best = (value, skip_value(bytes, value).min(line_end));
                at = value;
            }
            _ => return partial,
        }
    }
    (best.0, best.1, true)
}

/// A key of a JSON object or YAML flow mapping at `at`: its text unquoted and
/// the offset after it.
fn flow_key(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(at)? {
        b'"' => {
            let after = skip_string(bytes, at);
            let key = text
                .get(at..after)
                .and_then(|s| serde_json::from_str(s).ok())?;
            Some((key, after))
        }
        b'\'' => {
            let after = skip_string(bytes, at);
            let key = text
                .get(at + 1..after.saturating_sub(1))?
                .replace("''", "'");
            Some((key, after))
        }
        b'}' | b',' | b']' => None,
        _ => {
            let len = text.get(at..)?.find([':', ',', '}', ']', '\n'])?;
            let key = text.get(at..at + len)?.trim_end();
            Some((key.to_owned(), at + key.len()))
        }
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The offset after the string that starts at `at` (a `"`, or a `'` as
/// YAML quotes, where `''` is an escaped quote).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let quote = bytes.get(at).copied().unwrap_or(b'"');
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        if quote == b'"' && b == b'\\' {
            i += 2;
        } else if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// The offset after the value that starts at `at`; nesting is counted, not
/// recursed into.
fn skip_value(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"' | b'\'') => skip_string(bytes, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(b) = bytes.get(i) {
                match b {
                    b'"' | b'\'' => {
                        i = skip_string(bytes, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            i.max(at + 1).min(bytes.len())
        }
    }
}

/// The hint for a warning, where its message does not already say what to do.
fn warning_hint(message: &str) -> Option<String> {
    let hint = if message.starts_with("path parameter `") && message.contains("does not appear") {
        "rename the parameter or the `{...}` segment of the path so that they match"
    } else if message.contains("but the operation declares no path parameter") {
        "declare it under `parameters` with `in: path` and `required: true`"
    } else if message.starts_with("the overlay names schema") {
        "remove the entry from the overlay, or select operations that use the schema"
    } else if message.starts_with("cookie parameters") {
        "send the cookie with a default header of the HTTP client you pass to the runtime"
    } else if message.ends_with("; using serde_json::Value") {
        "the field still works as untyped JSON; restructure the schema to get a Rust type"
    } else if message.starts_with("unknown type `") {
        "use one of OpenAPI 3.0's types; `format` refines them (`type: string, format: date-time`)"
    } else if message.starts_with("operationId `") && message.contains("earlier operation") {
        "give every operation its own operationId: method and type names are made from it"
    } else if message.contains("` but has `properties`")
        || message.contains("is ignored: the schema says `type:")
    {
        "say `type: object` if it is an object, or drop `properties` if it really is a scalar"
    } else if message.starts_with("a discriminator whose variants") {
        "make every variant a `$ref` to a named schema to get a tagged enum"
    } else {
        return None;
    };
    Some(hint.to_owned())
}

impl Error {
    /// One actionable sentence that says what to do about the error.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            Error::Io {
                location,
                path,
                source,
            } => {
                let from_ref = location.file != *path;
                match source.kind() {
                    ErrorKind::NotFound if from_ref => format!(
                        "check the relative path; it is resolved from the directory of the file that contains the $ref ({})",
                        dir_label(&location.file)
                    ),
                    ErrorKind::NotFound => "check the path given to `--input`; a relative path is resolved from the current directory".to_owned(),
                    ErrorKind::PermissionDenied => "check the file's permissions".to_owned(),
                    ErrorKind::IsADirectory => "name the document's file, not its directory".to_owned(),
                    ErrorKind::InvalidData => "save the file as UTF-8 text".to_owned(),
                    _ => return None,
                }
            }
            Error::Syntax {
                format, message, ..
            } => syntax_hint(format, message).to_owned(),
            Error::BrokenRef { reason, .. } => {
                if reason.contains("has nothing at") {
                    "check the spelling of the part after `#`: it must be the path of keys to an existing node in that file (keys are case-sensitive; `/` in a key is written `~1`)".to_owned()
                } else {
                    "write the $ref as `file.yaml#/json/pointer` (or `#/components/schemas/Name` inside one file)".to_owned()
                }
            }
            Error::RefCycle { .. } => "a schema cannot consist only of references to itself; give one of them properties (or point one at a real schema)".to_owned(),
            Error::Unsupported { message, .. } => {
                if message.starts_with("Swagger") {
                    "convert the document to OpenAPI 3.0 first, for example `npx swagger2openapi openapi.yaml -o openapi3.yaml`".to_owned()
                } else if message.starts_with("OpenAPI 3.") {
                    "this generator reads OpenAPI 3.0.x and 3.1.x: if the document uses no newer feature, set `openapi: 3.1.1`".to_owned()
                } else if message.starts_with("remote $ref") {
                    "download the file next to the spec and refer to it by a relative path".to_owned()
                } else {
                    return None;
                }
            }
            Error::Invalid { message, .. } => return invalid_hint(message).map(str::to_owned),
            Error::Write { .. } => "check that the output directory exists or can be created, and is writable".to_owned(),
            Error::Format { .. } | Error::Internal { .. } => "this is a bug in isc-codegen; please report it with the spec that triggers it".to_owned(),
        };
        Some(hint)
    }

    /// The message without the location (which a [`Diagnostic`] shows apart).
    pub fn message(&self) -> String {
        match self {
            Error::Io { path, source, .. } => {
                format!("cannot read {}: {source}", path.display())
            }
            Error::Syntax {
                format, message, ..
            } => format!("not valid {format}: {message}"),
            Error::BrokenRef {
                reference, reason, ..
            } => format!("$ref `{reference}` does not resolve: {reason}"),
            Error::RefCycle { chain, .. } => format!("$ref cycle: {chain}"),
            Error::Invalid { message, .. } => message.clone(),
            Error::Unsupported { message, .. } => format!("not supported yet: {message}"),
            Error::Write { .. } | Error::Format { .. } | Error::Internal { .. } => self.to_string(),
        }
    }
}

/// The directory part of a file name, for messages (`.` for none).
fn dir_label(file: &Path) -> String {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => format!("{}/", dir.display()),
        _ => "./".to_owned(),
    }
}

fn syntax_hint(format: &str, message: &str) -> &'static str {
    if message.contains("recursion limit exceeded") {
        "the document nests more than 128 levels deep, which no API description needs; flatten it or move inner parts into `components`"
    } else if message.contains("repetition limit exceeded") {
        "the YAML aliases expand into too many nodes (an \"alias bomb\"); write shared parts once under `components` and `$ref` them"
    } else if message.contains("EOF while parsing") {
        "the file ends before the document does: check that it is not empty or cut short, and that every `{` and `[` is closed"
    } else if message.contains("trailing comma") {
        "remove the comma before the closing bracket; JSON allows no trailing commas"
    } else if format == "JSON" {
        "fix the JSON at the marked position (JSON has no comments, trailing commas or single quotes); a file named .json is always read as JSON"
    } else if message.contains("found character that cannot start any token")
        || message.contains("tab")
    {
        "YAML indentation must use spaces, not tabs; and a value that starts with `@`, `` ` `` or `%` must be quoted"
    } else {
        "fix the YAML at the marked line: keys of one mapping must be indented by the same number of spaces, and a value with `: ` or ` #` in it must be quoted"
    }
}

fn invalid_hint(message: &str) -> Option<&'static str> {
    Some(if message.starts_with("the document is not a mapping") {
        "an OpenAPI document is a mapping that starts with `openapi: 3.0.3`, `info:` and `paths:`; check that the file is not empty"
    } else if message.starts_with("missing `openapi: 3.0.x` field") {
        "add `openapi: 3.0.3` at the top of the document"
    } else if message.starts_with("unknown OpenAPI version") {
        "set `openapi:` to a 3.0.x version such as 3.0.3"
    } else if message.contains("ParameterSchemaOrContent") {
        "give every parameter a `schema` (for example `schema: {type: string}`) or a `content` map with one media type"
    } else if message.starts_with("not a valid OpenAPI 3.0 node") {
        "compare the node with the OpenAPI 3.0 specification: a required field may be missing, or a value may have the wrong type"
    } else if message.starts_with("no operation has the tag") {
        "pick one of the tags listed (tags are matched case-insensitively)"
    } else if message.starts_with("no operation has the operationId") {
        "operationIds are case-sensitive; `isc-codegen list` shows every operation"
    } else if message.starts_with("unknown type") || message.starts_with("`type` must be a string")
    {
        "use one of OpenAPI 3.0's types (string, number, integer, boolean, array, object); `format` refines them"
    } else if message.contains("has neither `schema` nor `content`") {
        "give every parameter a `schema` (for example `schema: {type: string}`) or a `content` map with one media type"
    } else if message.starts_with("mapping key") {
        "quote the key so that it is a string"
    } else if message.contains("does not name a") {
        "point the $ref at an existing component of that kind"
    } else if message.starts_with("schema `") && message.contains("has no property") {
        "fix or remove the property in the overlay"
    } else {
        return None;
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str, pointer: &str, json: bool) -> Option<(usize, bool, String)> {
        let found = find_pointer(text, pointer, json)?;
        let marked = text.get(found.start..found.end)?.to_owned();
        Some((found.line, found.exact, marked))
    }

    const YAML: &str = r#"openapi: 3.0.3
info:
  title: T
  description: |
    paths:
      not: a key
  version: "1"
paths:
  /things/{id}:
    get:
      parameters:
      - name: id
        in: path
      -   name: limit
          in: query
          schema:
            $ref: '#/components/schemas/Limit'
      responses:
        "200":
          description: "a long
            text: that goes on"
        '404': {description: gone}
components:
  schemas:
    Limit:
      type: integer
    "a/b":
      type: string
"#;

    #[test]
    fn yaml_keys_sequences_and_quotes() {
        let at = |p: &str| line_of(YAML, p, false);
        assert_eq!(at(""), Some((1, true, "openapi".into())));
        assert_eq!(at("/info/version"), Some((7, true, "version".into())));
        assert_eq!(at("/paths"), Some((8, true, "paths".into())));
        assert_eq!(
            at("/paths/~1things~1{id}/get"),
            Some((10, true, "get".into()))
        );
        assert_eq!(
            at("/paths/~1things~1{id}/get/parameters/0"),
            Some((12, true, "- name: id".into()))
        );
        assert_eq!(
            at("/paths/~1things~1{id}/get/parameters/1/schema/$ref"),
            Some((17, true, "$ref".into()))
        );
        assert_eq!(
            at("/paths/~1things~1{id}/get/responses/200/description"),
            Some((20, true, "description".into()))
        );
        assert_eq!(
            at("/paths/~1things~1{id}/get/responses/404"),
            Some((22, true, "'404'".into()))
        );
        assert_eq!(
            at("/components/schemas/a~1b/type"),
            Some((28, true, "type".into()))
        );
    }

    #[test]
    fn yaml_block_scalars_are_not_keys() {
        // `paths:` inside the description is text, not the top-level key.
        assert_eq!(
            line_of(YAML, "/info/description/paths", false).map(|f| f.0),
            Some(4)
        );
        assert_eq!(line_of(YAML, "/paths", false).map(|f| f.0), Some(8));
    }

    #[test]
    fn yaml_falls_back_to_the_nearest_parent() {
        // Flow collections are scanned like JSON; a key missing from one
        // falls back to the key that holds it.
        assert_eq!(
            line_of(
                YAML,
                "/paths/~1things~1{id}/get/responses/404/description",
                false
            ),
            Some((22, true, "description".into()))
        );
        assert_eq!(
            line_of(
                YAML,
                "/paths/~1things~1{id}/get/responses/404/content",
                false
            ),
            Some((22, false, "'404'".into()))
        );
        assert_eq!(
            line_of(YAML, "/components/schemas/Missing", false),
            Some((24, false, "schemas".into()))
        );
        assert_eq!(
            line_of(YAML, "/nothing/here", false),
            Some((1, false, "openapi".into()))
        );
        assert_eq!(line_of("", "/paths", false), None);
        assert_eq!(line_of("# only a comment\n", "", false), None);
    }

    #[test]
    fn yaml_flow_collections() {
        let text = "tags: [a, {name: 'b''s', x: [1, 2]}]\nvalue:\n  # a comment\n  [\n    {\n      \"id\": 1\n    }\n  ]\nnext: {a: 1}\n";
        assert_eq!(
            line_of(text, "/tags/1/x/1", false),
            Some((1, true, "2".into()))
        );
        assert_eq!(
            line_of(text, "/tags/1/c", false),
            Some((1, false, "{name: 'b''s', x: [1, 2]}".into()))
        );
        assert_eq!(
            line_of(text, "/tags/1/name", false),
            Some((1, true, "name".into()))
        );
        assert_eq!(
            line_of(text, "/value/0/id", false),
            Some((6, true, "\"id\"".into()))
        );
        // Lines inside a flow collection are not block keys.
        assert_eq!(
            line_of(text, "/next", false),
            Some((9, true, "next".into()))
        );
    }

    #[test]
    fn yaml_compact_sequences_under_a_key() {
        let text = "tags:\n- name: A\n- name: B\n  description: b\nnext: 1\n";
        assert_eq!(
            line_of(text, "/tags/1/description", false),
            Some((4, true, "description".into()))
        );
        assert_eq!(
            line_of(text, "/next", false),
            Some((5, true, "next".into()))
        );
        assert_eq!(
            line_of(text, "/tags/2", false),
            Some((1, false, "tags".into()))
        );
    }

    const JSON: &str = r#"{
  "openapi": "3.0.3",
  "paths": {
    "/things": {
      "get": {
        "parameters": [
          {"name": "a", "in": "query"},
          {
            "name": "b\"c",
            "in": "query"
          }
        ],
        "x": "}]{["
      }
    }
  }
}"#;

    #[test]
    fn json_objects_arrays_and_escapes() {
        let at = |p: &str| line_of(JSON, p, true);
        assert_eq!(at(""), Some((1, true, "{".into())));
        assert_eq!(at("/openapi"), Some((2, true, "\"openapi\"".into())));
        assert_eq!(at("/paths/~1things/get"), Some((5, true, "\"get\"".into())));
        assert_eq!(
            at("/paths/~1things/get/parameters/0/in"),
            Some((7, true, "\"in\"".into()))
        );
        assert_eq!(
            at("/paths/~1things/get/parameters/1/name"),
            Some((9, true, "\"name\"".into()))
        );
        assert_eq!(
            at("/paths/~1things/get/x"),
            Some((13, true, "\"x\"".into()))
        );
        assert_eq!(
            at("/paths/~1things/get/parameters/7"),
            Some((6, false, "\"parameters\"".into()))
        );
        assert_eq!(
            at("/paths/~1things/post"),
            Some((4, false, "\"/things\"".into()))
        );
    }

    #[test]
    fn json_in_a_yaml_file_is_scanned_as_json() {
        assert_eq!(
            line_of(JSON, "/paths", false),
            Some((3, true, "\"paths\"".into()))
        );
    }

    #[test]
    fn deep_json_does_not_recurse() {
        let depth = 100_000;
        let text = format!("{{\"a\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(line_of(&text, "/a/0/0/0", true).map(|f| f.1), Some(true));
        assert_eq!(line_of(&text, "/b", true).map(|f| f.1), Some(false));
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let text = format!("{} X {}\n", "a".repeat(500), "b".repeat(500));
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            message: "m".to_owned(),
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
    fn parser_columns() {
        assert_eq!(
            parser_column("trailing comma at line 8 column 64"),
            Some(64)
        );
        assert_eq!(parser_column("repetition limit exceeded"), None);
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}[31mb"), "a\u{fffd}[31mb");
    }
}
