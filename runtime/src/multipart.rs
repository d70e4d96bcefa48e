//! `multipart/form-data` bodies (RFC 7578), built in memory so that a retry can
//! send the identical bytes again.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use serde::Serialize;
use serde_json::Value;

use crate::encode::value_text;
use crate::failures::EncodeError;

/// A file to upload in a multipart body.
///
/// Its `Debug` output shows the size and content type, never the bytes or the file name.
#[derive(Clone)]
pub struct FilePart {
    /// The file's content.
    pub bytes: Bytes,
    /// Sent as the part's `filename`. Some servers (Spring, for one) only treat a
    /// part with a file name as a file.
    pub file_name: Option<String>,
    /// The part's Content-Type; `application/octet-stream` when `None`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with this content, without file name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's Content-Type ("image/png", "text/csv", ...).
    pub fn content_type(mut self, ct: impl Into<String>) -> Self {
        self.content_type = Some(ct.into());
        self
    }
}

impl fmt::Debug for FilePart {
    // File content and names may be personal: only the shape is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &self.bytes.len())
            .field("has_file_name", &self.file_name.is_some())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A `multipart/form-data` body, sent with [`Request::multipart`](crate::Request::multipart).
///
/// Parts are sent in the order they are added. The body is built in memory with a
/// random boundary that occurs in no part, so retries resend the same bytes.
/// Builder methods never fail: a field that cannot be serialised is reported by
/// `Client::execute` as `Error::Encode`.
///
/// Its `Debug` output shows part names and sizes, never their content.
#[derive(Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<EncodeError>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// Boundaries tried before giving up (each has 190 random bits: a clash is
/// practically impossible, this only bounds the loop).
const BOUNDARY_TRIES: usize = 8;

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A field: strings as they are, numbers/bools as text, arrays as one part per
    /// item, objects as JSON text (Content-Type: application/json). `None`/null
    /// adds nothing.
    ///
    /// Parts other than JSON ones carry no Content-Type (RFC 7578's default,
    /// `text/plain`). Nested arrays and objects inside an array are JSON parts too.
    pub fn field<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(Value::Array(items)) => {
                for item in &items {
                    self.push_value(name, item);
                }
            }
            Ok(value) => self.push_value(name, &value),
            Err(error) => self.fail(name, error.to_string()),
        }
        self
    }

    /// A file part.
    pub fn file(mut self, name: &str, file: FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: file.file_name,
            content_type: Some(
                file.content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            body: file.bytes,
        });
        self
    }

    /// One file part per file, all named `name` (an array of files).
    pub fn files(self, name: &str, files: impl IntoIterator<Item = FilePart>) -> Self {
        files
            .into_iter()
            .fold(self, |multipart, file| multipart.file(name, file))
    }

    fn push_value(&mut self, name: &str, value: &Value) {
        let json = matches!(value, Value::Array(_) | Value::Object(_));
        match value_text(value) {
            Ok(Some(text)) => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: json.then(|| "application/json".to_owned()),
                body: Bytes::from(text),
            }),
            Ok(None) => {}
            Err(message) => self.fail(name, message),
        }
    }

    fn fail(&mut self, name: &str, message: String) {
        self.error
            .get_or_insert_with(|| EncodeError::new(format!("multipart field `{name}`"), message));
    }

    /// The Content-Type header value and the body, with a random boundary.
    pub(crate) fn into_body(self) -> Result<(String, Bytes), EncodeError> {
        self.encode(random_boundary)
    }

    /// As [`Multipart::into_body`], with boundaries from `boundary` (tests use fixed ones).
    pub(crate) fn encode(
        self,
        mut boundary: impl FnMut() -> String,
    ) -> Result<(String, Bytes), EncodeError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let heads = self
            .parts
            .iter()
            .map(part_head)
            .collect::<Result<Vec<_>, _>>()?;
        for _ in 0..BOUNDARY_TRIES {
            let boundary = boundary();
            let clash = self.parts.iter().zip(&heads).any(|(part, head)| {
                contains(head.as_bytes(), boundary.as_bytes())
                    || contains(&part.body, boundary.as_bytes())
            });
            if boundary.is_empty() || clash {
                continue;
            }
            let size = self
                .parts
                .iter()
                .zip(&heads)
                .map(|(part, head)| {
                    boundary
                        .len()
                        .saturating_add(head.len())
                        .saturating_add(part.body.len())
                        .saturating_add(6)
                })
                .fold(0usize, usize::saturating_add);
            // Only a capacity hint: saturating is harmless.
            let mut body =
                BytesMut::with_capacity(size.saturating_add(boundary.len()).saturating_add(6));
            for (part, head) in self.parts.iter().zip(&heads) {
                body.put_slice(b"--");
                body.put_slice(boundary.as_bytes());
                body.put_slice(b"\r\n");
                body.put_slice(head.as_bytes());
                body.put_slice(&part.body);
                body.put_slice(b"\r\n");
            }
            body.put_slice(b"--");
            body.put_slice(boundary.as_bytes());
            body.put_slice(b"--\r\n");
            return Ok((
                format!("multipart/form-data; boundary={boundary}"),
                body.freeze(),
            ));
        }
        Err(EncodeError::new(
            "multipart body",
            "no boundary found that occurs in no part",
        ))
    }
}

