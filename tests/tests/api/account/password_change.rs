//! `POST /api/account/password`: the current password confirms it; other sessions end.

use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error};
use reqwest::StatusCode;
use serde_json::json;

use super::{login, sign_in};

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn a_new_password_signs_out_the_other_sessions_only() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let laptop = sign_in(&app, &owner.email, &owner.password).await;
    let other = app.sign_up("Globex Plumbing").await;

    let res = owner
        .client
        .post(
            "/api/account/password",
            &json!({"current_password": owner.password, "new_password": NEW_PASSWORD}),
        )
        .await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK, "this one stays");
    error(laptop.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(other.client.get("/api/me").await.status(), StatusCode::OK, "others' untouched");
    error(
        login(&app, &owner.email, &owner.password).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(login(&app, &owner.email, NEW_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let laptop = sign_in(&app, &owner.email, &owner.password).await;

    let res = owner
        .client
        .post(
            "/api/account/password",
            &json!({"current_password": "not my password", "new_password": NEW_PASSWORD}),
        )
        .await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "wrong_password", "current_password").await;
    assert_eq!(laptop.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
    assert_eq!(login(&app, &owner.email, NEW_PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_short_new_password_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = owner
        .client
        .post(
            "/api/account/password",
            &json!({"current_password": owner.password, "new_password": "short"}),
        )
        .await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "password_too_short", "new_password").await;
}

#[tokio::test]
async fn wrong_current_passwords_are_limited_like_sign_in() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_EMAIL", "2")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let guess = json!({"current_password": "guess guess", "new_password": NEW_PASSWORD});
    for _ in 0..2 {
        let res = owner.client.post("/api/account/password", &guess).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    // Even the right password is refused while the limit holds.
    let right = json!({"current_password": owner.password, "new_password": NEW_PASSWORD});
    let res = owner.client.post("/api/account/password", &right).await;

    assert!(res.headers().get("retry-after").is_some());
    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
}
