//! Whatever goes wrong, an `/api` client gets the JSON envelope, never actix's plain text.

use loquent_tests::TestApp;
use loquent_tests::client::error;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .request(Method::POST, "/api/auth/login")
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("POST");
    error(res, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .request(Method::POST, "/api/auth/login")
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("POST");
    error(res, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = TestApp::spawn().await;
    let huge = serde_json::json!({"email": "a@b.co", "password": "x".repeat(400 * 1024)});
    let res = app.client().post("/api/auth/login", &huge).await;
    error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn unknown_api_routes_are_404_json() {
    let app = TestApp::spawn().await;
    let res = app.client().get("/api/no-such-thing").await;
    let err = error(res, StatusCode::NOT_FOUND, "not_found").await;
    assert!(err.error.message.contains("/api/no-such-thing"), "{err:?}");
    let res = app.client().request(Method::PUT, "/api/me").send().await.expect("PUT");
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let a = app.client().get("/api/me").await;
    let b = app.client().get("/healthz").await;
    let id = |r: &reqwest::Response| {
        r.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string)
    };
    let (a, b) = (id(&a).expect("request id"), id(&b).expect("request id"));
    assert_ne!(a, b);
    assert!(uuid::Uuid::parse_str(&a).is_ok(), "{a}");
}
