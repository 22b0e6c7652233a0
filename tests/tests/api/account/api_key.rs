//! An API key acts for its organization, not a person: the account endpoints refuse it.

use loquent_shared::CreatedApiKey;
use loquent_tests::client::{error, json};
use loquent_tests::{ApiClient, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_api_key_may_not_touch_the_persons_account() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let key: CreatedApiKey = json(
        owner.client.post("/api/api-keys", &json!({"name": "CRM"})).await,
        StatusCode::CREATED,
    )
    .await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);
    let sessions: Vec<loquent_shared::AccountSession> =
        json(owner.client.get("/api/account/sessions").await, StatusCode::OK).await;
    let calls = [
        (Method::PATCH, "/api/account".to_string(), json!({"name": "Mallory"})),
        (
            Method::POST,
            "/api/account/password".into(),
            json!({"current_password": owner.password, "new_password": "taken over!"}),
        ),
        (
            Method::POST,
            "/api/account/email".into(),
            json!({"new_email": "mallory@example.com", "current_password": owner.password}),
        ),
        (Method::GET, "/api/account/sessions".into(), json!(null)),
        (Method::DELETE, format!("/api/account/sessions/{}", sessions[0].id), json!(null)),
    ];

    for (method, path, body) in calls {
        let req = integration.request(method.clone(), &path);
        let req = if body.is_null() { req } else { req.json(&body) };
        let res = req.send().await.expect("request");
        error(res, StatusCode::FORBIDDEN, "session_required").await;
    }
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(super::login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
}
