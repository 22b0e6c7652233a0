use loquent_shared::{Phone, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::agents::create_agent;

async fn put(org: &SignedIn, path: &str) -> reqwest::Response {
    org.client.request(Method::PUT, path).send().await.expect("PUT")
}

async fn patch(org: &SignedIn, path: &str, body: serde_json::Value) -> reqwest::Response {
    org.client.request(Method::PATCH, path).json(&body).send().await.expect("PATCH")
}

#[tokio::test]
async fn numbers_are_listed_renamed_and_given_an_agent() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent = create_agent(&owner, "Receptionist").await;

    let listed: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(listed, vec![phone.clone()]);
    let path = format!("/api/phones/{}", phone.id);
    let renamed: Phone =
        json(patch(&owner, &path, json!({"friendly_name": " After hours "})).await, StatusCode::OK)
            .await;
    assert_eq!(renamed.friendly_name, "After hours");

    let assigned: Phone =
        json(put(&owner, &format!("{path}/agent/{}", agent.id)).await, StatusCode::OK).await;
    assert_eq!(assigned.agent_id, Some(agent.id));
    let fetched: Phone = json(owner.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched, assigned);
    let unassigned: Phone =
        json(owner.client.delete(&format!("{path}/agent")).await, StatusCode::OK).await;
    assert_eq!(unassigned.agent_id, None);
}

#[tokio::test]
async fn another_organizations_numbers_and_agents_are_404_everywhere() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_phone = app.insert_phone(&acme, "+14155550123").await;
    let acme_agent = create_agent(&acme, "Acme receptionist").await;
    let globex_phone = app.insert_phone(&globex, "+14155550199").await;
    let globex_agent = create_agent(&globex, "Globex receptionist").await;
    let path = format!("/api/phones/{}", acme_phone.id);

    error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    error(
        patch(&globex, &path, json!({"friendly_name": "Mine"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        put(&globex, &format!("{path}/agent/{}", globex_agent.id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(globex.client.delete(&format!("{path}/agent")).await, StatusCode::NOT_FOUND, "not_found")
        .await;
    error(
        globex.client.post_empty(&format!("{path}/voice-url")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        globex.client.post_empty(&format!("{path}/voice-url/restore")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Another organization's agent on one's own number: 404 too, and nothing changes.
    let own = format!("/api/phones/{}/agent/{}", globex_phone.id, acme_agent.id);
    error(put(&globex, &own).await, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Vec<Phone> = json(globex.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(listed, vec![globex_phone]);
    let untouched: Phone = json(acme.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(untouched, acme_phone);
}

#[tokio::test]
async fn bad_input_and_roles() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let path = format!("/api/phones/{}", phone.id);

    field_error(
        patch(&owner, &path, json!({"friendly_name": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
        "friendly_name",
    )
    .await;
    let empty = patch(&owner, &path, json!({})).await;
    field_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "friendly_name").await;
    let bad_id = owner.client.get("/api/phones/not-an-id").await;
    field_error(bad_id, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
    field_error(
        put(&owner, &format!("{path}/agent/not-an-id")).await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
        "agent_id",
    )
    .await;
    whole_error(
        put(&owner, &format!("{path}/agent/{}", uuid::Uuid::new_v4())).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    assert_eq!(viewer.client.get("/api/phones").await.status(), StatusCode::OK);
    assert_eq!(viewer.client.get(&path).await.status(), StatusCode::OK);
    error(
        patch(&viewer, &path, json!({"friendly_name": "Mine"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    error(
        put(&viewer, &format!("{path}/agent/{}", agent.id)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    error(viewer.client.delete(&format!("{path}/agent")).await, StatusCode::FORBIDDEN, "forbidden")
        .await;
    error(
        viewer.client.post_empty(&format!("{path}/voice-url")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn taking_over_a_voice_url_keeps_the_old_one_for_a_rollback() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (sid, token) = twilio.add_account("Acme's own");
    let old_url = "https://handler.example.com/voice?x=1&y=2";
    let pn = twilio.add_incoming_number(&sid, "+14155550101", "Front desk", Some(old_url));
    let res = owner
        .client
        .request(Method::PUT, "/api/twilio/settings")
        .json(&json!({"account_sid": sid, "auth_token": token}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    let res = owner.client.post("/api/twilio/sync-numbers", &json!({"twilio_sids": [pn]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    let path = format!("/api/phones/{}/voice-url", phones[0].id);
    let ours = format!("{}/twilio/voice", app.base_url);

    let taken: Phone = json(owner.client.post_empty(&path).await, StatusCode::OK).await;

    assert_eq!(taken.previous_voice_url.as_deref(), Some(old_url));
    assert!(taken.routes_to_loquent);
    let number = &twilio.incoming_numbers(&sid)[0];
    assert_eq!(number.voice_url.as_deref(), Some(ours.as_str()));
    assert_eq!(number.voice_method.as_deref(), Some("POST"));
    // Again: nothing changes, and the saved URL is still the customer's, not ours.
    let again: Phone = json(owner.client.post_empty(&path).await, StatusCode::OK).await;
    assert_eq!(again.previous_voice_url.as_deref(), Some(old_url));

    let restored: Phone =
        json(owner.client.post_empty(&format!("{path}/restore")).await, StatusCode::OK).await;

    assert_eq!(restored.previous_voice_url, None);
    assert!(!restored.routes_to_loquent);
    assert_eq!(twilio.incoming_numbers(&sid)[0].voice_url.as_deref(), Some(old_url));
    let res = owner.client.post_empty(&format!("{path}/restore")).await;
    error(res, StatusCode::CONFLICT, "no_previous_voice_url").await;
}

#[tokio::test]
async fn a_failed_take_over_loses_nothing() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (sid, token) = twilio.add_account("Acme's own");
    let pn = twilio.add_incoming_number(
        &sid,
        "+14155550101",
        "Front desk",
        Some("https://old.example.com/voice"),
    );
    owner
        .client
        .request(Method::PUT, "/api/twilio/settings")
        .json(&json!({"account_sid": sid, "auth_token": token}))
        .send()
        .await
        .expect("PUT");
    owner.client.post("/api/twilio/sync-numbers", &json!({"twilio_sids": [pn]})).await;
    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    twilio.fail_next(
        "POST",
        &format!("/IncomingPhoneNumbers/{pn}.json"),
        500,
        20500,
        "Internal Server Error",
    );

    let res = owner.client.post_empty(&format!("/api/phones/{}/voice-url", phones[0].id)).await;

    error(res, StatusCode::BAD_GATEWAY, "twilio_error").await;
    let phone: Phone =
        json(owner.client.get(&format!("/api/phones/{}", phones[0].id)).await, StatusCode::OK)
            .await;
    assert_eq!(phone.previous_voice_url, None, "no take-over recorded");
    assert!(!phone.routes_to_loquent);
    assert_eq!(
        twilio.incoming_numbers(&sid)[0].voice_url.as_deref(),
        Some("https://old.example.com/voice")
    );
}
