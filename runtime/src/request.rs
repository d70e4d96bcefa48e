//! One API request as generated code describes it.

use std::fmt;

use bytes::Bytes;
use percent_encoding::utf8_percent_encode;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::encode::{self, COMPONENT, QueryStyle};
use crate::failures::EncodeError;
use crate::multipart::Multipart;

/// One request, built by generated code and sent with `Client::execute`.
///
/// Builder methods never fail: a value that cannot be encoded is remembered and
/// reported by `Client::execute` as `Error::Encode`.
pub struct Request {
    pub(crate) operation_id: &'static str,
    pub(crate) method: Method,
    base_path: &'static str,
    pub(crate) path_template: &'static str,
    path: String,
    /// Parameter name and one encoded `key=value` pair (a parameter may add several).
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<Bytes>,
    pub(crate) authenticated: bool,
    error: Option<EncodeError>,
}

impl Request {
    /// `base_path` is the API version prefix from the spec's server URL ("/beta");
    /// `path_template` is the OpenAPI path ("/accounts/{id}"), used for tracing.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        base_path: &'static str,
        path_template: &'static str,
    ) -> Self {
        Request {
            operation_id,
            method,
            base_path,
            path_template,
            path: path_template.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            authenticated: false,
            error: None,
        }
    }

    /// Replaces `{name}` in the path with the value, percent-encoded as one path segment.
    pub fn path_param(self, name: &str, value: impl fmt::Display) -> Self {
        let segment = utf8_percent_encode(&value.to_string(), COMPONENT).to_string();
        self.path_segment(name, Ok(segment))
    }

    /// Replaces `{name}` in the path with any `Serialize` value in OpenAPI's
    /// `simple` style (the default for path parameters): arrays as `a,b`,
    /// objects as `k1,v1,k2,v2` (`k1=v1,k2=v2` with `explode`). Each item is
    /// percent-encoded, so a comma inside an item stays data (`%2C`).
    pub fn path_param_simple<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Self {
        let segment = serde_json::to_value(value)
            .map_err(|error| error.to_string())
            .and_then(|value| {
                encode::simple_text(&value, explode, |text| {
                    utf8_percent_encode(text, COMPONENT).to_string()
                })
            })
            // Nothing to send (null, an empty list) is an empty segment.
            .map(Option::unwrap_or_default);
        self.path_segment(name, segment)
    }

    /// Puts an encoded segment in place of `{name}`, or records why it cannot.
    fn path_segment(mut self, name: &str, segment: Result<String, String>) -> Self {
        let part = || format!("path parameter `{name}`");
        let placeholder = format!("{{{name}}}");
        match segment {
            Err(message) => self.fail(EncodeError::new(part(), message)),
            Ok(segment) if segment.is_empty() => {
                self.fail(EncodeError::new(part(), "empty value"));
            }
            // URL parsers treat these as relative segments, even
            // percent-encoded (and encoding leaves dots as they are).
            Ok(segment) if segment == "." || segment == ".." => self.fail(EncodeError::new(
                part(),
                format!("{segment:?} cannot be a path segment"),
            )),
            Ok(_) if !self.path.contains(&placeholder) => self.fail(EncodeError::new(
                part(),
                format!("not in path {}", self.path_template),
            )),
            Ok(segment) => self.path = self.path.replace(&placeholder, &segment),
        }
        self
    }

    /// Adds a query parameter, form style exploded (OpenAPI's default):
    /// `query_styled(name, value, QueryStyle::Form { explode: true })`.
    ///
    /// Scalars (string, number, bool, string enum) become one `name=value` pair;
    /// arrays become repeated pairs (`name=a&name=b`); objects one pair per
    /// property (`k1=v1&k2=v2`); `null` adds nothing.
    pub fn query<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.query_styled(name, value, QueryStyle::Form { explode: true })
    }

    /// Same as `query` but does nothing for `None`.
    pub fn query_opt<T: Serialize>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a query parameter serialised in `style`. Scalars are `name=value` in
    /// every style.
    /// Arrays: `Form { explode: true }` → repeated `name=a&name=b`;
    /// `Form { explode: false }` → `name=a,b`; `SpaceDelimited` → `name=a%20b`;
    /// `PipeDelimited` → `name=a%7Cb` (`a|b`).
    /// Objects: `Form { explode: true }` → each key its own pair `k1=v1&k2=v2`;
    /// `Form { explode: false }` → `name=k1,v1,k2,v2`;
    /// `DeepObject` → `name%5Bk1%5D=v1&name%5Bk2%5D=v2` (`name[k1]=v1`).
    /// Nested values inside arrays/objects are sent as compact JSON text.
    ///
    /// `null`, empty arrays and empty objects add nothing; see [`QueryStyle`] for
    /// the full table and the percent-encoding.
    pub fn query_styled<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: QueryStyle,
    ) -> Self {
        let part = || format!("query parameter `{name}`");
        match serde_json::to_value(value) {
            Ok(value) => match encode::query_pairs(name, &value, style) {
                Ok(pairs) => self
                    .query
                    .extend(pairs.into_iter().map(|pair| (name, pair))),
                Err(message) => self.fail(EncodeError::new(part(), message)),
            },
            Err(error) => self.fail(EncodeError::new(part(), error)),
        }
        self
    }

    /// Same as `query_styled` but does nothing for `None`.
    pub fn query_styled_opt<T: Serialize>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: QueryStyle,
    ) -> Self {
        match value {
            Some(value) => self.query_styled(name, value, style),
            None => self,
        }
    }

    /// Sets a header, replacing one of the same name.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let part = || format!("header `{name}`");
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value.into()),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            (Err(error), _) => self.fail(EncodeError::new(part(), error)),
            (_, Err(error)) => self.fail(EncodeError::new(part(), error)),
        }
        self
    }

    /// Sets a header to any `Serialize` value in OpenAPI's `simple` style (the
    /// only style for headers): arrays as `a,b`, objects as `k1,v1,k2,v2`
    /// (`k1=v1,k2=v2` with `explode`). Nothing is sent for null or an empty
    /// array or object.
    pub fn header_simple<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Self {
        let text = serde_json::to_value(value)
            .map_err(|error| error.to_string())
            .and_then(|value| encode::simple_text(&value, explode, str::to_owned));
        match text {
            Ok(Some(text)) => self.header(name, text),
            Ok(None) => self,
            Err(message) => {
                self.fail(EncodeError::new(format!("header `{name}`"), message));
                self
            }
        }
    }

    /// JSON-encodes the body and sets Content-Type to `content_type`
    /// ("application/json", "application/json-patch+json", ...). Encoding errors
    /// surface from `Client::execute` as `Error::Encode`.
    pub fn json_body<T: Serialize + ?Sized>(self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.raw_body(content_type, bytes),
            Err(error) => {
                let mut request = self;
                request.fail(EncodeError::new("request body", error));
                request
            }
        }
    }

    /// Sends `body` as is, with Content-Type `content_type`.
    pub fn raw_body(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.set_body(content_type, body.into());
        self
    }

    /// Sends `body` as `application/x-www-form-urlencoded`. The top level must be an
    /// object (a struct or a map): scalars become `key=value` as text, arrays
    /// repeated keys, nested objects JSON text; `null` fields are left out. Encoding
    /// errors surface from `Client::execute` as `Error::Encode`.
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let encoded = serde_json::to_value(body)
            .map_err(|error| error.to_string())
            .and_then(|value| encode::form_body(&value));
        match encoded {
            Ok(text) => self.set_body("application/x-www-form-urlencoded", text.into()),
            Err(message) => self.fail(EncodeError::new("request body", message)),
        }
        self
    }

    /// Sends `body` as `multipart/form-data` with a random boundary. The body is
    /// built in memory, so retries resend the identical bytes. Field serialisation
    /// errors surface from `Client::execute` as `Error::Encode`.
    pub fn multipart(mut self, body: Multipart) -> Self {
        match body.into_body() {
            Ok((content_type, bytes)) => self.set_body(&content_type, bytes),
            Err(error) => self.fail(error),
        }
        self
    }

    fn set_body(&mut self, content_type: &str, body: Bytes) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Some(body);
            }
            Err(error) => self.fail(EncodeError::new("content type", error)),
        }
    }

    /// The operation declares security: attach the bearer token.
    pub fn authenticated(mut self) -> Self {
        self.authenticated = true;
        self
    }

    /// The operation id, as given to [`Request::new`].
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path after parameter substitution, without base path or query.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn fail(&mut self, error: EncodeError) {
        // The first problem is the one worth reporting.
        self.error.get_or_insert(error);
    }

    /// URL, headers and body ready to send, or the first encoding problem.
    pub(crate) fn prepare(&self, base_url: &str) -> Result<Prepared, EncodeError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if let Some(start) = self.path.find('{') {
            let name: String = self.path[start.saturating_add(1)..]
                .chars()
                .take_while(|c| *c != '}')
                .collect();
            return Err(EncodeError::new(
                format!("path parameter `{name}`"),
                "not set",
            ));
        }
        let mut url = format!("{base_url}{}{}", self.base_path, self.path);
        for (index, (_, pair)) in self.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(pair);
        }
        let url = reqwest::Url::parse(&url).map_err(|error| EncodeError::new("URL", error))?;
        let mut headers = self.headers.clone();
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        Ok(Prepared {
            url,
            headers,
            body: self.body.clone(),
        })
    }
}

impl fmt::Debug for Request {
    // Query values, headers and body may hold personal data: only the shape is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field(
                "query_names",
                &self.query.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .field("authenticated", &self.authenticated)
            .finish()
    }
}

/// A request ready for the wire.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
