//! Bounded, redacted text for errors: cutting on character boundaries, keeping a
//! prefix of a body, bounding `Debug` output, and blanking a secret in every
//! spelling a server might echo it in.

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::encode::COMPONENT;

/// What replaces a secret in error text.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// The first `max` characters of `text`, cut on a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((index, _)) => text.get(..index).unwrap_or(text),
        None => text,
    }
}

/// At most `max_bytes` of `body` as text (invalid UTF-8 replaced), with a note of
/// how much was left out; only the prefix is ever decoded.
pub(crate) fn lossy_prefix(body: &[u8], max_bytes: usize) -> String {
    let Some(prefix) = body.get(..max_bytes) else {
        return String::from_utf8_lossy(body).into_owned();
    };
    let mut text = String::from_utf8_lossy(prefix).into_owned();
    let left_out = body.len().saturating_sub(max_bytes);
    // Writing to a String cannot fail.
    let _ = write!(text, "… [{left_out} more bytes]");
    text
}

/// `Debug` of `value`, cut after `max` bytes: no error's `Debug` grows with the
/// body it came from.
pub(crate) struct BoundedDebug<'a, T: ?Sized>(pub &'a T, pub usize);

impl<T: fmt::Debug + ?Sized> fmt::Debug for BoundedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Capped {
            text: String::new(),
            max: self.1,
            cut: false,
        };
        // `Capped` reports an error once full, which stops the formatter early.
        let _ = write!(out, "{:?}", self.0);
        f.write_str(&out.text)?;
        if out.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

struct Capped {
    text: String,
    max: usize,
    cut: bool,
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.max.saturating_sub(self.text.len());
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end = end.saturating_sub(1);
        }
        self.text.push_str(s.get(..end).unwrap_or_default());
        self.cut = true;
        Err(fmt::Error)
    }
}

/// `application/x-www-form-urlencoded` as HTML forms write it: space as `+`.
const FORM_STYLE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// JSON encoders that escape `/` (PHP's, for one) write it as `\/`.
fn json_spellings(secret: &str) -> Vec<String> {
    let Ok(quoted) = serde_json::to_string(secret) else {
        return Vec::new();
    };
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_owned();
    // Non-ASCII as \uXXXX escapes.
    let ascii: String = inner
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect()
            }
        })
        .collect();
    [inner, ascii]
        .into_iter()
        .flat_map(|text| [text.replace('/', "\\/"), text])
        .collect()
}

/// Blanks secrets in text from a server, whichever way the server spelled them.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// Longest first, so a longer spelling is not half-replaced by a shorter one.
    spellings: Vec<String>,
}

impl Redactor {
    /// Redacts each of `secrets` (empty ones are ignored).
    pub(crate) fn new(secrets: &[&str]) -> Self {
        let mut spellings = Vec::new();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            spellings.push((*secret).to_owned());
            spellings.extend(json_spellings(secret));
            for set in [COMPONENT, NON_ALPHANUMERIC, CONTROLS] {
                let encoded = utf8_percent_encode(secret, set).to_string();
                spellings.push(lower_hex(&encoded));
                spellings.push(encoded);
            }
            let form = utf8_percent_encode(secret, FORM_STYLE)
                .to_string()
                .replace("%20", "+");
            spellings.push(lower_hex(&form));
            spellings.push(form);
        }
        spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
        spellings.dedup();
        Redactor { spellings }
    }

    /// `text` with every spelling of every secret replaced by `[REDACTED]`.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for spelling in &self.spellings {
            if out.contains(spelling.as_str()) {
                out = out.replace(spelling.as_str(), REDACTED);
            }
        }
        out
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor([REDACTED])")
    }
}

/// `%2B` → `%2b`: percent-encoders differ in the case of their hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut after_percent = 0u8;
    for c in encoded.chars() {
        if c == '%' {
            after_percent = 2;
            out.push(c);
        } else if after_percent > 0 {
            after_percent = after_percent.saturating_sub(1);
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn every_spelling_is_redacted() {
        let redactor = Redactor::new(&["probe+SECRET/x= é"]);
        for echoed in [
            "probe+SECRET/x= é",
            "probe%2BSECRET%2Fx%3D%20%C3%A9",
            "probe%2bSECRET%2fx%3d%20%c3%a9",
            "probe%2BSECRET%2Fx%3D+%C3%A9",
            "probe+SECRET\\/x= \\u00e9",
            "probe+SECRET\\/x= é",
        ] {
            let text = format!("{{\"echo\":\"{echoed}\"}}");
            let redacted = redactor.redact(&text);
            assert!(redacted.contains(REDACTED), "{echoed} -> {redacted}");
            assert!(!redacted.contains("SECRET"), "{echoed} -> {redacted}");
        }
    }

    #[test]
    fn bounded_debug_and_prefix() {
        let long = "x".repeat(10_000);
        let debug = format!("{:?}", BoundedDebug(&long, 100));
        assert!(debug.len() <= 104, "{}", debug.len());
        let prefix = lossy_prefix(&[0xff; 5000], 10);
        assert!(prefix.starts_with('\u{fffd}'));
        assert!(prefix.ends_with("[4990 more bytes]"), "{prefix}");
    }
}
