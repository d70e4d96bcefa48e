//! Which redirects the client follows, and what the next request of a
//! redirect looks like.
//!
//! The HTTP client itself follows none: every 3xx comes back here, so a
//! redirect never carries a token, a secret or a body somewhere the caller did
//! not allow.

use reqwest::{Method, StatusCode, Url};

use crate::failures::RedirectError;
use crate::retry::is_idempotent;

/// How API calls treat redirects. Token requests follow none, whatever this says.
///
/// The default follows up to 10 redirects within the same origin (scheme, host
/// and port). 301, 302 and 303 turn a POST into a GET without body (as browsers
/// do; 303 turns every method but HEAD into GET); 307 and 308 repeat the method
/// and body, which is only done for idempotent methods (GET, PUT, DELETE, ...).
/// Anything else is an [`Error::Redirect`](crate::Error::Redirect), never retried.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectPolicy {
    /// Most redirects followed for one attempt; 0 follows none. Default 10.
    pub max_redirects: u32,
    /// Follow redirects to another origin. The `Authorization` header is then
    /// dropped for the other origin. Default false.
    pub allow_cross_origin: bool,
    /// Follow a redirect from https to http (only with `allow_cross_origin`,
    /// since the scheme is part of the origin). Default false.
    pub allow_https_to_http: bool,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy {
            max_redirects: 10,
            allow_cross_origin: false,
            allow_https_to_http: false,
        }
    }
}

impl RedirectPolicy {
    /// Follows no redirect: a 3xx is returned as the response.
    pub fn none() -> Self {
        RedirectPolicy {
            max_redirects: 0,
            ..RedirectPolicy::default()
        }
    }

    /// Sets [`max_redirects`](Self::max_redirects).
    pub fn with_max_redirects(mut self, max: u32) -> Self {
        self.max_redirects = max;
        self
    }

    /// Sets [`allow_cross_origin`](Self::allow_cross_origin).
    pub fn with_cross_origin(mut self, allow: bool) -> Self {
        self.allow_cross_origin = allow;
        self
    }

    /// Sets [`allow_https_to_http`](Self::allow_https_to_http).
    pub fn with_https_to_http(mut self, allow: bool) -> Self {
        self.allow_https_to_http = allow;
        self
    }
}

/// How one exchange treats a 3xx.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Redirects<'a> {
    /// API calls: as the policy says.
    Follow(&'a RedirectPolicy),
    /// Token requests: every redirect is an error.
    Refuse,
}

/// The request to send after a redirect.
#[derive(Debug)]
pub(crate) struct Hop {
    pub url: Url,
    pub method: Method,
    /// False when the method became GET: the body is dropped.
    pub keep_body: bool,
    /// False when the target is another origin: the credential stays behind.
    pub keep_authorization: bool,
}

/// What to do with a response of `status` to `method` at `from`, whose
/// `Location` is `location`, after `followed` redirects. `Ok(None)`: not a
/// redirect to follow; return the response as it is.
pub(crate) fn next_hop(
    rule: Redirects<'_>,
    status: StatusCode,
    method: &Method,
    from: &Url,
    location: Option<&str>,
    followed: u32,
) -> Result<Option<Hop>, RedirectError> {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let Some(target) = location.and_then(|l| from.join(l.trim()).ok()) else {
        // A 3xx without a usable Location is an answer, not a redirect.
        return Ok(None);
    };
    let refused = |reason| RedirectError::Refused {
        status: status.as_u16(),
        target_origin: target.origin().ascii_serialization(),
        reason,
    };
    let policy = match rule {
        Redirects::Refuse => return Err(refused("token requests follow no redirect")),
        Redirects::Follow(policy) if policy.max_redirects == 0 => return Ok(None),
        Redirects::Follow(policy) => policy,
    };
    if followed >= policy.max_redirects {
        return Err(RedirectError::TooMany {
            max: policy.max_redirects,
        });
    }
    let same_origin = target.origin() == from.origin();
    if from.scheme() == "https" && target.scheme() != "https" && !policy.allow_https_to_http {
        return Err(refused("https to http"));
    }
    if !same_origin && !policy.allow_cross_origin {
        return Err(refused("cross-origin"));
    }
    let to_get = match status.as_u16() {
        303 => *method != Method::HEAD,
        301 | 302 => *method == Method::POST,
        _ => false,
    };
    if !to_get && matches!(status.as_u16(), 307 | 308) && !is_idempotent(method) {
        return Err(refused("307/308 would replay a non-idempotent request"));
    }
    Ok(Some(Hop {
        url: target,
        method: if to_get { Method::GET } else { method.clone() },
        keep_body: !to_get,
        keep_authorization: same_origin,
    }))
}
