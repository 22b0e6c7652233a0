//! `GET /api/twilio/access-token`: browser calling set up once per organization in its Twilio
//! account (a TwiML Application and an API Key), and tokens made as Twilio's helper libraries
//! make them.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use loquent_server::db::schema::organization_twilio_settings as ots;
use loquent_shared::{Role, VoiceAccessToken};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::connect_own_twilio;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn token(org: &SignedIn) -> reqwest::Response {
    org.client.get("/api/twilio/access-token").await
}

/// The token's header and claims, checked with the key's secret (signature, `nbf`, `exp`).
fn decode(token: &str, secret: &str) -> (jsonwebtoken::Header, Value) {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = 5;
    let data = jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .expect("a token signed with the API key's secret");
    (data.header, data.claims)
}

#[tokio::test]
async fn the_first_token_sets_browser_calling_up_once_and_tokens_are_twilios() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account, _) = connect_own_twilio(&twilio, &owner, "Acme's own").await;

    let before = Utc::now().timestamp();
    let first: VoiceAccessToken = json(token(&owner).await, StatusCode::OK).await;

    // One TwiML Application pointing at Loquent's outbound webhook, one API Key.
    let apps = twilio.applications(&account);
    assert_eq!(apps.len(), 1);
    assert_eq!(
        apps[0].voice_url.as_deref(),
        Some(format!("{}/twilio/voice/outbound", app.base_url).as_str())
    );
    assert_eq!(apps[0].voice_method, "POST");
    let keys = twilio.api_keys(&account);
    assert_eq!(keys.len(), 1);
    let key = &keys[0];

    assert_eq!(first.identity, format!("user_{}", owner.me.member.id));
    let (header, claims) = decode(&first.token, &key.secret);
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.cty.as_deref(), Some("twilio-fpa;v=1"));
    let nbf = claims["nbf"].as_i64().expect("nbf");
    assert!((before..=Utc::now().timestamp()).contains(&nbf), "nbf is now");
    assert_eq!(claims["exp"].as_i64(), Some(nbf + 3600), "an hour");
    assert_eq!(claims["jti"], format!("{}-{nbf}", key.sid));
    assert_eq!(claims["iss"], key.sid.as_str());
    assert_eq!(claims["sub"], account.as_str());
    assert_eq!(
        claims["grants"],
        json!({
            "identity": first.identity,
            "voice": {"incoming": {"allow": true}, "outgoing": {"application_sid": apps[0].sid}},
        })
    );
    assert_eq!(first.expires_at.timestamp(), nbf + 3600);
    // Exactly those claims, nothing else.
    let mut names: Vec<&String> = claims.as_object().expect("claims").keys().collect();
    names.sort();
    assert_eq!(names, ["exp", "grants", "iss", "jti", "nbf", "sub"]);
    // Another key's secret doesn't verify it.
    let wrong = jsonwebtoken::decode::<Value>(
        &first.token,
        &DecodingKey::from_secret(b"not the secret"),
        &Validation::new(Algorithm::HS256),
    );
    assert!(wrong.is_err());

    // Later tokens reuse them; the secret is stored encrypted.
    let again: VoiceAccessToken = json(token(&owner).await, StatusCode::OK).await;
    decode(&again.token, &key.secret);
    assert_eq!(twilio.applications(&account).len(), 1);
    assert_eq!(twilio.api_keys(&account).len(), 1);
    let mut conn = app.conn().await;
    let (app_sid, key_sid, sealed): (Option<String>, Option<String>, Option<Vec<u8>>) = ots::table
        .find(owner.me.organization.id)
        .select((ots::twiml_app_sid, ots::api_key_sid, ots::api_key_secret))
        .first(&mut conn)
        .await
        .expect("settings");
    assert_eq!(
        (app_sid.as_deref(), key_sid.as_deref()),
        (Some(apps[0].sid.as_str()), Some(key.sid.as_str()))
    );
    let sealed = sealed.expect("stored secret");
    assert!(
        !sealed.windows(key.secret.len()).any(|w| w == key.secret.as_bytes()),
        "not in the clear"
    );

    // Disconnecting the account forgets them; the next account gets its own.
    let res =
        owner.client.request(Method::DELETE, "/api/twilio/settings").send().await.expect("DELETE");
    assert!(res.status().is_success());
    let (second_account, _) = connect_own_twilio(&twilio, &owner, "Acme's new one").await;
    let third: VoiceAccessToken = json(token(&owner).await, StatusCode::OK).await;
    let new_key = &twilio.api_keys(&second_account)[0];
    let (_, claims) = decode(&third.token, &new_key.secret);
    assert_eq!(claims["sub"], second_account.as_str());
    assert_eq!(twilio.applications(&second_account).len(), 1);
}

