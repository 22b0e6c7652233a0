use loquent_shared::Me;
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_right_password_signs_in() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let client = app.client();

    let res = client
        .post(
            "/api/auth/login",
            &json!({"email": owner.email.to_uppercase(), "password": owner.password}),
        )
        .await;

    let me: Me = json(res, StatusCode::OK).await;
    assert_eq!(me, owner.me);
    let me: Me = json(client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.member.id, owner.me.member.id);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_are_refused_alike() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let wrong = app
        .client()
        .post("/api/auth/login", &json!({"email": owner.email, "password": "nope-nope"}))
        .await;
    let wrong = error(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = app
        .client()
        .post("/api/auth/login", &json!({"email": "nobody@example.com", "password": "nope-nope"}))
        .await;
    let unknown = error(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;

    assert_eq!(wrong, unknown, "the answer must not reveal whether the email has an account");
}

#[tokio::test]
async fn logins_are_limited_per_email() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_EMAIL", "3")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let client = app.client();
    for _ in 0..3 {
        let res = client
            .post("/api/auth/login", &json!({"email": owner.email, "password": "wrong-password"}))
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }

    // Even the right password is refused while the limit holds.
    let res = client
        .post("/api/auth/login", &json!({"email": owner.email, "password": owner.password}))
        .await;

    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After header");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another account from the same address is unaffected by this email's limit.
    let other = app.sign_up("Globex").await;
    let res = client
        .post("/api/auth/login", &json!({"email": other.email, "password": other.password}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn logins_are_limited_per_client_address() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_IP", "4")]).await;
    let owner = app.sign_up("Acme Dental").await;
    for i in 0..4 {
        let res = app
            .client()
            .post(
                "/api/auth/login",
                &json!({"email": format!("guess{i}@example.com"), "password": "12345678"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }

    let res = app
        .client()
        .post("/api/auth/login", &json!({"email": owner.email, "password": owner.password}))
        .await;

    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn a_successful_login_clears_the_emails_failures() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_EMAIL", "3")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let client = app.client();
    let wrong = json!({"email": owner.email, "password": "wrong-password"});
    let right = json!({"email": owner.email, "password": owner.password});
    for _ in 0..2 {
        client.post("/api/auth/login", &wrong).await;
    }
    assert_eq!(client.post("/api/auth/login", &right).await.status(), StatusCode::OK);

    // A typo after a good login starts from zero again.
    for _ in 0..2 {
        assert_eq!(client.post("/api/auth/login", &wrong).await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(client.post("/api/auth/login", &right).await.status(), StatusCode::OK);
}
