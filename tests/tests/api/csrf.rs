//! Cross-site request forgery: a state-changing request a browser sends from another site with
//! the staff member's session cookie is refused before anything changes; the same request from
//! our own pages, with an API key, or from a client that isn't a browser goes through.

use loquent_shared::{Agent, CreatedApiKey};
use loquent_tests::client::{error, json};
use loquent_tests::{ApiClient, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn agent_body(name: &str) -> serde_json::Value {
    json!({ "name": name, "instructions": "Answer the phone for Acme Dental." })
}

#[tokio::test]
async fn a_foreign_site_cannot_act_with_a_staff_members_cookie() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let forged = |method: Method, path: &str| {
        owner
            .client
            .request(method, path)
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
    };

    let res = forged(Method::POST, "/api/agents")
        .json(&agent_body("Forged"))
        .send()
        .await
        .expect("request");
    let body = error(res, StatusCode::FORBIDDEN, "cross_site_request").await;
    assert!(body.error.message.contains("another site"), "{}", body.error.message);
    // A form post (no CORS preflight) and a sibling subdomain are refused alike; so is an
    // `Origin` without `Sec-Fetch-Site` (older browsers), and a sandboxed page's `null`.
    let res = forged(Method::POST, "/api/auth/logout")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("request");
    error(res, StatusCode::FORBIDDEN, "cross_site_request").await;
    for (origin, site) in [
        ("https://eu.loquent.example", Some("same-site")),
        ("https://evil.example", None),
        ("null", None),
    ] {
        let mut req = owner.client.request(Method::POST, "/api/agents").header("origin", origin);
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        let res = req.json(&agent_body("Forged")).send().await.expect("request");
        error(res, StatusCode::FORBIDDEN, "cross_site_request").await;
    }

    // Nothing was created, and the session still works: the forged logout did nothing.
    let agents: serde_json::Value =
        json(owner.client.get("/api/agents").await, StatusCode::OK).await;
    assert!(!agents.to_string().contains("Forged"), "{agents}");
    // Reading is not a forgery risk (the other site can't read the answer).
    let res = forged(Method::GET, "/api/agents").send().await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn our_own_pages_api_keys_and_non_browsers_go_through() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    // The web app: same origin, by Sec-Fetch-Site or by Origin alone.
    let res = owner
        .client
        .request(Method::POST, "/api/agents")
        .header("origin", &app.base_url)
        .header("sec-fetch-site", "same-origin")
        .json(&agent_body("From the app"))
        .send()
        .await
        .expect("request");
    let _: Agent = json(res, StatusCode::CREATED).await;
    let res = owner
        .client
        .request(Method::POST, "/api/agents")
        .header("origin", &app.base_url)
        .json(&agent_body("From an older browser"))
        .send()
        .await
        .expect("request");
    let _: Agent = json(res, StatusCode::CREATED).await;

    // An integration with an API key, even called from a browser on its own site.
    let key: CreatedApiKey = json(
        owner.client.post("/api/api-keys", &json!({"name": "CRM"})).await,
        StatusCode::CREATED,
    )
    .await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);
    let res = integration
        .request(Method::POST, "/api/agents")
        .header("origin", "https://crm.example")
        .header("sec-fetch-site", "cross-site")
        .json(&agent_body("From the CRM"))
        .send()
        .await
        .expect("request");
    let _: Agent = json(res, StatusCode::CREATED).await;

    // A script with a cookie and no browser headers.
    let _: Agent = json(
        owner.client.post("/api/agents", &agent_body("From a script")).await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn twilios_webhooks_are_not_browser_requests() {
    // Twilio signs its webhooks; a forged Origin on one changes nothing about how it is judged.
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .request(Method::POST, "/twilio/voice")
        .header("origin", "https://evil.example")
        .form(&[
            ("CallSid", "CA00000000000000000000000000000000"),
            ("AccountSid", "AC00000000000000000000000000000000"),
            ("From", "+14155550123"),
            ("To", "+14155550101"),
            ("CallStatus", "ringing"),
        ])
        .send()
        .await
        .expect("request");
    error(res, StatusCode::FORBIDDEN, "invalid_signature").await;
}
