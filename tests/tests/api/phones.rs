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

/// The number's name and agent as stored, read back through the API.
async fn stored(org: &SignedIn, phone: &Phone) -> (String, Option<uuid::Uuid>) {
    let got: Phone =
        json(org.client.get(&format!("/api/phones/{}", phone.id)).await, StatusCode::OK).await;
    (got.friendly_name, got.agent_id)
}

#[tokio::test]
async fn a_patch_renames_only() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let path = format!("/api/phones/{}", phone.id);
    json::<Phone>(patch(&owner, &path, json!({"agent_id": agent.id})).await, StatusCode::OK).await;

    let renamed: Phone =
        json(patch(&owner, &path, json!({"friendly_name": " Front desk "})).await, StatusCode::OK)
            .await;

    assert_eq!((renamed.friendly_name.as_str(), renamed.agent_id), ("Front desk", Some(agent.id)));
    assert_eq!(stored(&owner, &phone).await, ("Front desk".to_owned(), Some(agent.id)));
}

#[tokio::test]
async fn a_patch_assigns_only() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let path = format!("/api/phones/{}", phone.id);

    let assigned: Phone =
        json(patch(&owner, &path, json!({"agent_id": agent.id})).await, StatusCode::OK).await;

    assert_eq!(assigned.agent_id, Some(agent.id));
    assert_eq!(assigned.friendly_name, phone.friendly_name, "the name stays");
    assert_eq!(stored(&owner, &phone).await, (phone.friendly_name.clone(), Some(agent.id)));
}

#[tokio::test]
async fn a_patch_unassigns_with_null() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let path = format!("/api/phones/{}", phone.id);
    json::<Phone>(put(&owner, &format!("{path}/agent/{}", agent.id)).await, StatusCode::OK).await;

    let unassigned: Phone =
        json(patch(&owner, &path, json!({"agent_id": null})).await, StatusCode::OK).await;

    assert_eq!(unassigned.agent_id, None);
    assert_eq!(stored(&owner, &phone).await, (phone.friendly_name.clone(), None));
}

#[tokio::test]
async fn a_patch_renames_and_assigns_at_once() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let first = create_agent(&owner, "Receptionist").await;
    let second = create_agent(&owner, "After hours").await;
    let path = format!("/api/phones/{}", phone.id);
    json::<Phone>(patch(&owner, &path, json!({"agent_id": first.id})).await, StatusCode::OK).await;

    let both = json!({"friendly_name": "Night line", "agent_id": second.id});
    let changed: Phone = json(patch(&owner, &path, both).await, StatusCode::OK).await;

    assert_eq!((changed.friendly_name.as_str(), changed.agent_id), ("Night line", Some(second.id)));
    assert_eq!(stored(&owner, &phone).await, ("Night line".to_owned(), Some(second.id)));
    let again = json!({"friendly_name": "Main line", "agent_id": null});
    let cleared: Phone = json(patch(&owner, &path, again).await, StatusCode::OK).await;
    assert_eq!((cleared.friendly_name.as_str(), cleared.agent_id), ("Main line", None));
}

#[tokio::test]
async fn a_patch_with_another_organizations_or_an_unknown_agent_changes_nothing() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let phone = app.insert_phone(&acme, "+14155550123").await;
    let own = create_agent(&acme, "Receptionist").await;
    let foreign = create_agent(&globex, "Globex receptionist").await;
    let path = format!("/api/phones/{}", phone.id);
    json::<Phone>(patch(&acme, &path, json!({"agent_id": own.id})).await, StatusCode::OK).await;

    for agent_id in [foreign.id, uuid::Uuid::new_v4()] {
        let body = json!({"friendly_name": "Hijacked", "agent_id": agent_id});
        let refused = field_error(
            patch(&acme, &path, body).await,
            StatusCode::NOT_FOUND,
            "not_found",
            "agent_id",
        )
        .await;
        assert_eq!(refused.error.message, "agent_id: agent not found");
        assert_eq!(
            stored(&acme, &phone).await,
            (phone.friendly_name.clone(), Some(own.id)),
            "neither the name nor the agent changed"
        );
    }
}

#[tokio::test]
async fn a_patch_of_another_organizations_number_is_404() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let phone = app.insert_phone(&acme, "+14155550123").await;
    let globex_agent = create_agent(&globex, "Globex receptionist").await;
    let path = format!("/api/phones/{}", phone.id);

    for body in [
        json!({"agent_id": globex_agent.id}),
        json!({"agent_id": null}),
        json!({"friendly_name": "Mine", "agent_id": globex_agent.id}),
    ] {
        let res = patch(&globex, &path, body).await;
        let refused = whole_error(res, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(refused.error.message, "phone number not found");
    }
    assert_eq!(stored(&acme, &phone).await, (phone.friendly_name.clone(), None));
}

#[tokio::test]
async fn a_patch_of_the_wrong_shape_names_its_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let path = format!("/api/phones/{}", phone.id);

    // Well-formed JSON with a value of the wrong type: 422 `invalid_body`, as everywhere in
    // the API, naming the field.
    for (body, field) in [
        (json!({"friendly_name": 5}), "friendly_name"),
        (json!({"friendly_name": null}), "friendly_name"),
        (json!({"agent_id": "not-an-id"}), "agent_id"),
        (json!({"agent_id": 7, "friendly_name": "Desk"}), "agent_id"),
    ] {
        let res = patch(&owner, &path, body).await;
        field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", field).await;
    }
    // Not JSON at all: 400.
    let res = owner
        .client
        .request(Method::PATCH, &path)
        .header("content-type", "application/json")
        .body(r#"{"friendly_name": "#)
        .send()
        .await
        .expect("PATCH");
    whole_error(res, StatusCode::BAD_REQUEST, "malformed_json").await;
    // A document that isn't an object names no field.
    let res = patch(&owner, &path, json!("Front desk")).await;
    whole_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert_eq!(stored(&owner, &phone).await, (phone.friendly_name.clone(), None));
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
    // A body that changes nothing is about the body as a whole.
    let empty = patch(&owner, &path, json!({})).await;
    whole_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
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
