use loquent_shared::{Analyzer, Phone, SyncNumbersResponse, UnsyncedNumber};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::analyzers::create_analyzer;

async fn connect_own_account(org: &SignedIn, twilio: &FakeTwilio) -> (String, Vec<String>) {
    let (sid, token) = twilio.add_account("Acme's own");
    let sids = vec![
        twilio.add_incoming_number(
            &sid,
            "+14155550101",
            "Front desk",
            Some("https://handler.example.com/voice"),
        ),
        twilio.add_incoming_number(&sid, "+14155550102", "After hours", None),
        twilio.add_incoming_number(
            &sid,
            "+12125550103",
            "NYC office",
            Some("https://handler.example.com/voice"),
        ),
    ];
    let res = org
        .client
        .request(Method::PUT, "/api/twilio/settings")
        .json(&json!({"account_sid": sid, "auth_token": token}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    (sid, sids)
}

async fn unsynced(org: &SignedIn) -> Vec<UnsyncedNumber> {
    json(org.client.post_empty("/api/twilio/get-unsynced-numbers").await, StatusCode::OK).await
}

async fn sync(org: &SignedIn, sids: &[String]) -> reqwest::Response {
    org.client.post("/api/twilio/sync-numbers", &json!({ "twilio_sids": sids })).await
}

#[tokio::test]
async fn import_registers_the_selected_numbers_counts_right_and_writes_nothing_to_twilio() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let default = create_analyzer(&owner, "Intent", true, &[]).await;
    let (account, sids) = connect_own_account(&owner, &twilio).await;
    let before = twilio.incoming_numbers(&account);

    let offered = unsynced(&owner).await;
    assert_eq!(offered.len(), 3);
    let front = offered.iter().find(|n| n.phone_number == "+14155550101").expect("front desk");
    assert_eq!(front.friendly_name, "Front desk");
    assert_eq!(front.voice_url.as_deref(), Some("https://handler.example.com/voice"));

    let first: SyncNumbersResponse = json(sync(&owner, &sids[..2]).await, StatusCode::OK).await;
    assert_eq!(first, SyncNumbersResponse { imported: 2, already_existed: 0 });
    assert_eq!(unsynced(&owner).await.len(), 1);
    let second: SyncNumbersResponse = json(sync(&owner, &sids).await, StatusCode::OK).await;
    assert_eq!(second, SyncNumbersResponse { imported: 1, already_existed: 2 });
    assert!(unsynced(&owner).await.is_empty());

    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(phones.len(), 3);
    assert!(phones.iter().all(|p| p.previous_voice_url.is_none() && p.agent_id.is_none()));
    assert!(phones.iter().all(|p| !p.routes_to_loquent), "imported numbers keep their old routing");
    let default: Analyzer =
        json(owner.client.get(&format!("/api/analyzers/{}", default.id)).await, StatusCode::OK)
            .await;
    assert_eq!(default.phone_number_ids.len(), 3, "imported numbers get the default analyzers");
    let writes: Vec<_> = twilio.requests().into_iter().filter(|r| r.is_write()).collect();
    assert!(writes.is_empty(), "import is read-only on Twilio: {writes:?}");
    let after = twilio.incoming_numbers(&account);
    assert_eq!(format!("{before:?}"), format!("{after:?}"));
}

#[tokio::test]
async fn import_follows_twilios_pages() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account, _) = connect_own_account(&owner, &twilio).await;
    for i in 0..1_000 {
        twilio.add_incoming_number(&account, &format!("+1646555{i:04}"), "Line", None);
    }
    assert_eq!(unsynced(&owner).await.len(), 1_003);
    let pages = twilio
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/IncomingPhoneNumbers.json") || r.query.contains("Page="))
        .count();
    assert!(pages >= 2, "more than one page was read");
}

#[tokio::test]
async fn bad_selections_are_refused_and_import_nothing() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (_, sids) = connect_own_account(&owner, &twilio).await;

    error(sync(&owner, &[]).await, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    error(sync(&owner, &["PN123".into()]).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_sid")
        .await;
    let stranger = format!("PN{}", "a".repeat(32));
    let err = error(
        sync(&owner, &[sids[0].clone(), stranger.clone()]).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(err.error.message.contains(&stranger));
    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert!(phones.is_empty(), "all or nothing");
}

#[tokio::test]
async fn another_organizations_twilio_numbers_cannot_be_imported() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let (acme, globex) = app.two_orgs().await;
    let (_, acme_sids) = connect_own_account(&acme, &twilio).await;

    // Globex is platform-managed: its own (empty) subaccount.
    assert!(unsynced(&globex).await.is_empty());
    error(sync(&globex, &acme_sids[..1]).await, StatusCode::NOT_FOUND, "not_found").await;
    let phones: Vec<Phone> = json(globex.client.get("/api/phones").await, StatusCode::OK).await;
    assert!(phones.is_empty());
}
