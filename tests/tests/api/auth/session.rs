use diesel_async::RunQueryDsl;
use loquent_tests::TestApp;
use loquent_tests::client::error;
use reqwest::StatusCode;

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK);

    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE session SET expires_at = now() - interval '1 second'")
        .execute(&mut conn)
        .await
        .expect("expiring sessions");

    error(owner.client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn sessions_last_as_configured() {
    let app = TestApp::spawn_with(&[("SESSION_TTL_HOURS", "2")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let _ = owner;

    let mut conn = app.conn().await;
    let hours: f64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::Double>(
        "(SELECT extract(epoch FROM expires_at - created_at)::float8 / 3600 FROM session)",
    ))
    .get_result(&mut conn)
    .await
    .expect("session row");

    assert!((hours - 2.0).abs() < 0.01, "{hours}");
}

#[tokio::test]
async fn tokens_are_stored_hashed() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .post(
            "/api/auth/signup",
            &serde_json::json!({"name": "Ada", "email": "ada@example.com", "password": "12345678", "organization_name": "Acme"}),
        )
        .await;
    let token = loquent_tests::client::session_token(&res).expect("cookie");

    let mut conn = app.conn().await;
    let stored: Vec<u8> = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bytea>(
        "(SELECT token_hash FROM session)",
    ))
    .get_result(&mut conn)
    .await
    .expect("session row");

    assert_ne!(stored, token.as_bytes());
    assert_eq!(stored.len(), 32, "a SHA-256, not the token");
}
