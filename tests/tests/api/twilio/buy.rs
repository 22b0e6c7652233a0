use diesel_async::RunQueryDsl;
use loquent_shared::{Analyzer, Phone, UnsyncedNumber};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use crate::analyzers::create_analyzer;

async fn buy(org: &SignedIn, number: &str) -> reqwest::Response {
    org.client.post("/api/twilio/buy-phone-number", &json!({ "phone_number": number })).await
}

fn subaccount_of(twilio: &FakeTwilio, org_name: &str) -> String {
    twilio
        .accounts()
        .into_iter()
        .find(|a| {
            a.owner_account_sid == twilio.main_account_sid && a.friendly_name.contains(org_name)
        })
        .map(|a| a.sid)
        .expect("the organization's subaccount")
}

#[tokio::test]
async fn buying_purchases_routes_registers_and_attaches_default_analyzers() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let default = create_analyzer(&owner, "Intent", true, &[]).await;
    let optional = create_analyzer(&owner, "Sentiment", false, &[]).await;

    let phone: Phone = json(buy(&owner, "+14155550123").await, StatusCode::CREATED).await;

    assert_eq!(phone.number, "+14155550123");
    assert!(phone.twilio_sid.starts_with("PN") && phone.twilio_sid.len() == 34);
    assert_eq!(phone.agent_id, None);
    assert!(phone.routes_to_loquent, "bought numbers send their calls to Loquent");
    let account = subaccount_of(&twilio, "Acme Dental");
    let bought = twilio.incoming_numbers(&account);
    assert_eq!(bought.len(), 1);
    assert_eq!(bought[0].sid, phone.twilio_sid);
    assert_eq!(
        bought[0].voice_url.as_deref(),
        Some(format!("{}/twilio/voice", app.base_url).as_str())
    );
    assert_eq!(bought[0].voice_method.as_deref(), Some("POST"));
    let purchase = twilio
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/IncomingPhoneNumbers.json"))
        .expect("purchase");
    assert!(purchase.form.contains(&("PhoneNumber".into(), "+14155550123".into())));
    let listed: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(listed, vec![phone.clone()]);
    let default: Analyzer =
        json(owner.client.get(&format!("/api/analyzers/{}", default.id)).await, StatusCode::OK)
            .await;
    let optional: Analyzer =
        json(owner.client.get(&format!("/api/analyzers/{}", optional.id)).await, StatusCode::OK)
            .await;
    assert_eq!(default.phone_number_ids, vec![phone.id]);
    assert!(optional.phone_number_ids.is_empty());
}

#[tokio::test]
async fn every_failure_has_its_status_and_code() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    twilio.add_available_number("+14155550124", "San Francisco", "CA");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;

    error(buy(&owner, "4155550123").await, StatusCode::BAD_REQUEST, "invalid_phone_number").await;
    error(buy(&owner, "+1415555012x").await, StatusCode::BAD_REQUEST, "invalid_phone_number").await;
    // Twilio's own answer (21422) for a number no longer on offer.
    error(buy(&owner, "+14155559999").await, StatusCode::NOT_FOUND, "no_numbers_available").await;
    assert_eq!(buy(&owner, "+14155550123").await.status(), StatusCode::CREATED);
    error(buy(&owner, "+14155550123").await, StatusCode::CONFLICT, "phone_already_registered")
        .await;
    twilio.fail_next(
        "POST",
        "/IncomingPhoneNumbers.json",
        400,
        21452,
        "No phone numbers found in the requested area",
    );
    let err =
        error(buy(&owner, "+14155550124").await, StatusCode::BAD_GATEWAY, "twilio_error").await;
    assert!(
        err.error.message.contains("No phone numbers found"),
        "Twilio's message is passed on: {err:?}"
    );
    let listed: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(listed.len(), 1, "failed purchases registered nothing");

    let unconfigured = TestApp::spawn().await;
    let other = unconfigured.sign_up("Globex").await;
    error(
        buy(&other, "+14155550124").await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "twilio_not_configured",
    )
    .await;
}

#[tokio::test]
async fn a_number_bought_but_not_recorded_is_offered_by_the_import() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    // The database refuses new numbers, as it would if it failed right after the purchase.
    let mut conn = app.conn().await;
    for statement in [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON phone_number FOR EACH ROW EXECUTE FUNCTION refuse()",
    ] {
        diesel::sql_query(statement).execute(&mut conn).await.expect("installing the failure");
    }

    let err = error(
        buy(&owner, "+14155550123").await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
    )
    .await;

    assert!(
        err.error.message.contains("+14155550123") && err.error.message.contains("Import"),
        "{err:?}"
    );
    assert!(!err.error.message.contains("disk full"), "no internals in the body");
    diesel::sql_query("DROP TRIGGER refuse ON phone_number")
        .execute(&mut conn)
        .await
        .expect("healing");
    let offered: Vec<UnsyncedNumber> =
        json(owner.client.post_empty("/api/twilio/get-unsynced-numbers").await, StatusCode::OK)
            .await;
    assert_eq!(
        offered.iter().map(|n| n.phone_number.as_str()).collect::<Vec<_>>(),
        ["+14155550123"]
    );
}

#[tokio::test]
async fn each_organization_buys_into_its_own_subaccount() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    twilio.add_available_number("+14155550124", "San Francisco", "CA");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let (acme, globex) = app.two_orgs().await;

    let a: Phone = json(buy(&acme, "+14155550123").await, StatusCode::CREATED).await;
    let g: Phone = json(buy(&globex, "+14155550124").await, StatusCode::CREATED).await;

    let (acme_account, globex_account) =
        (subaccount_of(&twilio, "Acme Dental"), subaccount_of(&twilio, "Globex"));
    assert_ne!(acme_account, globex_account);
    assert_eq!(twilio.incoming_numbers(&acme_account)[0].sid, a.twilio_sid);
    assert_eq!(twilio.incoming_numbers(&globex_account)[0].sid, g.twilio_sid);
    let seen: Vec<Phone> = json(globex.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(seen, vec![g]);
}

#[tokio::test]
async fn only_admins_search_buy_and_import() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let member = app.add_member(&owner, loquent_shared::Role::Member).await;

    let search = member
        .client
        .post("/api/twilio/search-available-numbers", &json!({"area_code": "415"}))
        .await;
    error(search, StatusCode::FORBIDDEN, "forbidden").await;
    error(buy(&member, "+14155550123").await, StatusCode::FORBIDDEN, "forbidden").await;
    error(
        member.client.post_empty("/api/twilio/get-unsynced-numbers").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let sync = member.client.post("/api/twilio/sync-numbers", &json!({"twilio_sids": []})).await;
    error(sync, StatusCode::FORBIDDEN, "forbidden").await;
    error(
        app.client().post_empty("/api/twilio/get-unsynced-numbers").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert!(twilio.requests().is_empty(), "refused requests never reach Twilio");
}
