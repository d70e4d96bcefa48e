//! Query parameter styles and `application/x-www-form-urlencoded` bodies.
//!
//! Everything here works on the `serde_json::Value` of a parameter, so any
//! `Serialize` type (models, enums, maps, vectors, options) can be sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

/// Everything but RFC 3986's unreserved characters is escaped, so a value can never
/// end a path segment or a query pair early.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a query parameter is serialised: OpenAPI's `style` and `explode`.
///
/// Scalars are `name=value` in every style; `null`, empty arrays and empty objects
/// add nothing. Nested values inside arrays and objects (an object in an array, an
/// array as an object's value) are sent as compact JSON text. Values, keys and
/// names are percent-encoded as RFC 3986 query components, so a reserved
/// character in a value (`,`, `|`, `&`, `=`, ...) can never be taken for a
/// delimiter.
///
/// | style | array `[a, b]` | object `{k1: v1, k2: v2}` |
/// |---|---|---|
/// | `Form { explode: true }` | `name=a&name=b` | `k1=v1&k2=v2` |
/// | `Form { explode: false }` | `name=a,b` | `name=k1,v1,k2,v2` |
/// | `SpaceDelimited` | `name=a%20b` | `name=k1%20v1%20k2%20v2` |
/// | `PipeDelimited` | `name=a%7Cb` (`a\|b`) | `name=k1%7Cv1%7Ck2%7Cv2` |
/// | `DeepObject` | `name=a&name=b` | `name%5Bk1%5D=v1&name%5Bk2%5D=v2` (`name[k1]=v1`) |
///
/// The pipe of `PipeDelimited` and the brackets of `DeepObject` are sent
/// percent-encoded: RFC 3986 does not allow them literally in a query and some
/// servers (Tomcat, for one) reject them; servers decode the query before
/// splitting it, so they see `a|b` and `name[k1]`. OpenAPI does not define
/// arrays for `DeepObject`: they are sent as `Form { explode: true }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryStyle {
    /// `style: form`, OpenAPI's default for query parameters.
    Form {
        /// `true` (the default): one pair per array item or object property.
        explode: bool,
    },
    /// `style: spaceDelimited` (`explode: false`): items joined by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited` (`explode: false`): items joined by pipes.
    PipeDelimited,
    /// `style: deepObject` (`explode: true`): `name[key]=value` per property.
    DeepObject,
}

impl Default for QueryStyle {
    /// `Form { explode: true }`, OpenAPI's default for query parameters.
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

/// Percent-encoded `,` `%20` `%7C`: joins items of the non-exploded styles.
fn delimiter(style: QueryStyle) -> Option<&'static str> {
    match style {
        QueryStyle::Form { explode: false } => Some(","),
        QueryStyle::SpaceDelimited => Some("%20"),
        QueryStyle::PipeDelimited => Some("%7C"),
        QueryStyle::Form { explode: true } | QueryStyle::DeepObject => None,
    }
}

fn encode(text: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(text, COMPONENT)
}

fn pair(name: &str, value: &str) -> String {
    format!("{}={}", encode(name), encode(value))
}

/// The text of one value: strings as they are, numbers and booleans as text,
/// arrays and objects as compact JSON; `None` for null.
pub(crate) fn value_text(value: &Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        Value::Number(number) => Ok(Some(number.to_string())),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(value)
            .map(Some)
            .map_err(|error| error.to_string()),
    }
}

/// The encoded `key=value` pairs of query parameter `name` (without `&`).
pub(crate) fn query_pairs(
    name: &str,
    value: &Value,
    style: QueryStyle,
) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => array_pairs(name, items, style),
        Value::Object(object) => object_pairs(name, object, style),
        scalar => Ok(value_text(scalar)?
            .map(|text| pair(name, &text))
            .into_iter()
            .collect()),
    }
}

fn array_pairs(name: &str, items: &[Value], style: QueryStyle) -> Result<Vec<String>, String> {
    let mut texts = Vec::with_capacity(items.len());
    for item in items {
        if let Some(text) = value_text(item)? {
            texts.push(text);
        }
    }
    if texts.is_empty() {
        return Ok(Vec::new());
    }
    Ok(match delimiter(style) {
        None => texts.iter().map(|text| pair(name, text)).collect(),
        Some(delimiter) => vec![joined(name, texts.iter().map(String::as_str), delimiter)],
    })
}

fn object_pairs(
    name: &str,
    object: &Map<String, Value>,
    style: QueryStyle,
) -> Result<Vec<String>, String> {
    let mut entries = Vec::with_capacity(object.len());
    for (key, value) in object {
        if let Some(text) = value_text(value)? {
            entries.push((key.as_str(), text));
        }
    }
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    Ok(match style {
        QueryStyle::DeepObject => entries
            .iter()
            .map(|(key, text)| format!("{}%5B{}%5D={}", encode(name), encode(key), encode(text)))
            .collect(),
        _ => match delimiter(style) {
            None => entries.iter().map(|(key, text)| pair(key, text)).collect(),
            Some(delimiter) => {
                let flat = entries.iter().flat_map(|(key, text)| [*key, text.as_str()]);
                vec![joined(name, flat, delimiter)]
            }
        },
    })
}

