//! Spec prose → rustdoc that builds without warnings: code fences become
//! `text` blocks (never doctests), bare URLs become autolinks, and brackets
//! and angle brackets that rustdoc would read as links or HTML are escaped.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for each line of `text` (nothing for empty text).
pub fn attrs(text: &str) -> TokenStream {
    let lines = lines(text);
    let lines = lines.iter().map(|line| doc_line(line));
    quote!(#(#[doc = #lines])*)
}

/// `#[doc]` attributes for text the generator writes itself (intra-doc
/// links included), printed as written: only spec prose is sanitised.
pub fn own(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes (the crate's own docs) for text the generator
/// writes itself, printed as written.
pub fn own_inner(text: &str) -> TokenStream {
    let lines = text.lines().map(doc_line);
    quote!(#(#![doc = #lines])*)
}

/// A doc line as rustdoc's `///` would give it: a space after the marker.
fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Joins paragraphs with a blank line, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The sanitised lines of a doc comment.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // Tabs render unpredictably and clippy rejects them (`tabs_in_doc_comments`);
    // four spaces keep a table or code block aligned as written.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        // Indentation would make an indented code block, which rustdoc runs
        // as a doctest; spec prose never means that. A line that continues a
        // list item is indented to the item's text instead, and one that
        // follows a block quote starts a new paragraph, so neither is read
        // as a lazy continuation.
        let previous = out.last().map(String::as_str).unwrap_or_default();
        let is_item = list_marker(trimmed).is_some();
        if !trimmed.is_empty() && !is_item {
            if let Some(width) = continuation_indent(&out) {
                out.push(format!("{}{}", " ".repeat(width), inline(trimmed)));
                continue;
            }
            if previous.starts_with('>') && !trimmed.starts_with('>') {
                out.push(String::new());
            }
        }
        out.push(inline(trimmed));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out.drain(..first);
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// Where a list item's text starts (`- a` at 2, `-   a` and `1.  a` at 4),
/// if the line starts one: CommonMark puts it after the marker and the one to
/// four spaces that follow it (five or more: after one, the rest being an
/// indented code block).
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = if ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b)) {
        1
    } else {
        let rest = line.get(digits..).unwrap_or_default();
        if digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")) {
            digits.saturating_add(1)
        } else {
            return None;
        }
    };
    let spaces = line
        .get(marker..)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ')
        .count();
    Some(marker.saturating_add(if spaces > 4 { 1 } else { spaces }))
}

/// How far to indent a line that directly follows a list item (or its
/// continuation), so it stays part of that item.
fn continuation_indent(out: &[String]) -> Option<usize> {
    for line in out.iter().rev() {
        if line.is_empty() {
            return None;
        }
        let trimmed = line.trim_start();
        if let Some(width) = list_marker(trimmed) {
            return Some(line.len() - trimmed.len() + width);
        }
        if line.len() == trimmed.len() {
            return None;
        }
    }
    None
}

/// Escapes one line outside code spans.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            // A code span runs to the next backtick; copy it untouched.
            match after.find('`') {
                Some(end) => {
                    let span = after.get(..end).unwrap_or_default();
                    out.push('`');
                    out.push_str(span);
                    out.push('`');
                    rest = after.get(end + 1..).unwrap_or_default();
                }
                None => {
                    out.push_str("\\`");
                    rest = after;
                }
            }
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || c == '\'')
                .unwrap_or(rest.len());
            let url = rest.get(..end).unwrap_or_default();
            let url_trimmed = url.trim_end_matches(['.', ',', ';', ':']);
            let preceded_by_link = out.ends_with("](") || out.ends_with('<');
            if preceded_by_link {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url_trimmed);
                out.push('>');
                out.push_str(url.get(url_trimmed.len()..).unwrap_or_default());
            }
            rest = rest.get(end..).unwrap_or_default();
            continue;
        }
        let Some(ch) = rest.chars().next() else { break };
        match ch {
            '[' => {
                // Keep `[text](url)` links; escape other brackets, which
                // rustdoc would try to resolve as intra-doc links.
                let is_link = rest.find(']').is_some_and(|close| {
                    rest.get(close + 1..)
                        .is_some_and(|after| after.starts_with('('))
                });
                out.push_str(if is_link { "[" } else { "\\[" });
            }
            ']' => {
                let is_link = rest.get(1..).is_some_and(|after| after.starts_with('('));
                out.push_str(if is_link { "]" } else { "\\]" });
            }
            '<' => out.push_str("&lt;"),
            '>' if out.is_empty() || out.trim().is_empty() => out.push('>'),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            other => out.push(other),
        }
        rest = rest.get(ch.len_utf8()..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_blocks() {
        let got = lines("Example:\n```json\n{\"a\": 1}\n```\nafter");
        assert_eq!(
            got,
            vec!["Example:", "```text", "{\"a\": 1}", "```", "after"]
        );
    }

    #[test]
    fn indentation_is_dropped_outside_fences() {
        assert_eq!(lines("a\n    b\n\n\n\nc\n"), vec!["a", "b", "", "c"]);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            lines("See https://example.com/x. Or [docs](https://example.com/y)."),
            vec!["See <https://example.com/x>. Or [docs](https://example.com/y)."]
        );
    }

    #[test]
    fn brackets_and_html_are_escaped_outside_code() {
        assert_eq!(
            lines("a [b] and <c> but `Vec<[u8]>` stays"),
            vec!["a \\[b\\] and &lt;c&gt; but `Vec<[u8]>` stays"]
        );
    }

    #[test]
    fn list_continuations_are_indented_and_quotes_end() {
        assert_eq!(
            lines("- item one\ncontinued\n- two\n1. first\nmore\n\nafter"),
            vec![
                "- item one",
                "  continued",
                "- two",
                "1. first",
                "   more",
                "",
                "after"
            ]
        );
        // The continuation lines up with the item's text, however far the
        // marker puts it.
        assert_eq!(
            lines("-   spaced\nmore\n10.  tenth\nmore\n-      code-like\nmore"),
            vec![
                "-   spaced",
                "    more",
                "10.  tenth",
                "     more",
                "-      code-like",
                "  more"
            ]
        );
        assert_eq!(
            lines(">**Note:** x\nplain"),
            vec![">**Note:** x", "", "plain"]
        );
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(
            lines("| a |\tb |\n```\n\tcode\n```"),
            ["| a |    b |", "```text", "    code", "```"]
        );
    }

    #[test]
    fn block_quotes_survive() {
        assert_eq!(lines(">**Note:** x"), vec![">**Note:** x"]);
    }
}