#[tokio::test]
async fn two_first_requests_at_once_set_up_once() {
    let twilio = FakeTwilio::start().await;
    twilio.set_latency(std::time::Duration::from_millis(100));
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account, _) = connect_own_twilio(&twilio, &owner, "Acme's own").await;

    let (a, b) = tokio::join!(token(&owner), token(&owner));
    let a: VoiceAccessToken = json(a, StatusCode::OK).await;
    let b: VoiceAccessToken = json(b, StatusCode::OK).await;

    assert_eq!(twilio.applications(&account).len(), 1);
    assert_eq!(twilio.api_keys(&account).len(), 1);
    let secret = &twilio.api_keys(&account)[0].secret;
    decode(&a.token, secret);
    decode(&b.token, secret);
}

#[tokio::test]
async fn a_platform_organization_gets_its_subaccount_and_refusals_are_502() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;

    // Twilio refusing the application: its message, nothing kept, the next request tries again.
    twilio.fail_next("POST", "/Applications.json", 400, 21502, "VoiceUrl is not valid");
    let refused = error(token(&owner).await, StatusCode::BAD_GATEWAY, "twilio_error").await;
    assert!(refused.error.message.contains("VoiceUrl is not valid"), "{}", refused.error.message);
    let sub = twilio
        .accounts()
        .into_iter()
        .find(|a| {
            a.owner_account_sid == twilio.main_account_sid && a.friendly_name.contains("Acme")
        })
        .expect("the subaccount")
        .sid;
    assert!(twilio.applications(&sub).is_empty() && twilio.api_keys(&sub).is_empty());

    let ok: VoiceAccessToken = json(token(&owner).await, StatusCode::OK).await;
    let (_, claims) = decode(&ok.token, &twilio.api_keys(&sub)[0].secret);
    assert_eq!(claims["sub"], sub.as_str(), "made in the organization's subaccount");

    // A key refused after the application was made: the application is kept, not made twice.
    let other = app.sign_up("Globex").await;
    twilio.fail_next("POST", "/Keys.json", 500, 20500, "Internal Server Error");
    error(token(&other).await, StatusCode::BAD_GATEWAY, "twilio_error").await;
    json::<VoiceAccessToken>(token(&other).await, StatusCode::OK).await;
    let globex = twilio
        .accounts()
        .into_iter()
        .find(|a| a.friendly_name.contains("Globex"))
        .expect("Globex's subaccount")
        .sid;
    assert_eq!(twilio.api_keys(&globex).len(), 1);
    assert_eq!(
        twilio.applications(&globex).len(),
        1,
        "the application made before the refusal is kept"
    );
}

#[tokio::test]
async fn without_twilio_it_is_the_buy_flows_error_and_viewers_may_not() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    error(token(&owner).await, StatusCode::INTERNAL_SERVER_ERROR, "twilio_not_configured").await;

    let viewer = app.add_member(&owner, Role::Viewer).await;
    error(token(&viewer).await, StatusCode::FORBIDDEN, "forbidden").await;
    let anonymous = app.client().get("/api/twilio/access-token").await;
    error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}
