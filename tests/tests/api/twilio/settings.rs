use diesel_async::RunQueryDsl;
use loquent_shared::{Role, TwilioMode, TwilioSettings};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn put_settings(org: &SignedIn, sid: &str, token: &str) -> reqwest::Response {
    org.client
        .request(Method::PUT, "/api/twilio/settings")
        .json(&json!({"account_sid": sid, "auth_token": token}))
        .send()
        .await
        .expect("PUT")
}

#[tokio::test]
async fn an_organization_starts_platform_managed() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let settings: TwilioSettings =
        json(owner.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert_eq!(
        settings,
        TwilioSettings {
            mode: TwilioMode::Platform,
            account_sid_masked: None,
            connected_at: None,
            managed_available: true,
        }
    );
}

#[tokio::test]
async fn without_a_platform_account_the_settings_say_managed_is_unavailable() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let settings: TwilioSettings =
        json(owner.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert!(!settings.managed_available, "{settings:?}");
    assert_eq!(settings.account_sid_masked, None);
}

#[tokio::test]
async fn an_own_account_is_checked_with_twilio_masked_and_its_token_encrypted() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (sid, token) = twilio.add_account("Acme's own");

    let settings: TwilioSettings =
        json(put_settings(&owner, &sid, &token).await, StatusCode::OK).await;

    assert_eq!(settings.mode, TwilioMode::Byo);
    let masked = settings.account_sid_masked.expect("masked sid");
    assert!(
        masked.starts_with(&sid[..4])
            && masked.ends_with(&sid[30..])
            && !masked.contains(&sid[4..30]),
        "{masked}"
    );
    let fetched = owner.client.get("/api/twilio/settings").await.text().await.expect("body");
    assert!(!fetched.contains(&token) && !fetched.contains(&sid), "{fetched}");
    assert!(
        twilio
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with(&format!("/Accounts/{sid}.json")))
    );
    // At rest: the token is not in the table, in any form readable without the key.
    let mut conn = app.conn().await;
    let dump: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "(SELECT row_to_json(organization_twilio_settings)::text FROM organization_twilio_settings)",
    ))
    .get_result(&mut conn)
    .await
    .expect("settings row");
    assert!(!dump.contains(&token), "{dump}");
    let hex_token: String = token.bytes().map(|b| format!("{b:02x}")).collect();
    assert!(!dump.contains(&hex_token), "{dump}");
}

#[tokio::test]
async fn wrong_credentials_are_refused_and_nothing_is_saved() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (sid, _) = twilio.add_account("Acme's own");

    let res = put_settings(&owner, &sid, &"0".repeat(32)).await;

    let err = error(res, StatusCode::BAD_REQUEST, "twilio_credentials_rejected").await;
    assert!(err.error.message.contains("Twilio"), "{err:?}");
    let settings: TwilioSettings =
        json(owner.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert_eq!(settings.account_sid_masked, None);
}

#[tokio::test]
async fn malformed_credentials_are_refused_without_asking_twilio() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let cases = [
        ("ACnothex", "0".repeat(32), "invalid_account_sid"),
        ("PN0123456789abcdef0123456789abcdef", "0".repeat(32), "invalid_account_sid"),
        ("AC0123456789abcdef0123456789abcdef", "short".to_string(), "invalid_auth_token"),
    ];
    for (sid, token, code) in cases {
        error(put_settings(&owner, sid, &token).await, StatusCode::UNPROCESSABLE_ENTITY, code)
            .await;
    }
    assert!(twilio.requests().is_empty());
}

#[tokio::test]
async fn disconnecting_returns_to_platform_managed_and_keeps_the_numbers() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (sid, token) = twilio.add_account("Acme's own");
    put_settings(&owner, &sid, &token).await;
    app.insert_phone(&owner, "+14155550123").await;

    let res = owner.client.delete("/api/twilio/settings").await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let settings: TwilioSettings =
        json(owner.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert_eq!(settings.mode, TwilioMode::Platform);
    let phones: Vec<serde_json::Value> =
        json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(phones.len(), 1);
}

#[tokio::test]
async fn settings_are_per_organization_and_for_admins() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let (acme, globex) = app.two_orgs().await;
    let (sid, token) = twilio.add_account("Acme's own");
    put_settings(&acme, &sid, &token).await;

    let theirs: TwilioSettings =
        json(globex.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert_eq!(theirs.account_sid_masked, None, "Acme's account is not Globex's");
    assert_eq!(globex.client.delete("/api/twilio/settings").await.status(), StatusCode::NO_CONTENT);
    let ours: TwilioSettings =
        json(acme.client.get("/api/twilio/settings").await, StatusCode::OK).await;
    assert_eq!(ours.mode, TwilioMode::Byo, "Globex's delete did not touch Acme");

    let member = app.add_member(&acme, Role::Member).await;
    error(member.client.get("/api/twilio/settings").await, StatusCode::FORBIDDEN, "forbidden")
        .await;
    error(put_settings(&member, &sid, &token).await, StatusCode::FORBIDDEN, "forbidden").await;
    error(member.client.delete("/api/twilio/settings").await, StatusCode::FORBIDDEN, "forbidden")
        .await;
}