/// `name=a<delimiter>b...`, each item encoded, the delimiter as given.
fn joined<'a>(name: &str, items: impl Iterator<Item = &'a str>, delimiter: &str) -> String {
    let mut out = format!("{}=", encode(name));
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push_str(delimiter);
        }
        out.extend(utf8_percent_encode(item, COMPONENT));
    }
    out
}

/// A path or header value in OpenAPI's `simple` style (RFC 6570 `{name}` and
/// `{name*}`), each item passed through `escape`: scalars as text, arrays as
/// `a,b`, objects as `k1,v1,k2,v2` or, exploded, `k1=v1,k2=v2`. Nested values
/// are compact JSON text. `None` when there is nothing to send (null, an empty
/// array or object).
pub(crate) fn simple_text(
    value: &Value,
    explode: bool,
    escape: impl Fn(&str) -> String,
) -> Result<Option<String>, String> {
    let parts: Vec<String> = match value {
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                if let Some(text) = value_text(item)? {
                    parts.push(escape(&text));
                }
            }
            parts
        }
        Value::Object(object) => {
            let mut parts = Vec::with_capacity(object.len().saturating_mul(2));
            for (key, value) in object {
                if let Some(text) = value_text(value)? {
                    if explode {
                        parts.push(format!("{}={}", escape(key), escape(&text)));
                    } else {
                        parts.push(escape(key));
                        parts.push(escape(&text));
                    }
                }
            }
            parts
        }
        scalar => value_text(scalar)?
            .map(|text| escape(&text))
            .into_iter()
            .collect(),
    };
    Ok((!parts.is_empty()).then(|| parts.join(",")))
}

/// An `application/x-www-form-urlencoded` body: the top level must be an object;
/// scalars as text, arrays as repeated keys, nested objects (and arrays in
/// arrays) as JSON text; nulls are left out.
pub(crate) fn form_body(value: &Value) -> Result<String, String> {
    let Value::Object(object) = value else {
        return Err(format!(
            "a form body must be an object, not {}",
            kind(value)
        ));
    };
    let mut pairs: Vec<(&str, String)> = Vec::with_capacity(object.len());
    for (key, value) in object {
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Some(text) = value_text(item)? {
                        pairs.push((key, text));
                    }
                }
            }
            other => {
                if let Some(text) = value_text(other)? {
                    pairs.push((key, text));
                }
            }
        }
    }
    Ok(form_pairs(
        pairs.iter().map(|(key, text)| (*key, text.as_str())),
    ))
}

/// The one `application/x-www-form-urlencoded` encoder: form bodies and token
/// requests. Names and values are escaped as RFC 3986 components (space as `%20`).
pub(crate) fn form_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.into_iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(&pair(name, value));
    }
    out
}

