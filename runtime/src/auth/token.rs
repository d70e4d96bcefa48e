//! Reading a token endpoint's answer: the access token (which must be usable as
//! a header value), its lifetime clamped to a documented range, and bounded,
//! redacted OAuth errors.
// Everything here comes from the network: no unchecked arithmetic or casts.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]

use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use secrecy::SecretString;
use serde_json::Value;

use crate::auth_error::AuthError;
use crate::text::{Redactor, truncate_chars};

/// Shortest lifetime a token is given, whatever `expires_in` says (0 included):
/// concurrent and back-to-back calls share a token instead of each fetching one.
pub const MIN_TOKEN_LIFETIME: Duration = Duration::from_secs(10);
/// Longest lifetime a token is given; also the lifetime of a token without
/// `expires_in`. A 401 replaces a token sooner.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Characters of each OAuth field and of the body kept in [`AuthError::Rejected`].
const FIELD_CHARS: usize = 200;

/// A token as issued.
pub(crate) struct Issued {
    /// The whole `Authorization` value, `Bearer {token}`, checked to be a valid header value.
    pub header: SecretString,
    /// The lifetime, within [`MIN_TOKEN_LIFETIME`, `MAX_TOKEN_LIFETIME`].
    pub lifetime: Duration,
}

/// Parses a 2xx token response.
pub(crate) fn parse_success(body: &[u8]) -> Result<Issued, AuthError> {
    #[derive(serde::Deserialize)]
    struct TokenResponse {
        access_token: Option<Value>,
        expires_in: Option<Value>,
    }
    let parsed: TokenResponse = serde_json::from_slice(body).map_err(|error| {
        // The message may quote the token, so only the position is kept.
        AuthError::InvalidToken(format!(
            "token response is not a JSON object (line {}, column {})",
            error.line(),
            error.column()
        ))
    })?;
    let token = match parsed.access_token {
        Some(Value::String(token)) if !token.is_empty() => token,
        _ => {
            return Err(AuthError::InvalidToken(
                "token response has no access_token string".to_owned(),
            ));
        }
    };
    let header = format!("Bearer {token}");
    // Checked here, so a token that can never be sent is not cached.
    if HeaderValue::from_str(&header).is_err() {
        return Err(AuthError::InvalidToken(
            "access_token holds characters a header value cannot (control characters or non-ASCII)"
                .to_owned(),
        ));
    }
    Ok(Issued {
        header: SecretString::from(header),
        lifetime: lifetime(parsed.expires_in.as_ref())?,
    })
}

/// `expires_in` (seconds, a number or a numeric string) clamped to the range;
/// absent is the longest lifetime. Negative, fractional nonsense (NaN,
/// infinity) and non-numbers are errors.
pub(crate) fn lifetime(expires_in: Option<&Value>) -> Result<Duration, AuthError> {
    let seconds = match expires_in {
        None | Some(Value::Null) => return Ok(MAX_TOKEN_LIFETIME),
        Some(Value::Number(number)) => number.as_f64(),
        Some(Value::String(text)) => text.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    let Some(seconds) = seconds.filter(|s| s.is_finite() && *s >= 0.0) else {
        return Err(AuthError::InvalidToken(
            "token response's expires_in is not a number of seconds ≥ 0".to_owned(),
        ));
    };
    let clamped = seconds.clamp(
        MIN_TOKEN_LIFETIME.as_secs_f64(),
        MAX_TOKEN_LIFETIME.as_secs_f64(),
    );
    Ok(Duration::try_from_secs_f64(clamped).unwrap_or(MAX_TOKEN_LIFETIME))
}

/// When a token received at `received_at` is replaced: `margin` before it
/// expires, but never less than half its lifetime after arrival.
pub(crate) fn refresh_at(received_at: Instant, lifetime: Duration, margin: Duration) -> Instant {
    let half = lifetime.checked_div(2).unwrap_or_default();
    let keep = lifetime.saturating_sub(margin.min(half));
    received_at.checked_add(keep).unwrap_or(received_at)
}

/// A non-2xx token response: the OAuth `error` and `error_description` fields
/// and the start of the body, each bounded, with the secrets blanked.
pub(crate) fn rejection(status: u16, body: &[u8], redactor: &Redactor) -> AuthError {
    let field = |name: &str| -> Option<String> {
        let value: Value = serde_json::from_slice(body).ok()?;
        let text = value.get(name)?.as_str()?;
        Some(redactor.redact(truncate_chars(text, FIELD_CHARS)))
    };
    // Redacted before cutting, so a secret at the cut is still recognised.
    let prefix = body.get(..FIELD_CHARS.saturating_mul(8)).unwrap_or(body);
    let text = redactor.redact(&String::from_utf8_lossy(prefix));
    AuthError::Rejected {
        status,
        error: field("error"),
        error_description: field("error_description"),
        body: truncate_chars(&text, FIELD_CHARS).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    #![allow(clippy::arithmetic_side_effects)]
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            any::<u64>().prop_map(|n| Value::Number(n.into())),
            ".*".prop_map(Value::String),
            "[0-9eE+.-]{0,30}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(".{0,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_token_response_parses_or_errs_without_panicking(
            token in json_value(),
            expires_in in json_value(),
            raw in prop::collection::vec(any::<u8>(), 0..64),
        ) {
            let body = serde_json::json!({"access_token": token, "expires_in": expires_in});
            if let Ok(issued) = parse_success(body.to_string().as_bytes()) {
                prop_assert!(issued.lifetime >= MIN_TOKEN_LIFETIME);
                prop_assert!(issued.lifetime <= MAX_TOKEN_LIFETIME);
                let now = Instant::now();
                let at = refresh_at(now, issued.lifetime, Duration::MAX);
                prop_assert!(at >= now);
            }
            let _ = parse_success(&raw);
            let redactor = Redactor::new(&["s3cret"]);
            let error = rejection(400, &raw, &redactor);
            prop_assert!(error.to_string().chars().count() < 1000);
        }

        #[test]
        fn any_expires_in_number_is_clamped(seconds in any::<f64>(), text in ".*") {
            for value in [
                serde_json::Number::from_f64(seconds).map(Value::Number),
                Some(Value::String(seconds.to_string())),
                Some(Value::String(text.clone())),
            ].into_iter().flatten() {
                if let Ok(lifetime) = lifetime(Some(&value)) {
                    prop_assert!((MIN_TOKEN_LIFETIME..=MAX_TOKEN_LIFETIME).contains(&lifetime));
                }
            }
        }
    }

    #[test]
    fn the_reported_panics_are_clamped() {
        for seconds in ["1e19", "1e20", "1e308"] {
            let body = format!(r#"{{"access_token":"t","expires_in":{seconds}}}"#);
            assert_eq!(
                parse_success(body.as_bytes()).unwrap().lifetime,
                MAX_TOKEN_LIFETIME
            );
            let body = format!(r#"{{"access_token":"t","expires_in":"{seconds}"}}"#);
            assert_eq!(
                parse_success(body.as_bytes()).unwrap().lifetime,
                MAX_TOKEN_LIFETIME
            );
        }
        for bad in ["-1", "\"-5\"", "\"inf\"", "\"NaN\"", "\"soon\"", "true"] {
            let body = format!(r#"{{"access_token":"t","expires_in":{bad}}}"#);
            assert!(parse_success(body.as_bytes()).is_err(), "{bad}");
        }
        let zero = parse_success(br#"{"access_token":"t","expires_in":0}"#).unwrap();
        assert_eq!(zero.lifetime, MIN_TOKEN_LIFETIME);
    }
}
