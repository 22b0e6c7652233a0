//! No secret reaches a log line or a response that isn't meant to hand it over. The server logs
//! through its production layer (`LOG_FORMAT=json`) into memory while a whole working day runs
//! against it: sign-up, an API key, a customer's own Twilio account, a number bought, a call
//! answered by an agent over the media stream, its recording processed, sign-in and out, a
//! password reset and an invitation, with the usual mistakes along the way. Then every line and
//! every response is searched for every secret handled.

use std::time::Duration;

use base64::Engine;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::config::LogFormat;
use loquent_server::db::schema::{job, mail_message};
use loquent_server::telemetry::DEFAULT_FILTER;
use loquent_shared::{CallPage, CallStatus, CreatedApiKey, Me, Phone};
use loquent_tests::agent_line::agent;
use loquent_tests::fakes::gemini::FakeGemini;
use loquent_tests::fakes::openai::FakeOpenAi;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{eventually, post_signed};
use loquent_tests::leaks::{Exchanges, LogBuffer, Received, Secrets, log_leaks};
use loquent_tests::media_stream::{Dial, MediaStream};
use loquent_tests::{ApiClient, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(15);
const PASSWORD: &str = "staple battery horse correct";
const WRONG_PASSWORD: &str = "my-other-sites-password";
const NEW_PASSWORD: &str = "remembered at long last";
const INVITEE_PASSWORD: &str = "the invitee's own secret";
const NUMBER: &str = "+14155550123";
const CALLER: &str = "+14155550199";

/// What the responses that exist to hand a secret over carry.
const API_KEY: &str = "API key secret";
const SESSION: &str = "session cookie";

fn decode<T: serde::de::DeserializeOwned>(what: &str, r: &Received, status: StatusCode) -> T {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{what}: {e}: {}", r.body))
}

async fn link_token(app: &TestApp, kind: &str, to: &str) -> String {
    let mut conn = app.conn().await;
    let text: String = mail_message::table
        .filter(mail_message::kind.eq(kind))
        .filter(mail_message::to_address.eq(to))
        .order(mail_message::created_at.desc())
        .select(mail_message::text_body)
        .first(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("no {kind} mail to {to}: {e}"));
    let (_, after) = text.split_once("#token=").expect("a link with #token=");
    after.split_whitespace().next().expect("the token").to_string()
}

/// Every job has run, and succeeded.
async fn jobs_settled(app: &TestApp) -> bool {
    let mut conn = app.conn().await;
    let statuses: Vec<String> = job::table.select(job::status).load(&mut conn).await.expect("jobs");
    !statuses.is_empty() && statuses.iter().all(|s| s == "done")
}

#[tokio::test]
async fn no_secret_reaches_a_log_line_or_a_response_body() {
    // Production's level, with Loquent's own debug lines too: a superset of what production
    // writes, in its exact JSON format.
    let log =
        LogBuffer::install(LogFormat::Json, &format!("{DEFAULT_FILTER},loquent_server=debug"));
    let mut secrets = Secrets::default();
    let seen = Exchanges::default();

    let twilio = FakeTwilio::start().await;
    twilio.add_available_number(NUMBER, "San Francisco", "CA");
    let openai = FakeOpenAi::start().await;
    openai.set_transcript("Caller: Hi, this is Grace Hopper, I'd like to move my cleaning.");
    openai.respond_when(
        "extract who the caller is",
        r#"{"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.com"}"#,
    );
    openai.respond_when("list the follow-ups", r#"{"todos": []}"#);
    let gemini = FakeGemini::start().await;
    let secret_key = hex::encode(rand_bytes());
    let app = TestApp::spawn_with_fakes(
        &twilio,
        &openai,
        &[
            ("LOG_FORMAT", "json"),
            ("LOQUENT_SECRET_KEY", &secret_key),
            ("GEMINI_BASE_URL", &gemini.base_url),
            ("GEMINI_API_KEY", &gemini.api_key),
        ],
    )
    .await;
    secrets.add("LOQUENT_SECRET_KEY", &secret_key);
    secrets.add("Loquent's own Twilio auth token", &twilio.main_auth_token);
    secrets.add("OpenAI API key", &openai.api_key);
    secrets.add("Gemini API key", &gemini.api_key);
    secrets.add("password", PASSWORD);
    secrets.add("mistyped password", WRONG_PASSWORD);
    secrets.add("new password", NEW_PASSWORD);
    secrets.add("invitee's password", INVITEE_PASSWORD);

    // Sign-up, with a session cookie.
    let owner = app.client();
    let email = format!("owner-{}@acme.example.com", uuid::Uuid::new_v4().simple());
    let body = json!({"name": "Ada Owner", "email": email, "password": PASSWORD,
        "organization_name": "Acme Dental"});
    let r = seen
        .record_carrying(
            "POST /api/auth/signup",
            owner.post("/api/auth/signup", &body).await,
            &[SESSION],
        )
        .await;
    let _: Me = decode("sign-up", &r, StatusCode::CREATED);
    let short = json!({"name": "X", "email": "x@example.com", "password": "short",
        "organization_name": "X"});
    seen.record(
        "POST /api/auth/signup (short password)",
        owner.post("/api/auth/signup", &short).await,
    )
    .await;

    // An API key, used, and a mistyped one.
    let r = seen
        .record_carrying(
            "POST /api/api-keys",
            owner.post("/api/api-keys", &json!({"name": "CRM sync"})).await,
            &[API_KEY],
        )
        .await;
    let key: CreatedApiKey = decode("creating an API key", &r, StatusCode::CREATED);
    secrets.add(API_KEY, &key.secret);
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);
    let r = seen.record("GET /api/me (API key)", integration.get("/api/me").await).await;
    assert_eq!(r.status, StatusCode::OK);
    seen.record("GET /api/api-keys (API key)", integration.get("/api/api-keys").await).await;
    let mistyped = format!("{}x", &key.secret[..key.secret.len() - 1]);
    secrets.add("mistyped API key", &mistyped);
    let wrong = ApiClient::with_bearer(&app.base_url, &mistyped);
    let r = seen.record("GET /api/me (mistyped key)", wrong.get("/api/me").await).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // The customer's own Twilio account: a wrong token first, then the right one.
    let (account_sid, token) = twilio.add_account("Acme's own");
    secrets.add("customer's Twilio auth token", &token);
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{account_sid}:{token}"));
    secrets.add("customer's Twilio Basic credentials", basic);
    let wrong_token = "0123456789abcdef0123456789abcdef".to_string();
    secrets.add("mistyped Twilio auth token", &wrong_token);
    for (what, auth_token) in [("wrong token", &wrong_token), ("right token", &token)] {
        let res = owner
            .request(Method::PUT, "/api/twilio/settings")
            .json(&json!({"account_sid": account_sid, "auth_token": auth_token}))
            .send()
            .await
            .expect("PUT");
        seen.record(&format!("PUT /api/twilio/settings ({what})"), res).await;
    }
    seen.record("GET /api/twilio/settings", owner.get("/api/twilio/settings").await).await;

    // A number bought, answered by a Gemini agent.
    let r = seen
        .record(
            "POST /api/twilio/buy-phone-number",
            owner.post("/api/twilio/buy-phone-number", &json!({"phone_number": NUMBER})).await,
        )
        .await;
    let phone: Phone = decode("buying a number", &r, StatusCode::CREATED);
    let tools = json!({"end_call": true, "transfer_call": []});
    let r = seen
        .record(
            "POST /api/agents",
            owner.post("/api/agents", &agent("gemini", "server_vad", "auto", tools)).await,
        )
        .await;
    let created: serde_json::Value = decode("creating an agent", &r, StatusCode::CREATED);
    let assign = format!("/api/phones/{}/agent/{}", phone.id, created["id"].as_str().expect("id"));
    let res = owner.request(Method::PUT, &assign).send().await.expect("PUT");
    seen.record("PUT /api/phones/{id}/agent/{id}", res).await;

    // A call: Twilio asks the voice webhook, then streams the caller to the agent.
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    let params = [
        ("AccountSid", account_sid.as_str()),
        ("CallSid", call_sid.as_str()),
        ("From", CALLER),
        ("To", NUMBER),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
    ];
    let r = seen
        .record("POST /twilio/voice", post_signed(&app, "/twilio/voice", &params, &token).await)
        .await;
    assert!(r.body.contains("<Stream"), "{}", r.body);
    seen.record(
        "POST /twilio/voice (wrongly signed)",
        post_signed(&app, "/twilio/voice", &params, &wrong_token).await,
    )
    .await;
    let dial = Dial {
        app: &app,
        phone_id: phone.id,
        number: NUMBER,
        account_sid: &account_sid,
        token: &token,
        from: CALLER,
    };
    let mut stream = MediaStream::open_call(&dial, call_sid.clone()).await;
    let conn = gemini.wait_for_session(WAIT).await.expect("a Gemini session");
    stream.stream_audio(&[0xFF; 160 * 25], None).await;
    assert!(gemini.wait_for_audio(conn, 1000, WAIT).await, "the caller reached the agent");
    stream.stop().await;
    eventually(15, "the call to end", || async {
        let page: CallPage =
            serde_json::from_str(&owner.get("/api/calls").await.text().await.expect("body"))
                .expect("calls");
        matches!(page.items.as_slice(), [c, ..] if c.status == CallStatus::Completed)
    })
    .await;

    // Its recording, processed.
    let audio: Vec<u8> = b"ID3\x04\x00\x00\x00\x00\x00\x00"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 251) as u8))
        .collect();
    let recording_sid = twilio.add_recording(&account_sid, &audio);
    let params = [
        ("AccountSid", account_sid.as_str()),
        ("CallSid", call_sid.as_str()),
        ("RecordingSid", recording_sid.as_str()),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "2"),
        ("RecordingChannels", "1"),
    ];
    let r = seen
        .record(
            "POST /twilio/recording",
            post_signed(&app, "/twilio/recording", &params, &token).await,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    eventually(30, "the post-call jobs to run", || jobs_settled(&app)).await;
    let page: CallPage = serde_json::from_str(
        &seen.record("GET /api/calls", owner.get("/api/calls").await).await.body,
    )
    .expect("calls");
    let call = &page.items[0];
    seen.record("GET /api/calls/{id}", owner.get(&format!("/api/calls/{}", call.id)).await).await;

    // An invitation, previewed and accepted by a new person.
    let invitee = format!("fran-{}@example.com", uuid::Uuid::new_v4().simple());
    let r = seen
        .record(
            "POST /api/invitations",
            owner.post("/api/invitations", &json!({"email": invitee, "role": "member"})).await,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let invitation = link_token(&app, "invitation", &invitee).await;
    secrets.add("invitation link token", &invitation);
    secrets.add("invitation link secret", invitation.split_once('.').expect("<id>.<secret>").1);
    let outbox = seen.record("GET /api/mail/outbox", owner.get("/api/mail/outbox").await).await;
    let outbox: serde_json::Value = decode("the outbox", &outbox, StatusCode::OK);
    for message in outbox["items"].as_array().expect("items") {
        let path = format!("/api/mail/outbox/{}", message["id"].as_str().expect("id"));
        seen.record("GET /api/mail/outbox/{id}", owner.get(&path).await).await;
    }
    let browser = app.client();
    seen.record(
        "POST /api/auth/invitation",
        browser.post("/api/auth/invitation", &json!({"token": invitation})).await,
    )
    .await;
    let body = json!({"token": invitation, "name": "Fran Desk", "password": INVITEE_PASSWORD});
    let r = seen
        .record_carrying(
            "POST /api/auth/invitation/accept",
            browser.post("/api/auth/invitation/accept", &body).await,
            &[SESSION],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    seen.record(
        "POST /api/auth/invitation/accept (again)",
        app.client().post("/api/auth/invitation/accept", &body).await,
    )
    .await;

    // Signing out and in, with a mistyped password first.
    seen.record("POST /api/auth/logout", owner.post_empty("/api/auth/logout").await).await;
    let wrong = json!({"email": email, "password": WRONG_PASSWORD});
    seen.record("POST /api/auth/login (wrong)", owner.post("/api/auth/login", &wrong).await).await;
    let right = json!({"email": email, "password": PASSWORD});
    let r = seen
        .record_carrying(
            "POST /api/auth/login",
            owner.post("/api/auth/login", &right).await,
            &[SESSION],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    seen.record("GET /api/account/sessions", owner.get("/api/account/sessions").await).await;

    // A forgotten password, reset through its link (a tampered link first).
    let r = seen
        .record(
            "POST /api/auth/password-reset",
            app.client().post("/api/auth/password-reset", &json!({"email": email})).await,
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let reset = link_token(&app, "password_reset", &email).await;
    secrets.add("password reset link token", &reset);
    secrets.add("password reset link secret", reset.split_once('.').expect("<id>.<secret>").1);
    let tampered = format!("{}x", &reset[..reset.len() - 1]);
    let confirm = "/api/auth/password-reset/confirm";
    seen.record(
        "POST /api/auth/password-reset/confirm (tampered)",
        app.client().post(confirm, &json!({"token": tampered, "password": NEW_PASSWORD})).await,
    )
    .await;
    let r = seen
        .record_carrying(
            "POST /api/auth/password-reset/confirm",
            app.client().post(confirm, &json!({"token": reset, "password": NEW_PASSWORD})).await,
            &[SESSION],
        )
        .await;
    assert!(r.status.is_success(), "{}: {}", r.status, r.body);
    // The session the reset ended, tried again.
    seen.record("GET /api/me (signed out everywhere)", owner.get("/api/me").await).await;

    for token in seen.session_tokens() {
        secrets.add(SESSION, token);
    }
    // Let the last lines (access lines, jobs) be written.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(stream);
    let lines = log.lines();
    assert!(
        lines.iter().filter(|l| l.contains("request finished")).count() >= seen.len(),
        "every request was logged ({} lines)",
        lines.len()
    );
    assert!(
        lines.iter().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
        "every line is JSON"
    );

    let mut leaks = log_leaks(&lines, &secrets);
    leaks.extend(seen.leaks(&secrets));

    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(16) {
        chunk.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    bytes
}
