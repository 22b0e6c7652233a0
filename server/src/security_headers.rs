//! The headers a browser enforces for us: what each page may load (Content-Security-Policy),
//! which device features it may ask for, HTTPS-only once deployed on HTTPS, no framing, no
//! MIME sniffing, no full URLs in referrers.
//!
//! Three policies, one per kind of response:
//! - the web app: its own scripts and wasm (`'wasm-unsafe-eval'` is what compiling wasm needs; no
//!   `eval` of JavaScript), its own stylesheet (no inline `<style>`; `style=""` attributes are
//!   allowed by `style-src-attr`, since some components write one: an attribute can't run code,
//!   and what it might load still obeys `img-src` and `font-src`), and Twilio's Voice SDK for
//!   the dial pad — its signalling and insights endpoints and its ringtones;
//! - the API reference (Swagger UI): its own scripts, its own stylesheet and the `<style>`
//!   elements its bundle injects, icons inlined as `data:` images;
//! - everything else under `/api` and `/twilio` (JSON, TwiML, recordings): nothing at all, so a
//!   response opened as a page can't run or load anything.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// The web app's policy. The dial pad's Voice SDK talks to Twilio over `wss://*.twilio.com`
/// (signalling), `https://eventgw.twilio.com` (call insights) and fetches its ringtones from
/// `https://sdk.twilio.com`; recordings play from our own `/api`.
pub const APP_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; \
    style-src-attr 'unsafe-inline'; \
    img-src 'self' data:; \
    font-src 'self'; \
    media-src 'self' blob: https://sdk.twilio.com; \
    connect-src 'self' https://*.twilio.com wss://*.twilio.com; \
    worker-src 'none'; \
    object-src 'none'; \
    base-uri 'none'; \
    form-action 'self'; \
    frame-ancestors 'none'";

/// Swagger UI at `/api/docs/`: its icons are `data:` SVGs in its stylesheet, "Try it out" calls
/// our own API, and its bundle injects `<style>` elements as it renders — the one inline
/// allowance, for styles only (they can't run code), on a page that shows only the public spec.
pub const DOCS_POLICY: &str = "default-src 'self'; \
    script-src 'self'; \
    style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; \
    connect-src 'self'; \
    object-src 'none'; \
    base-uri 'none'; \
    form-action 'self'; \
    frame-ancestors 'none'";

/// API and webhook responses are data, never documents: opened in a tab they can load nothing —
/// but a recording opened on its own still plays (the browser's player loads it from its URL).
pub const DATA_POLICY: &str =
    "default-src 'none'; media-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The dial pad needs the microphone (from our own origin only); nothing needs the rest.
pub const PERMISSIONS_POLICY: &str = "microphone=(self), camera=(), geolocation=(), payment=(), \
    usb=(), serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), \
    display-capture=()";

/// Two years, subdomains included: the value HSTS preload lists ask for.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The security headers for a response to `path`.
#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    /// Served on HTTPS (`APP_HOST` is `https://…`): browsers are told to never use plain HTTP.
    pub https: bool,
}

impl SecurityHeaders {
    /// The Content-Security-Policy for a response to `path`.
    pub fn policy_for(path: &str) -> &'static str {
        if path == "/api/docs" || path.starts_with("/api/docs/") {
            DOCS_POLICY
        } else if is_under(path, "/api") || is_under(path, "/twilio") {
            DATA_POLICY
        } else {
            APP_POLICY
        }
    }

    /// Adds the headers to a response to `path`, keeping any a handler set itself.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let mut set = |name: HeaderName, value: &'static str| {
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        };
        set(header::CONTENT_SECURITY_POLICY, Self::policy_for(path));
        set(HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY);
        set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
        set(header::X_FRAME_OPTIONS, "DENY");
        set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
        set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
        if self.https {
            set(header::STRICT_TRANSPORT_SECURITY, HSTS);
        }
    }
}

fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_response_gets_its_policy() {
        assert_eq!(SecurityHeaders::policy_for("/"), APP_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/calls/123"), APP_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/loquent_web.js"), APP_POLICY);
        // An app route that merely starts with the same letters is still the app.
        assert_eq!(SecurityHeaders::policy_for("/apis"), APP_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/api/docs/"), DOCS_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/api/docs/swagger-ui.css"), DOCS_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/api/agents"), DATA_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/api/openapi.json"), DATA_POLICY);
        assert_eq!(SecurityHeaders::policy_for("/twilio/voice"), DATA_POLICY);
    }

    #[test]
    fn the_app_may_compile_wasm_but_never_eval_javascript() {
        assert!(APP_POLICY.contains("script-src 'self' 'wasm-unsafe-eval';"));
        for policy in [APP_POLICY, DOCS_POLICY, DATA_POLICY] {
            assert!(!policy.contains("'unsafe-eval'"), "{policy}");
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        }
        // Inline code never runs anywhere; the app may set style attributes (the framework
        // writes some as attributes), never inline `<style>` elements.
        assert!(APP_POLICY.contains("style-src 'self';"));
        assert!(!DATA_POLICY.contains("'unsafe-inline'"));
        assert!(DOCS_POLICY.contains("script-src 'self';"));
    }

    #[test]
    fn hsts_only_on_https() {
        let mut headers = HeaderMap::new();
        SecurityHeaders { https: false }.apply("/", &mut headers);
        assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
        SecurityHeaders { https: true }.apply("/", &mut headers);
        assert_eq!(headers.get(header::STRICT_TRANSPORT_SECURITY).expect("HSTS"), HSTS);
    }

    #[test]
    fn a_handlers_own_header_is_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
        SecurityHeaders { https: false }.apply("/api/calls/1/recording", &mut headers);
        assert_eq!(headers.get(header::CONTENT_SECURITY_POLICY).expect("CSP"), "sandbox");
    }
}
