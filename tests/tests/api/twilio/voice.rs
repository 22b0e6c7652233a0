//! `POST /twilio/voice`: what an incoming call is told to do.

use loquent_shared::Phone;
use loquent_tests::client::error;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{OwnNumber, connect_own_number};
use loquent_tests::fixtures::{post_form, post_signed};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};

use crate::agents::create_agent;

struct Setup {
    _twilio: FakeTwilio,
    app: TestApp,
    owner: SignedIn,
    account_sid: String,
    token: String,
    phone: Phone,
}

async fn setup() -> Setup {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let OwnNumber { account_sid, token, phone } =
        connect_own_number(&twilio, &owner, "+14155550123").await;
    let phones = [phone];
    Setup { _twilio: twilio, app, owner, account_sid, token, phone: phones[0].clone() }
}

fn call_sid() -> String {
    format!("CA{}", uuid::Uuid::new_v4().simple())
}

async fn voice(s: &Setup, from: &str, to: &str, token: &str) -> reqwest::Response {
    voice_of(s, &call_sid(), from, to, token).await
}

async fn voice_of(s: &Setup, sid: &str, from: &str, to: &str, token: &str) -> reqwest::Response {
    let params = [
        ("AccountSid", s.account_sid.as_str()),
        ("CallSid", sid),
        ("From", from),
        ("To", to),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
    ];
    post_signed(&s.app, "/twilio/voice", &params, token).await
}

async fn twiml(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/xml; charset=utf-8")
    );
    res.text().await.expect("body")
}

#[tokio::test]
async fn a_number_with_an_agent_records_and_connects_the_stream() {
    let s = setup().await;
    let agent = create_agent(&s.owner, "Receptionist").await;
    s.owner
        .client
        .request(Method::PUT, &format!("/api/phones/{}/agent/{}", s.phone.id, agent.id))
        .send()
        .await
        .expect("PUT");

    let sid = call_sid();
    let doc = twiml(voice_of(&s, &sid, "+1415<555>&0199", &s.phone.number, &s.token).await).await;

    let host = s.app.base_url.trim_start_matches("http://");
    let expected = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Start><Recording channels="mono" recordingStatusCallback="{base}/twilio/recording" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed"/></Start><Connect><Stream url="ws://{host}/twilio/stream/{phone_id}/{sid}"><Parameter name="from" value="+1415&lt;555&gt;&amp;0199"/><Parameter name="to" value="+14155550123"/></Stream></Connect><Say>Sorry, we&apos;re having trouble connecting you right now. Please call again in a few minutes. Goodbye.</Say><Hangup/></Response>"#,
        base = s.app.base_url,
        phone_id = s.phone.id
    );
    assert_eq!(doc, expected);
}

#[tokio::test]
async fn https_deployments_stream_over_wss() {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with(&[
        ("APP_HOST", "https://voice.example.com"),
        ("TWILIO_API_BASE", &twilio.base_url),
    ])
    .await;
    let owner = app.sign_up("Acme Dental").await;
    let OwnNumber { account_sid, token, phone } =
        connect_own_number(&twilio, &owner, "+14155550123").await;
    let phones = [phone];
    let agent = create_agent(&owner, "Receptionist").await;
    owner
        .client
        .request(Method::PUT, &format!("/api/phones/{}/agent/{}", phones[0].id, agent.id))
        .send()
        .await
        .expect("PUT");
    // Signed over the public URL, as Twilio signs it.
    let sid = call_sid();
    let params: Vec<(String, String)> = [
        ("AccountSid", account_sid.as_str()),
        ("CallSid", sid.as_str()),
        ("From", "+14155550199"),
        ("To", "+14155550123"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let sig = loquent_server::clients::twilio::signature::sign(
        &token,
        "https://voice.example.com/twilio/voice",
        &params,
    );
    let res = app
        .client()
        .http
        .post(format!("{}/twilio/voice", app.base_url))
        .header("X-Twilio-Signature", sig)
        .form(&params)
        .send()
        .await
        .expect("POST");

    let doc = twiml(res).await;

    assert!(
        doc.contains(&format!(
            r#"<Stream url="wss://voice.example.com/twilio/stream/{}/{sid}">"#,
            phones[0].id
        )),
        "{doc}"
    );
    assert!(
        doc.contains(r#"recordingStatusCallback="https://voice.example.com/twilio/recording""#),
        "{doc}"
    );
}

#[tokio::test]
async fn no_agent_or_an_unknown_number_hears_a_message_and_is_hung_up_on() {
    let s = setup().await;

    let no_agent = twiml(voice(&s, "+14155550199", &s.phone.number, &s.token).await).await;
    let unknown = twiml(voice(&s, "+14155550199", "+14155559999", &s.token).await).await;

    assert!(
        no_agent.contains("<Say>Sorry, no one is available")
            && no_agent.ends_with("<Hangup/></Response>"),
        "{no_agent}"
    );
    assert!(
        unknown.contains("<Say>Sorry, the number you have called is not in service")
            && unknown.ends_with("<Hangup/></Response>"),
        "{unknown}"
    );
    assert!(!no_agent.contains("<Stream") && !unknown.contains("<Stream"));
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_calls_are_refused() {
    let s = setup().await;
    let sid = call_sid();
    let params = [
        ("AccountSid", s.account_sid.as_str()),
        ("CallSid", sid.as_str()),
        ("From", "+14155550199"),
        ("To", s.phone.number.as_str()),
    ];

    error(
        post_form(&s.app, "/twilio/voice", &params, None).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    error(
        post_signed(&s.app, "/twilio/voice", &params, &"0".repeat(32)).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    error(
        post_form(&s.app, "/twilio/voice", &params, Some("bm90IGEgc2lnbmF0dXJl")).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
}

#[tokio::test]
async fn malformed_calls_are_400() {
    let s = setup().await;
    let res = post_signed(&s.app, "/twilio/voice", &[("From", "+14155550199")], &s.token).await;
    error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
    let res = post_signed(
        &s.app,
        "/twilio/voice",
        &[("AccountSid", "nope"), ("CallSid", "nope"), ("From", "x"), ("To", "y")],
        &s.token,
    )
    .await;
    error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
}

#[tokio::test]
async fn another_organizations_account_cannot_reach_a_number_it_does_not_own() {
    let s = setup().await;
    let agent = create_agent(&s.owner, "Receptionist").await;
    s.owner
        .client
        .request(Method::PUT, &format!("/api/phones/{}/agent/{}", s.phone.id, agent.id))
        .send()
        .await
        .expect("PUT");
    // Globex connects its own account and asks about Acme's number, signed with Globex's token.
    let globex = s.app.sign_up("Globex").await;
    let other_account = format!("AC{}", "b".repeat(32));
    let other_token = "c".repeat(32);
    let mut conn = s.app.conn().await;
    loquent_server::mods::twilio::account::save(
        &mut conn,
        &s.app.state.cipher,
        globex.me.organization.id,
        &loquent_server::clients::twilio::TwilioCredentials {
            account_sid: other_account.clone(),
            auth_token: other_token.clone().into(),
        },
        true,
    )
    .await
    .expect("saving Globex's account");
    let sid = call_sid();
    let params = [
        ("AccountSid", other_account.as_str()),
        ("CallSid", sid.as_str()),
        ("From", "+14155550199"),
        ("To", s.phone.number.as_str()),
    ];

    let doc = twiml(post_signed(&s.app, "/twilio/voice", &params, &other_token).await).await;

    assert!(
        doc.contains("not in service") && !doc.contains("<Stream"),
        "Acme's agent is not Globex's to reach: {doc}"
    );
}
