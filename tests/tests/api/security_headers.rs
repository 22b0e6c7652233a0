//! The headers browsers enforce for us: each kind of response carries its Content-Security-Policy
//! and the rest; HTTPS deployments add Strict-Transport-Security.

use loquent_tests::TestApp;
use reqwest::StatusCode;

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test]
async fn the_app_the_docs_and_the_api_each_get_their_policy() {
    let app = TestApp::spawn().await;
    std::fs::write(app.web_dir.path().join("loquent_web.js"), "export default 1").expect("write");

    for path in ["/", "/calls/123", "/loquent_web.js"] {
        let res = app.client().get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = header(&res, "content-security-policy");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{path}: {csp}");
        assert!(csp.contains("style-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{csp}");
        assert!(header(&res, "permissions-policy").contains("microphone=(self)"));
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "x-frame-options"), "DENY");
        assert!(res.headers().get("strict-transport-security").is_none(), "plain http: no HSTS");
    }

    let docs = app.client().get("/api/docs/").await;
    assert_eq!(docs.status(), StatusCode::OK);
    let csp = header(&docs, "content-security-policy");
    assert!(csp.starts_with("default-src 'self'; script-src 'self';"), "{csp}");
    assert!(csp.contains("img-src 'self' data:"), "{csp}");

    for path in ["/api/openapi.json", "/api/me", "/twilio/voice"] {
        let res = app.client().get(path).await;
        let csp = header(&res, "content-security-policy");
        assert!(csp.starts_with("default-src 'none';"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn https_deployments_ask_browsers_for_https_only() {
    let app = TestApp::spawn_with(&[("APP_HOST", "https://voice.example.com")]).await;
    for path in ["/", "/api/me"] {
        let res = app.client().get(path).await;
        assert_eq!(
            header(&res, "strict-transport-security"),
            "max-age=63072000; includeSubDomains",
            "{path}"
        );
    }
}
