//! `POST /api/auth/password-reset` and `…/confirm`: a forgotten password's link.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::account_token;
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, whole_error};
use reqwest::StatusCode;
use serde_json::json;

use super::{ask_reset, expire_links, last_mail, link_token, login, mails, sign_in};

const NEW_PASSWORD: &str = "remembered at last";

async fn confirm(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.client()
        .post("/api/auth/password-reset/confirm", &json!({"token": token, "password": password}))
        .await
}

async fn reset_token(app: &TestApp, email: &str) -> String {
    let mail = last_mail(app, "password_reset", email).await;
    link_token(app, &mail.text, "/reset-password")
}

#[tokio::test]
async fn known_and_unknown_emails_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let known = ask_reset(&app, &owner.email.to_uppercase()).await;
    let unknown = ask_reset(&app, "nobody@example.com").await;

    let header = |res: &reqwest::Response, name: &str| {
        res.headers().get(name).map(|v| v.to_str().expect("ascii").to_string())
    };
    assert_eq!(header(&known, "content-type"), header(&unknown, "content-type"));
    assert_eq!(header(&known, "content-length"), header(&unknown, "content-length"));
    assert_eq!(known.text().await.expect("body"), unknown.text().await.expect("body"));
    assert!(mails(&app, "password_reset", "nobody@example.com").await.is_empty());
    let mail = last_mail(&app, "password_reset", &owner.email).await;
    assert_eq!(mail.organization_id, None, "account mail belongs to no organization");
    assert_eq!(mail.subject, "Reset your Loquent password");
    assert!(mail.html.contains("/reset-password#token="), "{}", mail.html);
    let token = link_token(&app, &mail.text, "/reset-password");
    // Only the secret's SHA-256 is kept.
    let mut conn = app.conn().await;
    let stored: Vec<u8> = account_token::table
        .select(account_token::secret_hash)
        .first(&mut conn)
        .await
        .expect("row");
    assert_eq!(stored.len(), 32);
    let secret = token.split_once('.').expect("<id>.<secret>").1;
    assert!(!String::from_utf8_lossy(&stored).contains(secret));
}

#[tokio::test]
async fn a_reset_link_works_once_and_signs_out_everywhere() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let laptop = sign_in(&app, &owner.email, &owner.password).await;
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;

    let res = confirm(&app, &token, NEW_PASSWORD).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(owner.client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    error(laptop.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(login(&app, &owner.email, NEW_PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::UNAUTHORIZED);
    let again = confirm(&app, &token, "yet another password").await;
    whole_error(again, StatusCode::GONE, "link_used").await;
    assert_eq!(login(&app, &owner.email, NEW_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_expired_link_says_so_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;
    expire_links(&app).await;

    let res = confirm(&app, &token, NEW_PASSWORD).await;

    let body = whole_error(res, StatusCode::GONE, "link_expired").await;
    assert!(body.error.message.contains("expired"), "{body:?}");
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn links_last_an_hour() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;

    let mut conn = app.conn().await;
    let minutes: f64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::Double>(
        "(SELECT extract(epoch FROM expires_at - created_at)::float8 / 60 FROM account_token)",
    ))
    .get_result(&mut conn)
    .await
    .expect("link row");

    assert!((minutes - 60.0).abs() < 0.1, "{minutes}");
}

#[tokio::test]
async fn a_newer_link_replaces_the_older_one() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let first = reset_token(&app, &owner.email).await;
    ask_reset(&app, &owner.email).await;
    let second = reset_token(&app, &owner.email).await;
    assert_ne!(first, second);

    whole_error(confirm(&app, &first, NEW_PASSWORD).await, StatusCode::GONE, "link_expired").await;
    assert_eq!(confirm(&app, &second, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn made_up_cut_short_and_tampered_tokens_are_not_found() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;
    let (id, secret) = token.split_once('.').expect("<id>.<secret>");
    let tampered = format!("{id}.{}", secret.chars().rev().collect::<String>());
    let other_row = format!("{}.{secret}", uuid::Uuid::new_v4().simple());

    for bad in ["", "nonsense", &token[..token.len() - 1], &tampered, &other_row] {
        let res = confirm(&app, bad, NEW_PASSWORD).await;
        whole_error(res, StatusCode::NOT_FOUND, "link_not_found").await;
    }
    // None of that used the real link up.
    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_short_password_is_refused_and_the_link_still_works() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;

    let res = confirm(&app, &token, "short").await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "password_too_short", "password").await;
    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_bad_email_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;

    let res =
        app.client().post("/api/auth/password-reset", &json!({"email": "not an email"})).await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", "email").await;
}

#[tokio::test]
async fn two_confirms_racing_with_one_link_set_one_password() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;

    let (a, b) = tokio::join!(
        confirm(&app, &token, "first racer password"),
        confirm(&app, &token, "second racer password")
    );

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::NO_CONTENT, StatusCode::GONE]);
    let first = login(&app, &owner.email, "first racer password").await.status();
    let second = login(&app, &owner.email, "second racer password").await.status();
    assert_eq!(
        (first == StatusCode::OK) as u8 + (second == StatusCode::OK) as u8,
        1,
        "exactly one password was set"
    );
}

#[tokio::test]
async fn requests_are_limited_per_email_known_or_not() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_EMAIL", "2")]).await;
    let owner = app.sign_up("Acme Dental").await;
    for email in [owner.email.as_str(), "nobody@example.com"] {
        for _ in 0..2 {
            ask_reset(&app, email).await;
        }

        let res = app.client().post("/api/auth/password-reset", &json!({"email": email})).await;

        let retry_after: u64 = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After header");
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    }
    assert_eq!(mails(&app, "password_reset", &owner.email).await.len(), 2);
}

#[tokio::test]
async fn requests_are_limited_per_client_address() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_IP", "3")]).await;
    for i in 0..3 {
        ask_reset(&app, &format!("guess{i}@example.com")).await;
    }

    let res = app
        .client()
        .post("/api/auth/password-reset", &json!({"email": "guess9@example.com"}))
        .await;

    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn a_reset_lifts_the_sign_in_lock() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_EMAIL", "3")]).await;
    let owner = app.sign_up("Acme Dental").await;
    for _ in 0..3 {
        login(&app, &owner.email, "wrong guess").await;
    }
    let locked = login(&app, &owner.email, &owner.password).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    ask_reset(&app, &owner.email).await;
    let token = reset_token(&app, &owner.email).await;

    assert_eq!(confirm(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);

    assert_eq!(login(&app, &owner.email, NEW_PASSWORD).await.status(), StatusCode::OK);
}