impl fmt::Debug for Multipart {
    // Field values and file content may be personal: only names and sizes are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shape<'a>(&'a Part);
        impl fmt::Debug for Shape<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?} ({} bytes)", self.0.name, self.0.body.len())
            }
        }
        f.debug_struct("Multipart")
            .field("parts", &self.parts.iter().map(Shape).collect::<Vec<_>>())
            .field("error", &self.error.as_ref().map(|e| &e.part))
            .finish()
    }
}

/// A boundary of 32 random alphanumerics (RFC 2046 allows up to 70 characters).
fn random_boundary() -> String {
    let mut boundary = String::from("isc-runtime-");
    boundary.extend(std::iter::repeat_with(fastrand::alphanumeric).take(32));
    boundary
}

/// The part's header lines and the blank line after them.
fn part_head(part: &Part) -> Result<String, EncodeError> {
    let mut head = format!(
        "Content-Disposition: form-data; name=\"{}\"",
        quoted(&part.name)
    );
    if let Some(file_name) = &part.file_name {
        head.push_str("; filename=\"");
        head.push_str(&quoted(file_name));
        head.push('"');
    }
    head.push_str("\r\n");
    if let Some(content_type) = &part.content_type {
        if content_type.is_empty() || content_type.chars().any(char::is_control) {
            return Err(EncodeError::new(
                format!("multipart part `{}`", part.name),
                "invalid content type",
            ));
        }
        head.push_str("Content-Type: ");
        head.push_str(content_type);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    Ok(head)
}

/// The inside of a quoted-string: `"` and `\` backslash-escaped; CR and LF
/// percent-encoded as browsers do, so a name can never end the header line.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use serde_json::json;

    fn fixed(multipart: Multipart) -> (String, String) {
        let (content_type, body) = multipart.encode(|| "BOUNDARY".to_owned()).unwrap();
        (content_type, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn fields_and_files_exact_bytes() {
        let multipart = Multipart::new()
            .field("name", "Ada Lovelace")
            .field("count", &3)
            .field("active", &true)
            .field("tags", &["a", "b"])
            .field("meta", &json!({"k": [1, 2]}))
            .field("missing", &None::<String>)
            .field("empty", "")
            .file(
                "upload",
                FilePart::new("id,name\r\n1,x\r\n")
                    .file_name("people.csv")
                    .content_type("text/csv"),
            )
            .file("raw", FilePart::new(vec![0u8, 255]));
        let (content_type, body) = multipart.encode(|| "BOUNDARY".to_owned()).unwrap();
        assert_eq!(content_type, "multipart/form-data; boundary=BOUNDARY");
        let expected: &[u8] = b"--BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"name\"\r\n\r\n\
            Ada Lovelace\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"count\"\r\n\r\n\
            3\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"active\"\r\n\r\n\
            true\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"tags\"\r\n\r\n\
            a\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"tags\"\r\n\r\n\
            b\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"meta\"\r\n\
            Content-Type: application/json\r\n\r\n\
            {\"k\":[1,2]}\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"empty\"\r\n\r\n\
            \r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"upload\"; filename=\"people.csv\"\r\n\
            Content-Type: text/csv\r\n\r\n\
            id,name\r\n1,x\r\n\r\n\
            --BOUNDARY\r\n\
            Content-Disposition: form-data; name=\"raw\"\r\n\
            Content-Type: application/octet-stream\r\n\r\n\
            \x00\xff\r\n\
            --BOUNDARY--\r\n";
        assert_eq!(body.as_ref(), expected);
    }

    #[test]
    fn array_items_that_are_objects_are_json_parts() {
        let (_, body) = fixed(Multipart::new().field("items", &json!([{"a": 1}, null, 2])));
        assert_eq!(
            body,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"items\"\r\n\
             Content-Type: application/json\r\n\r\n{\"a\":1}\r\n\
             --BOUNDARY\r\nContent-Disposition: form-data; name=\"items\"\r\n\r\n2\r\n\
             --BOUNDARY--\r\n"
        );
    }

    #[test]
    fn files_adds_one_part_each() {
        let (_, body) = fixed(Multipart::new().files(
            "docs",
            [
                FilePart::new("one"),
                FilePart::new("two").file_name("2.txt"),
            ],
        ));
        assert_eq!(body.matches("name=\"docs\"").count(), 2);
        assert!(body.contains("name=\"docs\"; filename=\"2.txt\"\r\n"));
    }

    #[test]
    fn empty_body_is_just_the_close_delimiter() {
        let (_, body) = fixed(Multipart::new());
        assert_eq!(body, "--BOUNDARY--\r\n");
    }

    #[test]
    fn names_are_quoted_and_escaped() {
        let (_, body) = fixed(Multipart::new().file(
            "a\"b\\c",
            FilePart::new("x").file_name("evil\"\r\nX-Injected: 1.txt"),
        ));
        assert!(body.contains(
            "Content-Disposition: form-data; name=\"a\\\"b\\\\c\"; \
             filename=\"evil\\\"%0D%0AX-Injected: 1.txt\"\r\n"
        ));
        assert!(!body.contains("\r\nX-Injected"));
        // UTF-8 file names are sent as they are (RFC 7578 section 4.2).
        let (_, body) =
            fixed(Multipart::new().file("f", FilePart::new("x").file_name("Überblick.pdf")));
        assert!(body.contains("filename=\"Überblick.pdf\""));
    }

    #[test]
    fn boundary_that_occurs_in_a_part_is_replaced() {
        let mut candidates = ["in-content", "in-name", "fresh"].into_iter();
        let (content_type, body) = Multipart::new()
            .field("in-name", "value")
            .file("f", FilePart::new("xx--in-content--xx"))
            .encode(|| candidates.next().unwrap().to_owned())
            .unwrap();
        assert_eq!(content_type, "multipart/form-data; boundary=fresh");
        assert!(body.starts_with(b"--fresh\r\n"));
        assert!(body.ends_with(b"--fresh--\r\n"));
    }

    #[test]
    fn no_usable_boundary_is_an_encode_error() {
        let error = Multipart::new()
            .field("f", "same")
            .encode(|| "same".to_owned())
            .unwrap_err();
        assert_eq!(error.part, "multipart body");
    }

    #[test]
    fn random_boundaries_differ_and_are_valid() {
        let a = random_boundary();
        let b = random_boundary();
        assert_ne!(a, b);
        assert!(a.len() <= 70);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'));
        let (content_type, body) = Multipart::new().field("x", "y").into_body().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
    }

    #[test]
    fn serialisation_errors_are_kept_for_execute() {
        struct Bad;
        impl Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no way"))
            }
        }
        let error = Multipart::new()
            .field("ok", "fine")
            .field("bad", &Bad)
            .field("worse", &Bad)
            .into_body()
            .unwrap_err();
        assert_eq!(error.part, "multipart field `bad`");
        assert!(error.message.contains("no way"));
    }

    #[test]
    fn invalid_file_content_type_is_an_encode_error() {
        let error = Multipart::new()
            .file(
                "f",
                FilePart::new("x").content_type("text/plain\r\nX-Evil: 1"),
            )
            .into_body()
            .unwrap_err();
        assert_eq!(error.part, "multipart part `f`");
    }

    #[test]
    fn debug_shows_no_content() {
        let multipart = Multipart::new().field("password", "hunter2").file(
            "doc",
            FilePart::new("secret-bytes").file_name("private-name.pdf"),
        );
        let debug = format!("{multipart:?}");
        assert!(debug.contains("password"));
        assert!(!debug.contains("hunter2"));
        assert!(!debug.contains("secret-bytes"));
        assert!(!debug.contains("private-name"));
        let file = FilePart::new("secret-bytes").file_name("private-name.pdf");
        let debug = format!("{file:?}");
        assert!(!debug.contains("secret-bytes"));
        assert!(!debug.contains("private-name"));
    }
}
