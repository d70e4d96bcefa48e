//! Matching a request path against an operation's path template
//! (`/beta/accounts/{id}`): literal segments exactly, parameters by any
//! value or, once fixed, by theirs.

use percent_encoding::percent_decode_str;
use wiremock::{Match, Request};

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param { name: String, value: Option<String> },
}

/// A path template whose parameters may be fixed to one value.
#[derive(Debug, Clone)]
pub(super) struct PathTemplate {
    segments: Vec<Segment>,
}

impl PathTemplate {
    pub(super) fn new(template: &str) -> Self {
        let segments = template
            .split('/')
            .skip(1)
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param {
                        name: name.to_owned(),
                        value: None,
                    },
                    None => Segment::Literal(segment.to_owned()),
                },
            )
            .collect();
        PathTemplate { segments }
    }

    /// Matches only `value` for the parameter `name` (no effect when the
    /// template has no such parameter).
    pub(super) fn fix(&mut self, name: &str, value: String) {
        for segment in &mut self.segments {
            if let Segment::Param { name: n, value: v } = segment
                && n == name
            {
                *v = Some(value.clone());
            }
        }
    }
}

impl Match for PathTemplate {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path();
        let parts: Vec<&str> = path.split('/').skip(1).collect();
        parts.len() == self.segments.len()
            && parts.iter().zip(&self.segments).all(|(part, segment)| {
                let decoded = percent_decode_str(part).decode_utf8_lossy();
                match segment {
                    Segment::Literal(text) => decoded == text.as_str(),
                    Segment::Param { value: None, .. } => !part.is_empty(),
                    Segment::Param {
                        value: Some(value), ..
                    } => decoded == value.as_str(),
                }
            })
    }
}
