use loquent_shared::{CreatedApiKey, Me};
use loquent_tests::client::{error, json};
use loquent_tests::{ApiClient, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn without_credentials_it_is_401_in_the_envelope() {
    let app = TestApp::spawn().await;

    let res = app.client().get("/api/me").await;

    assert_eq!(res.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
    error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn a_session_cookie_or_an_api_key_identifies_the_caller() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let created: CreatedApiKey = json(
        owner.client.post("/api/api-keys", &json!({"name": "CRM sync"})).await,
        StatusCode::CREATED,
    )
    .await;

    let by_cookie: Me = json(owner.client.get("/api/me").await, StatusCode::OK).await;
    let by_key: Me = json(
        ApiClient::with_bearer(&app.base_url, &created.secret).get("/api/me").await,
        StatusCode::OK,
    )
    .await;

    // The same member and organization either way (the session also notes when they were
    // last active, so the two may differ in `last_active_at`).
    for me in [&by_cookie, &by_key] {
        assert_eq!(
            (me.member.id, &me.member.email, me.member.role),
            (owner.me.member.id, &owner.me.member.email, owner.me.member.role)
        );
        assert_eq!(me.organization, owner.me.organization);
        assert_eq!(me.memberships, owner.me.memberships);
    }
    assert_eq!(by_cookie.memberships.len(), 1);
}

#[tokio::test]
async fn a_bad_bearer_is_refused_even_beside_a_good_cookie() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    for header in
        ["Bearer lq_not-a-real-key", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer some-session-token"]
    {
        let res = owner
            .client
            .request(reqwest::Method::GET, "/api/me")
            .header("authorization", header)
            .send()
            .await
            .expect("GET");
        error(res, StatusCode::UNAUTHORIZED, "invalid_api_key").await;
    }
}
