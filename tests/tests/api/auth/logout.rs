use loquent_tests::TestApp;
use loquent_tests::client::{error, session_token};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn logout_revokes_the_session_itself_not_just_the_cookie() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let client = app.client();
    let login = client
        .post("/api/auth/login", &json!({"email": owner.email, "password": owner.password}))
        .await;
    let token = session_token(&login).expect("login sets the session cookie");

    let res = client.post_empty("/api/auth/logout").await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cleared =
        res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(cleared.starts_with("loquent_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    error(client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // Replaying the old token (a copied cookie, say) no longer works either.
    let replay = app
        .client()
        .request(reqwest::Method::GET, "/api/me")
        .header("cookie", format!("loquent_session={token}"))
        .send()
        .await
        .expect("GET");
    error(replay, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // Other sessions of the same member are untouched.
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_without_a_session_is_harmless() {
    let app = TestApp::spawn().await;
    let res = app.client().post_empty("/api/auth/logout").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}
