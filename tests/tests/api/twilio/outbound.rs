//! Calls placed from the browser: `POST /twilio/voice/outbound` (what Twilio dials) and
//! `POST /twilio/call-status` (how it ended), signed as Twilio signs them.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::call;
use loquent_shared::{CallDetails, Contact};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{connect_own_twilio, post_form, post_signed};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

const NUMBER: &str = "+14155550123";
const CALLEE: &str = "+14155550199";

struct Outbound {
    _twilio: FakeTwilio,
    app: TestApp,
    owner: SignedIn,
    account_sid: String,
    token: String,
}

async fn setup() -> Outbound {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::spawn_with_twilio(&twilio).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account_sid, token) = connect_own_twilio(&twilio, &owner, "Acme's own").await;
    app.insert_phone(&owner, NUMBER).await;
    Outbound { _twilio: twilio, app, owner, account_sid, token }
}

fn call_sid() -> String {
    format!("CA{}", Uuid::new_v4().simple())
}

impl Outbound {
    fn params(&self, sid: &str, to: &str, caller_id: &str) -> Vec<(String, String)> {
        [
            ("AccountSid", self.account_sid.clone()),
            ("ApplicationSid", format!("AP{}", Uuid::new_v4().simple())),
            ("CallSid", sid.to_string()),
            ("From", format!("client:user_{}", self.owner.me.member.id)),
            ("Caller", format!("client:user_{}", self.owner.me.member.id)),
            ("Direction", "inbound".to_string()),
            ("CallStatus", "ringing".to_string()),
            ("ApiVersion", "2010-04-01".to_string()),
            ("To", to.to_string()),
            ("CallerId", caller_id.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    async fn post(&self, path: &str, params: &[(String, String)]) -> reqwest::Response {
        let pairs: Vec<(&str, &str)> =
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        post_signed(&self.app, path, &pairs, &self.token).await
    }

    async fn twiml(&self, params: &[(String, String)]) -> String {
        let res = self.post("/twilio/voice/outbound", params).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers().get("content-type").and_then(|v| v.to_str().ok()),
            Some("text/xml; charset=utf-8")
        );
        res.text().await.expect("TwiML")
    }

    async fn calls_with_sid(&self, sid: &str) -> Vec<(Uuid, String, String, Option<i32>)> {
        let mut conn = self.app.conn().await;
        call::table
            .filter(call::call_sid.eq(sid))
            .select((call::id, call::direction, call::status, call::duration_secs))
            .load(&mut conn)
            .await
            .expect("calls")
    }
}

fn refusal(message: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>{message}</Say><Hangup/></Response>"#
    )
}

#[tokio::test]
async fn a_browser_call_is_recorded_on_two_channels_and_dialled_from_the_organizations_number() {
    let o = setup().await;
    let sid = call_sid();

    let twiml = o.twiml(&o.params(&sid, "+1 415-555-0199", NUMBER)).await;

    let base = &o.app.base_url;
    assert_eq!(
        twiml,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Start><Recording track="both" channels="dual" recordingStatusCallback="{base}/twilio/recording"/></Start><Dial callerId="{NUMBER}" action="{base}/twilio/call-status" answerOnBridge="true"><Number>{CALLEE}</Number></Dial></Response>"#
        )
    );
    // One call, outbound and in progress, with the callee as a contact; Twilio asking again
    // (a retried webhook) makes no second one.
    let again = o.twiml(&o.params(&sid, CALLEE, NUMBER)).await;
    assert_eq!(again, twiml);
    let rows = o.calls_with_sid(&sid).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("outbound", "in-progress"));
    let details: CallDetails =
        json(o.owner.client.get(&format!("/api/calls/{}", rows[0].0)).await, StatusCode::OK).await;
    assert_eq!(
        (details.call.from_number.as_str(), details.call.to_number.as_str()),
        (NUMBER, CALLEE)
    );
    let contact: Contact = json(
        o.owner
            .client
            .get(&format!("/api/contacts/{}", details.call.contact_id.expect("contact")))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(contact.phones[0].number, CALLEE);
}

