//! Cross-site request forgery: a page on another site can make a signed-in staff member's browser
//! send a form or a `fetch` to our API with their session cookie attached (`SameSite=Lax` stops
//! most of it, not a sibling subdomain or a top-level POST in every browser). Every browser states
//! where a request comes from — `Sec-Fetch-Site`, and `Origin` on anything but GET/HEAD — so a
//! state-changing request to `/api` a browser sends from any other origin is refused (403
//! `cross_site_request`) before a handler runs.
//!
//! Unaffected: safe methods (GET, HEAD, OPTIONS change nothing), requests with an
//! `Authorization` header (an API key is never sent by a browser on its own, so it can't be
//! forged), and clients that aren't browsers (no `Origin`, no `Sec-Fetch-Site`: a server-side
//! integration or the CLI). Signing in and signing up are covered too: logging a victim's browser
//! into an attacker's account is a forgery of its own.

use actix_web::http::{Method, header};

use crate::error::ApiError;

/// Where a request says it comes from, and where we are.
pub struct RequestSite<'a> {
    pub method: &'a Method,
    pub has_authorization: bool,
    /// `Sec-Fetch-Site`: `same-origin`, `same-site`, `cross-site` or `none` (typed by the user).
    pub fetch_site: Option<&'a str>,
    /// `Origin`: `scheme://host[:port]`, or `null` from sandboxed or privacy-sensitive contexts.
    pub origin: Option<&'a str>,
    /// The origins this server is reached at: `APP_HOST`'s and the request's own.
    pub own_origins: [&'a str; 2],
}

impl RequestSite<'_> {
    /// Refuses a state-changing browser request from another origin.
    pub fn check(&self) -> Result<(), ApiError> {
        if self.is_safe_method() || self.has_authorization {
            return Ok(());
        }
        let allowed = match (self.fetch_site, self.origin) {
            // A browser that sends Sec-Fetch-Site says it precisely; `same-site` is another
            // origin on our domain (a sibling subdomain), not us.
            (Some(site), _) => matches!(site, "same-origin" | "none"),
            (None, Some(origin)) => self.own_origins.iter().any(|own| same_origin(origin, own)),
            (None, None) => true,
        };
        if allowed {
            Ok(())
        } else {
            Err(ApiError::refused(
                "cross_site_request",
                "this request came from another site; Loquent only accepts changes made from \
                 its own pages or with an API key",
            ))
        }
    }

    fn is_safe_method(&self) -> bool {
        matches!(*self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }
}

/// Origins compare as scheme, host and port; the default port may be written or left out.
fn same_origin(a: &str, b: &str) -> bool {
    fn normal(origin: &str) -> String {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        origin
            .strip_suffix(":443")
            .filter(|_| origin.starts_with("https://"))
            .or_else(|| origin.strip_suffix(":80").filter(|_| origin.starts_with("http://")))
            .map(str::to_owned)
            .unwrap_or(origin)
    }
    !a.is_empty() && !b.is_empty() && normal(a) == normal(b)
}

/// The request's own origin, as a browser on it would write it.
pub fn own_origin(req: &actix_web::dev::ServiceRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

/// The headers [`RequestSite`] reads.
pub fn header_str(req: &actix_web::dev::ServiceRequest, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "https://app.loquent.example";

    fn site<'a>(
        method: &'a Method,
        fetch_site: Option<&'a str>,
        origin: Option<&'a str>,
    ) -> RequestSite<'a> {
        RequestSite {
            method,
            has_authorization: false,
            fetch_site,
            origin,
            own_origins: [APP, "http://10.0.0.5:8080"],
        }
    }

    #[test]
    fn our_own_pages_may_change_things() {
        assert!(site(&Method::POST, Some("same-origin"), Some(APP)).check().is_ok());
        assert!(site(&Method::DELETE, None, Some(APP)).check().is_ok());
        assert!(
            site(&Method::PATCH, None, Some("https://app.loquent.example:443")).check().is_ok()
        );
        assert!(site(&Method::POST, None, Some("http://10.0.0.5:8080")).check().is_ok());
        // Typed into the address bar or opened from a bookmark.
        assert!(site(&Method::POST, Some("none"), None).check().is_ok());
    }

    #[test]
    fn other_sites_may_not() {
        let evil = Some("https://evil.example");
        assert!(site(&Method::POST, Some("cross-site"), evil).check().is_err());
        assert!(
            site(&Method::PUT, Some("same-site"), Some("https://x.loquent.example"))
                .check()
                .is_err()
        );
        assert!(site(&Method::DELETE, None, evil).check().is_err());
        assert!(site(&Method::POST, None, Some("null")).check().is_err());
        assert!(site(&Method::POST, None, Some("http://app.loquent.example")).check().is_err());
        let err = site(&Method::POST, Some("cross-site"), evil).check().expect_err("a forgery");
        assert_eq!(err.code(), "cross_site_request");
    }

    #[test]
    fn reads_api_keys_and_non_browsers_are_unaffected() {
        let evil = Some("https://evil.example");
        assert!(site(&Method::GET, Some("cross-site"), evil).check().is_ok());
        assert!(site(&Method::POST, None, None).check().is_ok());
        let mut with_key = site(&Method::POST, Some("cross-site"), evil);
        with_key.has_authorization = true;
        assert!(with_key.check().is_ok());
    }
}
