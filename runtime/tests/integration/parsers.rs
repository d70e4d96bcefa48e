//! Property tests: arbitrary header values from a server go through the
//! parsers without a panic and within their documented ranges. (Token
//! responses have their own property test next to their parser.)

use std::time::{Duration, SystemTime};

use isc_runtime::reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use isc_runtime::{Response, retry::retry_after};
use proptest::prelude::*;

fn header_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        "-?[0-9]{1,40}",
        "[0-9]{0,25}(\\.[0-9]{0,5})?(e[0-9]{1,4})?",
        "(Mon|Sun), [0-9]{2} (Jan|Dec) [0-9]{4,6} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
    ]
}

proptest! {
    #[test]
    fn retry_after_and_total_count_never_panic(text in header_text(), now_s in any::<u32>()) {
        let Ok(value) = HeaderValue::from_str(&text) else { return Ok(()); };
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, value.clone());
        headers.insert("x-total-count", value);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(now_s));
        let _ = retry_after(&headers, now);
        let response = Response::new(200, headers, "[]");
        if let Some(total) = response.total_count() {
            prop_assert_eq!(Some(total), text.trim().parse::<u64>().ok());
        }
    }
}