#[tokio::test]
async fn the_dial_pads_contact_is_linked_when_it_is_the_organizations() {
    let o = setup().await;
    let grace: Contact = json(
        o.owner
            .client
            .post(
                "/api/contacts",
                &json!({"first_name": "Grace", "phones": [{"number": "+14155550177"}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut params = o.params(&call_sid(), CALLEE, NUMBER);
    params.push(("ContactId".into(), grace.id.to_string()));
    o.twiml(&params).await;
    let sid = &params.iter().find(|(k, _)| k == "CallSid").expect("sid").1;
    let id = o.calls_with_sid(sid).await[0].0;
    let details: CallDetails =
        json(o.owner.client.get(&format!("/api/calls/{id}")).await, StatusCode::OK).await;
    assert_eq!(details.call.contact_id, Some(grace.id));

    // Another organization's contact id is not taken: the callee's number finds their own.
    let other = o.app.sign_up("Globex").await;
    let theirs: Contact = json(
        other.client.post("/api/contacts", &json!({"first_name": "Hal"})).await,
        StatusCode::CREATED,
    )
    .await;
    let mut params = o.params(&call_sid(), "+14155550166", NUMBER);
    params.push(("ContactId".into(), theirs.id.to_string()));
    o.twiml(&params).await;
    let sid = &params.iter().find(|(k, _)| k == "CallSid").expect("sid").1;
    let id = o.calls_with_sid(sid).await[0].0;
    let details: CallDetails =
        json(o.owner.client.get(&format!("/api/calls/{id}")).await, StatusCode::OK).await;
    assert_ne!(details.call.contact_id, Some(theirs.id));
    assert!(details.call.contact_id.is_some());
}

#[tokio::test]
async fn numbers_that_cant_be_dialled_or_arent_the_organizations_are_refused_in_words() {
    let o = setup().await;
    let other = o.app.sign_up("Globex").await;
    o.app.insert_phone(&other, "+14155550124").await;

    for to in ["+1415<Dial>5550199", "+1415&5550199", "\"+14155550199\"", "911", "client:ada", ""] {
        let sid = call_sid();
        let twiml = o.twiml(&o.params(&sid, to, NUMBER)).await;
        assert_eq!(
            twiml,
            refusal("Sorry, that number can&apos;t be dialled. Check it and try again. Goodbye."),
            "{to}"
        );
        assert!(o.calls_with_sid(&sid).await.is_empty(), "nothing recorded for {to}");
    }
    // Another organization's number, or one nobody has, as the caller ID.
    for caller_id in ["+14155550124", "+14155550100", "<Number>+1</Number>"] {
        let sid = call_sid();
        let twiml = o.twiml(&o.params(&sid, CALLEE, caller_id)).await;
        assert_eq!(
            twiml,
            refusal(
                "Sorry, calls can only be placed from one of your organization&apos;s numbers. Goodbye."
            ),
            "{caller_id}"
        );
        assert!(o.calls_with_sid(&sid).await.is_empty());
    }
    // A client that isn't one of the organization's members.
    let sid = call_sid();
    let mut params = o.params(&sid, CALLEE, NUMBER);
    params[3].1 = format!("client:user_{}", other.me.member.id);
    assert_eq!(o.twiml(&params).await, refusal("Sorry, this call can&apos;t be placed. Goodbye."));
    assert!(o.calls_with_sid(&sid).await.is_empty());
}

#[tokio::test]
async fn unsigned_outbound_and_status_webhooks_are_refused() {
    let o = setup().await;
    let sid = call_sid();
    let params = o.params(&sid, CALLEE, NUMBER);
    let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    error(
        post_form(&o.app, "/twilio/voice/outbound", &pairs, None).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let wrong = post_signed(&o.app, "/twilio/voice/outbound", &pairs, &"f".repeat(32)).await;
    error(wrong, StatusCode::FORBIDDEN, "invalid_signature").await;
    assert!(o.calls_with_sid(&sid).await.is_empty());
    let status = [
        ("AccountSid", o.account_sid.as_str()),
        ("CallSid", sid.as_str()),
        ("DialCallStatus", "completed"),
    ];
    error(
        post_form(&o.app, "/twilio/call-status", &status, None).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
}

#[tokio::test]
async fn the_dialled_calls_end_is_recorded_once() {
    let o = setup().await;
    let sid = call_sid();
    o.twiml(&o.params(&sid, CALLEE, NUMBER)).await;
    let status = |dial: &str, duration: &str| {
        vec![
            ("AccountSid".to_string(), o.account_sid.clone()),
            ("CallSid".to_string(), sid.clone()),
            ("CallStatus".to_string(), "in-progress".to_string()),
            ("DialCallStatus".to_string(), dial.to_string()),
            ("DialCallDuration".to_string(), duration.to_string()),
        ]
    };

    // Not an end yet: nothing changes.
    let res = o.post("/twilio/call-status", &status("in-progress", "")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(o.calls_with_sid(&sid).await[0].2, "in-progress");

    let res = o.post("/twilio/call-status", &status("completed", "42")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.text().await.expect("TwiML"),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
    );
    let row = &o.calls_with_sid(&sid).await[0];
    assert_eq!((row.2.as_str(), row.3), ("completed", Some(42)));

    // Repeated, or a different story afterwards: the first end stands.
    o.post("/twilio/call-status", &status("completed", "42")).await;
    o.post("/twilio/call-status", &status("busy", "0")).await;
    let row = &o.calls_with_sid(&sid).await[0];
    assert_eq!((row.2.as_str(), row.3), ("completed", Some(42)));

    // Each of Twilio's other ends.
    for end in ["busy", "no-answer", "failed", "canceled"] {
        let sid = call_sid();
        o.twiml(&o.params(&sid, CALLEE, NUMBER)).await;
        let mut params = status(end, "0");
        params[1].1 = sid.clone();
        o.post("/twilio/call-status", &params).await;
        assert_eq!(o.calls_with_sid(&sid).await[0].2, end);
    }

    // Another organization's token can't speak for this call.
    let other = o.app.sign_up("Globex").await;
    let (_, other_token) = {
        let twilio = FakeTwilio::start().await;
        twilio.add_account("Globex's own")
    };
    let _ = other;
    let pairs: Vec<(String, String)> = status("failed", "0");
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = post_signed(&o.app, "/twilio/call-status", &pairs, &other_token).await;
    error(res, StatusCode::FORBIDDEN, "invalid_signature").await;
    assert_eq!(o.calls_with_sid(&sid).await[0].2, "completed");
    // A malformed duration is the form's fault: exactly what the spec's pattern refuses.
    for malformed in ["soon", "+42", "-1", "1234567890"] {
        let res = o.post("/twilio/call-status", &status("completed", malformed)).await;
        error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
    }
}

#[tokio::test]
async fn a_replayed_outbound_webhook_for_a_finished_call_dials_nothing() {
    let o = setup().await;
    let sid = call_sid();
    let params = o.params(&sid, CALLEE, NUMBER);
    o.twiml(&params).await;
    let end = [
        ("AccountSid".to_string(), o.account_sid.clone()),
        ("CallSid".to_string(), sid.clone()),
        ("DialCallStatus".to_string(), "completed".to_string()),
        ("DialCallDuration".to_string(), "42".to_string()),
    ];
    assert_eq!(o.post("/twilio/call-status", &end).await.status(), StatusCode::OK);

    let replayed = o.twiml(&params).await;

    assert_eq!(
        replayed, r#"<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>"#,
        "no second <Dial> for a call that is over"
    );
    let rows = o.calls_with_sid(&sid).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].2.as_str(), rows[0].3), ("completed", Some(42)), "the call stays over");
}
