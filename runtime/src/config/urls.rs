//! Checking the URLs credentials are sent to: well-formed, no user info or
//! query, and https unless the host is loopback or the caller opted in.

use super::ConfigError;

/// `https://{tenant}.api.identitynow.com`, after checking the tenant is one DNS label.
pub(super) fn tenant_url(tenant: &str) -> Result<String, ConfigError> {
    let tenant = tenant.trim();
    let valid = !tenant.is_empty()
        && tenant.len() <= 63
        && tenant
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !tenant.starts_with('-')
        && !tenant.ends_with('-');
    if !valid {
        return Err(ConfigError::Invalid {
            setting: "tenant",
            origin: "code (ConfigBuilder::tenant)".to_owned(),
            reason: format!("{tenant:?} is not a tenant name (letters, digits and '-')"),
        });
    }
    Ok(format!(
        "https://{}.api.identitynow.com",
        tenant.to_ascii_lowercase()
    ))
}

pub(super) fn check_url(
    url: &str,
    setting: &'static str,
    origin: &str,
) -> Result<reqwest::Url, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        setting,
        origin: origin.to_owned(),
        reason,
    };
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|error| invalid(format!("{url:?} is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!("{url:?} is not an http(s) URL")));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(format!("{url:?} has no host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(format!(
            "{url:?} must not have a query or fragment"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("the URL must not contain user info".to_owned()));
    }
    Ok(parsed)
}

/// Checks a base URL and drops its trailing slash, so paths can be appended.
pub(super) fn normalize_base_url(url: &str, origin: &str) -> Result<String, ConfigError> {
    let parsed = check_url(url, "base URL", origin)?;
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Fails for an `http://` URL to a host other than loopback, unless `allow` (the
/// caller's `allow_insecure_http`), which is then logged as a warning.
pub(super) fn require_https(
    url: &str,
    setting: &'static str,
    origin: &str,
    allow: bool,
) -> Result<(), ConfigError> {
    let parsed = check_url(url, setting, origin)?;
    if parsed.scheme() == "https" || is_loopback(&parsed) {
        return Ok(());
    }
    if allow {
        tracing::warn!(
            setting,
            "sending credentials over cleartext http (allow_insecure_http is set)"
        );
        return Ok(());
    }
    Err(ConfigError::Invalid {
        setting,
        origin: origin.to_owned(),
        reason: format!(
            "{} would carry credentials in the clear: use https (http is accepted for \
             loopback hosts, or everywhere with ConfigBuilder::allow_insecure_http(true))",
            parsed.origin().ascii_serialization()
        ),
    })
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
