use loquent_shared::AvailableNumber;
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn search_maps_twilios_offer_and_makes_the_subaccount_once() {
    let twilio = FakeTwilio::start().await;
    twilio.add_available_number("+14155550123", "San Francisco", "CA");
    twilio.add_available_number("+14155550124", "San Francisco", "CA");
    twilio.add_available_number("+12125550100", "New York", "NY");
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;

    let found: Vec<AvailableNumber> = json(
        owner
            .client
            .post("/api/twilio/search-available-numbers", &json!({"area_code": "415"}))
            .await,
        StatusCode::OK,
    )
    .await;
    let again: Vec<AvailableNumber> = json(
        owner
            .client
            .post("/api/twilio/search-available-numbers", &json!({"area_code": "415"}))
            .await,
        StatusCode::OK,
    )
    .await;

    let mut numbers: Vec<&str> = found.iter().map(|n| n.phone_number.as_str()).collect();
    numbers.sort();
    assert_eq!(numbers, ["+14155550123", "+14155550124"]);
    let first = &found[0];
    assert_eq!(first.locality.as_deref(), Some("San Francisco"));
    assert_eq!(first.region.as_deref(), Some("CA"));
    assert!(
        first.capabilities.voice
            && first.capabilities.sms
            && first.capabilities.mms
            && !first.capabilities.fax
    );
    assert!(first.friendly_name.starts_with("(415)"), "{}", first.friendly_name);
    assert_eq!(found, again);
    let subaccounts: Vec<_> = twilio
        .accounts()
        .into_iter()
        .filter(|a| {
            a.owner_account_sid == twilio.main_account_sid && a.sid != twilio.main_account_sid
        })
        .collect();
    assert_eq!(subaccounts.len(), 1, "one subaccount for the organization, made on first need");
    assert!(subaccounts[0].friendly_name.contains("Acme Dental"));
    // Searching bought nothing.
    assert_eq!(
        twilio.requests().iter().filter(|r| r.is_write()).count(),
        1,
        "only the subaccount creation"
    );
}

#[tokio::test]
async fn an_empty_area_code_is_an_empty_list() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let found: Vec<AvailableNumber> = json(
        owner
            .client
            .post("/api/twilio/search-available-numbers", &json!({"area_code": "907"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(found.is_empty());
}

#[tokio::test]
async fn search_failures_are_named() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    for bad in ["41", "4155", "abc", "015"] {
        let res = owner
            .client
            .post("/api/twilio/search-available-numbers", &json!({"area_code": bad}))
            .await;
        error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_area_code").await;
    }
    owner.client.post("/api/twilio/search-available-numbers", &json!({"area_code": "415"})).await;
    twilio.fail_next("GET", "/Local.json", 503, 20503, "Service Unavailable");
    let res = owner
        .client
        .post("/api/twilio/search-available-numbers", &json!({"area_code": "415"}))
        .await;
    let err = error(res, StatusCode::BAD_GATEWAY, "twilio_error").await;
    assert!(err.error.message.contains("Service Unavailable"), "{err:?}");
}

#[tokio::test]
async fn without_any_twilio_account_it_says_telephony_is_not_set_up() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let res = owner
        .client
        .post("/api/twilio/search-available-numbers", &json!({"area_code": "415"}))
        .await;
    error(res, StatusCode::INTERNAL_SERVER_ERROR, "twilio_not_configured").await;
}
