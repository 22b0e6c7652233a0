//! The server hands the single-page app's shell to every non-API path, so deep links work.

use loquent_tests::TestApp;
use loquent_tests::client::error;
use reqwest::StatusCode;

#[tokio::test]
async fn deep_links_get_the_app_shell_and_every_file_is_revalidated() {
    let app = TestApp::spawn().await;
    std::fs::write(app.web_dir.path().join("app.js"), "console.log('loquent')").expect("write");

    for path in ["/", "/calls", "/settings/api-keys"] {
        let res = app.client().get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            res.headers().get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-cache"),
            "{path}"
        );
        assert!(res.text().await.expect("body").contains("<title>Loquent</title>"), "{path}");
    }
    // The app's files too: the main wasm module and the split modules it loads later must come
    // from the same build, so none is reused from a cache without asking.
    let js = app.client().get("/app.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(js.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache"));
    assert!(js.text().await.expect("body").contains("loquent"));
}

#[tokio::test]
async fn api_and_twilio_paths_never_get_the_shell() {
    let app = TestApp::spawn().await;
    error(
        app.client().get("/api/no-such-module/unknown").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(app.client().get("/twilio/unknown").await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_api_reference_renders_offline() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/api/docs/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("body");
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("cdn.") && !html.contains("unpkg"), "must not load from a CDN");
    let bundle = app.client().get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), StatusCode::OK, "the UI's script is served locally");
    let redirect = app.client().get("/api/docs").await;
    assert!(redirect.status().is_redirection());
}
