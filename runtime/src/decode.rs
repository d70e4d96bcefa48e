//! JSON decoding that reports where a document went wrong.

use serde::de::DeserializeOwned;

use crate::error::{DecodeError, SNIPPET_CHARS};

/// Characters of context kept before the failure point in a snippet.
const SNIPPET_BEFORE: usize = 80;

/// Decodes JSON with path tracking (used by generated `ErrorBody` impls).
///
/// An empty (or all-whitespace) body decodes as JSON `null`, so `()` and
/// `Option<T>` accept the empty bodies some endpoints send.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| decode_error(body, error))?;
    // Trailing garbage after a valid document is an error too.
    deserializer.end().map_err(|error| DecodeError {
        path: ".".to_owned(),
        message: error.to_string(),
        snippet: snippet(body, error.line(), error.column()),
    })?;
    Ok(value)
}

fn decode_error(body: &[u8], error: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = error.path().to_string();
    let inner = error.into_inner();
    DecodeError {
        path,
        message: inner.to_string(),
        snippet: snippet(body, inner.line(), inner.column()),
    }
}

/// At most [`SNIPPET_CHARS`] characters of the body around `line`/`column` (1-based;
/// line 0 means the position is unknown and the snippet starts at the beginning).
fn snippet(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let chars: Vec<char> = text.chars().collect();
    let failure = char_offset(&text, line, column).min(chars.len());
    let start = failure.saturating_sub(SNIPPET_BEFORE);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(start);
    chars.get(start..end).unwrap_or_default().iter().collect()
}

/// Converts serde_json's line/column (column counts bytes) to a character offset.
fn char_offset(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let mut byte_offset = 0;
    for (index, current) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            byte_offset += column.min(current.len());
            break;
        }
        byte_offset += current.len();
    }
    let mut boundary = byte_offset.min(text.len());
    while !text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    text[..boundary].chars().count()
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
