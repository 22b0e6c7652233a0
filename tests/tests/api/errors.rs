//! Whatever goes wrong, an `/api` client gets the JSON envelope, never actix's plain text.

use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, whole_error};
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
async fn a_body_that_is_not_an_object_is_422() {
    // Serde would read `[]` as a struct whose fields all have defaults, and save it.
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    for body in ["[]", "[false, true]", "\"x\"", "null", "7"] {
        let res = owner
            .client
            .request(Method::PUT, "/api/report-settings")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("PUT");
        let err = whole_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
        assert_eq!(err.error.message, "the body must be a JSON object", "{body}");
    }
}

#[tokio::test]
async fn text_with_a_nul_character_is_422_naming_the_field() {
    // PostgreSQL text can't hold U+0000; a sign-in with one must not reach a query.
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .request(Method::POST, "/api/auth/login")
        .header("content-type", "application/json")
        .body(r#"{"email": "ada\u0000@example.com", "password": "correct horse"}"#)
        .send()
        .await
        .expect("POST");
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "email").await;
    // Members beyond the schema's are ignored, whatever they hold: this is a wrong password.
    let res = app
        .client()
        .request(Method::POST, "/api/auth/login")
        .header("content-type", "application/json")
        .body(r#"{"email": "ada@example.com", "password": "correct horse", "x\u0000": "\u0000"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let owner = app.sign_up("Acme Dental").await;
    let res = owner
        .client
        .request(Method::PUT, "/api/report-settings")
        .header("content-type", "application/json")
        .body(r#"{"emails": ["a@b.co", "x\u0000@y.co"]}"#)
        .send()
        .await
        .expect("PUT");
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "emails[1]").await;
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
    let res = app.client().get("/twilio/no-such-thing").await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

/// A path Loquent serves, asked with a method it doesn't have: 405 naming the methods it has,
/// in the envelope, for `/api` and `/twilio` alike; also where a parameterised route would
/// otherwise take the request (`PATCH /api/todos/counts` is not `PATCH /api/todos/{id}`).
#[tokio::test]
async fn a_known_path_with_another_method_is_405_with_allow() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    for (method, path, allow) in [
        (Method::PUT, "/api/me", "GET"),
        (Method::DELETE, "/api/agents", "GET, POST"),
        (Method::POST, "/api/agents/6f1c2a52-6a0e-4a47-9d57-1f1e7a6b2c3d", "GET, PUT, DELETE"),
        (Method::PATCH, "/api/todos/counts", "GET"),
        (Method::GET, "/twilio/voice", "POST"),
    ] {
        let res = owner.client.request(method.clone(), path).send().await.expect("request");
        let header = res.headers().get("allow").and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header.as_deref(), Some(allow), "{method} {path}");
        let err = error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        assert!(err.error.message.contains(path), "{err:?}");
    }
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

#[tokio::test]
async fn errors_about_one_field_name_it_in_the_envelope() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    // A taken value, a query parameter out of range, a 400 validation: each names its field.
    let taken = app
        .client()
        .post(
            "/api/auth/signup",
            &serde_json::json!({
                "name": "Ada", "email": owner.email, "password": "correct horse battery",
                "organization_name": "Globex",
            }),
        )
        .await;
    field_error(taken, StatusCode::CONFLICT, "email_taken", "email").await;
    let res = owner.client.get("/api/contacts?limit=0").await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_query", "limit").await;
    let res = owner
        .client
        .post("/api/twilio/buy-phone-number", &serde_json::json!({"phone_number": "415"}))
        .await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_phone_number", "phone_number").await;
}

#[tokio::test]
async fn errors_about_the_whole_request_carry_no_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, loquent_shared::Role::Viewer).await;

    let missing = format!("/api/agents/{}", uuid::Uuid::new_v4());
    whole_error(owner.client.get(&missing).await, StatusCode::NOT_FOUND, "not_found").await;
    whole_error(
        app.client().get("/api/contacts").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let res = viewer.client.post("/api/contacts", &serde_json::json!({"first_name": "Ada"})).await;
    whole_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    whole_error(app.client().get("/api/no-such-thing").await, StatusCode::NOT_FOUND, "not_found")
        .await;
}
