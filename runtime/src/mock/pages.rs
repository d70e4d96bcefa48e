//! Serving a list the way the API pages it: `limit` and `offset` from the
//! query choose the slice, and `count=true` asks for `X-Total-Count`.

use wiremock::{Request, Respond, ResponseTemplate};

/// The items of a list operation, served a page at a time.
#[derive(Debug, Clone)]
pub(super) struct Pages {
    items: Vec<serde_json::Value>,
    default_limit: u64,
    headers: Vec<(String, String)>,
}

impl Pages {
    pub(super) fn new(items: Vec<serde_json::Value>, default_limit: u64) -> Self {
        Pages {
            items,
            default_limit,
            headers: Vec::new(),
        }
    }

    pub(super) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let number = |name: &str| query(name).map(|v| v.parse::<u64>());
        let (limit, offset) = match (number("limit"), number("offset")) {
            (Some(Err(_)), _) | (_, Some(Err(_))) => {
                return ResponseTemplate::new(400).set_body_json(serde_json::json!({
                    "messages": [{"text": "limit and offset must be whole numbers"}]
                }));
            }
            (limit, offset) => (
                limit.and_then(Result::ok).unwrap_or(self.default_limit),
                offset.and_then(Result::ok).unwrap_or(0),
            ),
        };
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(usize::MAX);
        let page: Vec<&serde_json::Value> = self.items.iter().skip(start).take(take).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(page);
        if query("count").as_deref() == Some("true") {
            response = response.insert_header("X-Total-Count", self.items.len().to_string());
        }
        for (name, value) in &self.headers {
            response = response.insert_header(name.as_str(), value.as_str());
        }
        response
    }
}
