//! The hand-written locator that came before [`super::locate`]: a text walk
//! of YAML block style and JSON, kept only to measure the parser-based one
//! against it (see tests/pointer_lines.rs).

#![allow(missing_docs)]

use crate::error::pointer_segments;

/// Where [`find_pointer`] found a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OldFound {
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
pub fn find_pointer(text: &str, pointer: &str, json: bool) -> Option<OldFound> {
    let segments = pointer_segments(pointer);
    let starts_like_json = text.trim_start().starts_with(['{', '[']);
    let (start, end, exact) = if json || starts_like_json {
        find_json(text, &segments)?
    } else {
        find_yaml(text, &segments)?
    };
    let line = text.get(..start)?.matches('\n').count() + 1;
    Some(OldFound {
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
