//! JSON decoding that reports where a document went wrong, in a bounded error.
// Line and column come from the decoder, over a body from the network.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use serde::de::DeserializeOwned;

use crate::failures::{DecodeError, MESSAGE_CHARS, SNIPPET_CHARS};
use crate::text::truncate_chars;

/// Characters of context kept before the failure point in a snippet.
const SNIPPET_BEFORE: usize = 80;
/// A UTF-8 character is at most this many bytes.
const MAX_CHAR_BYTES: usize = 4;

/// Decodes JSON; on failure the error names the JSON path where it went wrong
/// (used by generated `ErrorBody` impls and [`Response::json`](crate::Response::json)).
///
/// The success path is plain serde_json: tracking the path costs on every
/// value decoded, so it is paid only when a document has already failed, by
/// decoding it a second time with serde_path_to_error to build the error.
///
/// An empty (or all-whitespace) body decodes as JSON `null`, so `()` and
/// `Option<T>` accept the empty bodies some endpoints send.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // `from_slice` also rejects trailing garbage after a valid document.
    serde_json::from_slice(input).map_err(|plain| decode_failure::<T>(body, input, &plain))
}

/// The error for a document plain serde_json rejected: decoded again with path
/// tracking, which fails at the same place and says where.
#[cold]
fn decode_failure<T: DeserializeOwned>(
    body: &[u8],
    input: &[u8],
    plain: &serde_json::Error,
) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => decode_error(body, error),
        // The value decoded: what failed is what follows it (trailing data).
        Ok(_) => DecodeError {
            path: ".".to_owned(),
            message: bounded(&plain.to_string()),
            snippet: snippet(body, plain.line(), plain.column()),
        },
    }
}

fn decode_error(body: &[u8], error: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = bounded(&error.path().to_string());
    let inner = error.into_inner();
    DecodeError {
        path,
        message: bounded(&inner.to_string()),
        snippet: snippet(body, inner.line(), inner.column()),
    }
}

/// serde's messages quote the unexpected value, which may be as long as the body.
fn bounded(text: &str) -> String {
    truncate_chars(text, MESSAGE_CHARS).to_owned()
}

/// At most [`SNIPPET_CHARS`] characters of the body around `line`/`column`
/// (1-based; line 0 means the position is unknown and the snippet starts at the
/// beginning). Only a window of bytes around the failure is decoded.
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let failure = char_start(body, byte_offset(body, line, column));
    let before_bytes = SNIPPET_BEFORE.saturating_mul(MAX_CHAR_BYTES);
    let window_start = char_start(body, failure.saturating_sub(before_bytes));
    let window_end = failure
        .saturating_add(SNIPPET_CHARS.saturating_mul(MAX_CHAR_BYTES))
        .min(body.len());
    let before = String::from_utf8_lossy(body.get(window_start..failure).unwrap_or_default());
    let after = String::from_utf8_lossy(body.get(failure..window_end).unwrap_or_default());
    let before_chars = before.chars().count();
    let after_chars = after.chars().count();
    // Up to 80 characters before the failure; more when the body ends soon after it.
    let keep_before = SNIPPET_BEFORE
        .max(SNIPPET_CHARS.saturating_sub(after_chars))
        .min(before_chars);
    let keep_after = SNIPPET_CHARS.saturating_sub(keep_before);
    before
        .chars()
        .skip(before_chars.saturating_sub(keep_before))
        .chain(after.chars().take(keep_after))
        .collect()
}

/// Converts serde_json's line/column (column counts bytes) to a byte offset.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let mut line_start = 0usize;
    let mut current = 1usize;
    for (index, byte) in body.iter().enumerate() {
        if current >= line {
            break;
        }
        if *byte == b'\n' {
            current = current.saturating_add(1);
            line_start = index.saturating_add(1);
        }
    }
    line_start.saturating_add(column).min(body.len())
}

/// The start of the UTF-8 character holding byte `offset`.
fn char_start(body: &[u8], offset: usize) -> usize {
    let mut offset = offset.min(body.len());
    let mut steps = 0;
    while offset > 0
        && steps < MAX_CHAR_BYTES
        && body
            .get(offset)
            .is_some_and(|b| (b & 0b1100_0000) == 0b1000_0000)
    {
        offset = offset.saturating_sub(1);
        steps = steps.saturating_add(1);
    }
    offset
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: u32,
    }

    #[test]
    fn reports_path_of_bad_field() {
        let body = br#"{"items":[{"id":"a","count":1},{"id":"b","count":"two"}]}"#;
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct List {
            items: Vec<Item>,
        }
        let error = decode_json::<List>(body).unwrap_err();
        assert_eq!(error.path, "items[1].count");
        assert!(error.message.contains("invalid type"), "{}", error.message);
        assert!(error.snippet.contains("\"two\""), "{}", error.snippet);
    }

    #[test]
    fn snippet_is_bounded_and_near_the_failure() {
        let mut body = String::from("[");
        for i in 0..500 {
            body.push_str(&format!("{{\"id\":\"{i}\",\"count\":{i}}},"));
        }
        body.push_str("{\"id\":\"x\",\"count\":-1}]");
        let error = decode_json::<Vec<Item>>(body.as_bytes()).unwrap_err();
        assert_eq!(error.path, "[500].count");
        assert!(error.snippet.chars().count() <= 200);
        assert!(error.snippet.contains("-1"), "{}", error.snippet);
    }

    #[test]
    fn huge_string_values_give_bounded_errors() {
        let body = format!(
            "{{\"id\":\"{}\",\"count\":1}}",
            "\u{fffd}\u{ff}x".repeat(100_000)
        );
        let error = decode_json::<Vec<Item>>(body.as_bytes()).unwrap_err();
        assert!(error.message.chars().count() <= MESSAGE_CHARS);
        assert!(error.snippet.chars().count() <= SNIPPET_CHARS);
        let invalid = [&b"[1, "[..], &[0xff; 100_000][..], &b"]"[..]].concat();
        let error = decode_json::<Vec<u32>>(&invalid).unwrap_err();
        assert!(error.snippet.chars().count() <= SNIPPET_CHARS);
        assert!(error.snippet.starts_with("[1, "), "{}", error.snippet);
    }

    #[test]
    fn empty_body_is_null() {
        decode_json::<()>(b"").unwrap();
        assert_eq!(decode_json::<Option<u32>>(b"  ").unwrap(), None);
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        let error = decode_json::<u32>(b"1 2").unwrap_err();
        assert!(error.message.contains("trailing"), "{}", error.message);
    }

    #[test]
    fn multibyte_text_is_cut_on_char_boundaries() {
        let body = format!("[\"{}\", x]", "é".repeat(300));
        let error = decode_json::<Vec<String>>(body.as_bytes()).unwrap_err();
        assert!(error.snippet.chars().count() <= 200);
        assert!(error.snippet.ends_with(" x]"), "{}", error.snippet);
    }
}
