use loquent_tests::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn the_probes_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.client().get("/healthz").await.status(), StatusCode::OK);
    let ready = app.client().get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let body: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(body["status"], "ready");
}