/// "a string", "an array", ... for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use serde_json::json;

    const FORM: QueryStyle = QueryStyle::Form { explode: true };
    const FORM_FLAT: QueryStyle = QueryStyle::Form { explode: false };
    const ALL: [QueryStyle; 5] = [
        FORM,
        FORM_FLAT,
        QueryStyle::SpaceDelimited,
        QueryStyle::PipeDelimited,
        QueryStyle::DeepObject,
    ];

    fn pairs(value: Value, style: QueryStyle) -> String {
        query_pairs("p", &value, style).unwrap().join("&")
    }

    fn simple(value: Value, explode: bool) -> Option<String> {
        simple_text(&value, explode, |text| {
            utf8_percent_encode(text, COMPONENT).to_string()
        })
        .unwrap()
    }

    #[test]
    fn simple_style_joins_items_with_literal_commas() {
        assert_eq!(simple(json!("a,b c"), false).as_deref(), Some("a%2Cb%20c"));
        assert_eq!(simple(json!(7), true).as_deref(), Some("7"));
        assert_eq!(
            simple(json!(["a", "b,c", 3]), false).as_deref(),
            Some("a,b%2Cc,3")
        );
        assert_eq!(simple(json!(["a", "b"]), true).as_deref(), Some("a,b"));
        let object = json!({"role": "admin", "first": "Alex"});
        assert_eq!(
            simple(object.clone(), false).as_deref(),
            Some("role,admin,first,Alex")
        );
        assert_eq!(
            simple(object, true).as_deref(),
            Some("role=admin,first=Alex")
        );
        assert_eq!(
            simple(json!({"a": null, "b": [1]}), false).as_deref(),
            Some("b,%5B1%5D")
        );
        assert_eq!(simple(json!(null), false), None);
        assert_eq!(simple(json!([]), false), None);
        assert_eq!(simple(json!({}), true), None);
    }

    #[test]
    fn scalars_are_one_pair_in_every_style() {
        for style in ALL {
            assert_eq!(pairs(json!("a b&c"), style), "p=a%20b%26c", "{style:?}");
            assert_eq!(pairs(json!(42), style), "p=42", "{style:?}");
            assert_eq!(pairs(json!(-1.5), style), "p=-1.5", "{style:?}");
            assert_eq!(pairs(json!(false), style), "p=false", "{style:?}");
            assert_eq!(pairs(json!(null), style), "", "{style:?}");
        }
    }

    #[test]
    fn arrays_in_each_style() {
        let value = json!(["a", 1, null, true]);
        assert_eq!(pairs(value.clone(), FORM), "p=a&p=1&p=true");
        assert_eq!(pairs(value.clone(), FORM_FLAT), "p=a,1,true");
        assert_eq!(
            pairs(value.clone(), QueryStyle::SpaceDelimited),
            "p=a%201%20true"
        );
        assert_eq!(
            pairs(value.clone(), QueryStyle::PipeDelimited),
            "p=a%7C1%7Ctrue"
        );
        assert_eq!(pairs(value, QueryStyle::DeepObject), "p=a&p=1&p=true");
    }

    #[test]
    fn objects_in_each_style() {
        let value = json!({"role": "admin", "n": 5, "gone": null});
        assert_eq!(pairs(value.clone(), FORM), "role=admin&n=5");
        assert_eq!(pairs(value.clone(), FORM_FLAT), "p=role,admin,n,5");
        assert_eq!(
            pairs(value.clone(), QueryStyle::SpaceDelimited),
            "p=role%20admin%20n%205"
        );
        assert_eq!(
            pairs(value.clone(), QueryStyle::PipeDelimited),
            "p=role%7Cadmin%7Cn%7C5"
        );
        assert_eq!(
            pairs(value, QueryStyle::DeepObject),
            "p%5Brole%5D=admin&p%5Bn%5D=5"
        );
    }

    #[test]
    fn delimiters_inside_values_are_encoded() {
        let value = json!(["a,b", "c|d", "e f", "g&h=i"]);
        assert_eq!(
            pairs(value.clone(), FORM_FLAT),
            "p=a%2Cb,c%7Cd,e%20f,g%26h%3Di"
        );
        assert_eq!(
            pairs(json!({"k[1]": "v,w"}), QueryStyle::DeepObject),
            "p%5Bk%5B1%5D%5D=v%2Cw"
        );
        assert_eq!(pairs(json!({"a&b": "c=d"}), FORM), "a%26b=c%3Dd");
        // Non-ASCII as UTF-8 bytes.
        assert_eq!(pairs(json!("é"), FORM), "p=%C3%A9");
    }

    #[test]
    fn nested_values_are_compact_json() {
        assert_eq!(
            pairs(json!([{"a": 1}, [1, 2]]), FORM),
            "p=%7B%22a%22%3A1%7D&p=%5B1%2C2%5D"
        );
        assert_eq!(
            pairs(json!({"f": {"x": [true]}}), QueryStyle::DeepObject),
            "p%5Bf%5D=%7B%22x%22%3A%5Btrue%5D%7D"
        );
    }

    #[test]
    fn empty_arrays_and_objects_add_nothing() {
        for style in ALL {
            assert_eq!(pairs(json!([]), style), "", "{style:?}");
            assert_eq!(pairs(json!([null]), style), "", "{style:?}");
            assert_eq!(pairs(json!({}), style), "", "{style:?}");
            assert_eq!(pairs(json!({"a": null}), style), "", "{style:?}");
        }
    }

    #[test]
    fn names_are_encoded() {
        assert_eq!(
            query_pairs("a b", &json!(["x"]), FORM_FLAT).unwrap(),
            ["a%20b=x"]
        );
        assert_eq!(
            query_pairs("a b", &json!({"k": 1}), QueryStyle::DeepObject).unwrap(),
            ["a%20b%5Bk%5D=1"]
        );
    }

    #[test]
    fn default_style_is_exploded_form() {
        assert_eq!(QueryStyle::default(), FORM);
    }

    #[test]
    fn form_bodies() {
        let body = json!({
            "grant_type": "client_credentials",
            "scope": "a b+c&d=e",
            "n": 3,
            "flag": true,
            "skip": null,
            "ids": ["x", null, 2],
            "nested": {"k": [1]},
        });
        assert_eq!(
            form_body(&body).unwrap(),
            "grant_type=client_credentials&scope=a%20b%2Bc%26d%3De&n=3&flag=true\
             &ids=x&ids=2&nested=%7B%22k%22%3A%5B1%5D%7D"
        );
        assert_eq!(form_body(&json!({})).unwrap(), "");
    }

    #[test]
    fn form_bodies_must_be_objects() {
        assert_eq!(
            form_body(&json!(["a"])).unwrap_err(),
            "a form body must be an object, not an array"
        );
        assert!(form_body(&json!("a=b")).is_err());
        assert!(form_body(&json!(null)).is_err());
    }
}
