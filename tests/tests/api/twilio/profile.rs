//! The organization's profile reaches its agent: at the start of every call, the provider is
//! told the agent's instructions followed by the business's name, description, address,
//! website, opening hours and local time — with OpenAI and with Gemini, whether the session was
//! opened early at the voice webhook or by the media stream.

use std::time::Duration;

use loquent_shared::Organization;
use loquent_tests::agent_line::{AgentLine, CALLER, agent, both_tools};
use loquent_tests::client::json;
use loquent_tests::fakes::gemini::FakeGemini;
use loquent_tests::fakes::realtime::FakeRealtime;
use loquent_tests::fixtures::{eventually, post_signed};
use loquent_tests::media_stream::MediaStream;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

/// A whole profile, its hours in no particular order.
fn acme_profile() -> Value {
    json!({
        "timezone": "America/New_York",
        "description": "Family dental practice:\ncheckups, cleanings and emergencies.",
        "address": "12 Harbor Street, Boston, MA 02110",
        "website": "https://acme-dental.example",
        "hours": [
            {"day": "saturday", "opens": "09:00", "closes": "12:00"},
            {"day": "monday", "opens": "13:00", "closes": "17:00"},
            {"day": "monday", "opens": "08:00", "closes": "12:00"},
            {"day": "friday", "opens": "08:00", "closes": "16:00"}
        ]
    })
}

/// What the agent must be told of [`acme_profile`], line by line.
const ACME_LINES: [&str; 9] = [
    "- Name: Acme Dental",
    "- Description: Family dental practice: checkups, cleanings and emergencies.",
    "- Address: 12 Harbor Street, Boston, MA 02110",
    "- Website: https://acme-dental.example",
    "- Opening hours (time zone America/New_York):",
    "  - Monday: 08:00–12:00, 13:00–17:00",
    "  - Tuesday: closed",
    "  - Friday: 08:00–16:00",
    "  - Saturday: 09:00–12:00",
];

async fn set_profile(who: &SignedIn, body: &Value) {
    let res = who
        .client
        .request(Method::PATCH, "/api/organization")
        .json(body)
        .send()
        .await
        .expect("PATCH");
    json::<Organization>(res, StatusCode::OK).await;
}

/// Another organization on the same server, with a profile of its own that must never leak.
async fn globex(app: &TestApp) {
    let globex = app.sign_up("Globex Plumbing").await;
    set_profile(&globex, &json!({"address": "1 Globex Way, Springfield", "description": "Pipes."}))
        .await;
}

fn assert_told_the_profile(instructions: &str) {
    assert!(
        instructions
            .starts_with("You answer for Acme Dental.\n\nAbout the business you answer for:\n"),
        "the agent's own instructions first: {instructions}"
    );
    let lines: Vec<&str> = instructions.lines().collect();
    for expected in ACME_LINES {
        assert!(lines.contains(&expected), "no {expected:?} in:\n{instructions}");
    }
    let now = lines.last().copied().unwrap_or_default();
    assert!(
        now.starts_with("- The local time now is ") && now.ends_with(" (America/New_York)."),
        "{now}"
    );
    assert!(!instructions.contains("Globex"), "another organization's profile: {instructions}");
}

/// Twilio asking the voice webhook about call `call_sid`: the agent's session opens early.
async fn voice_webhook(line: &AgentLine, call_sid: &str) {
    let params = [
        ("AccountSid", line.own.account_sid.as_str()),
        ("CallSid", call_sid),
        ("From", CALLER),
        ("To", line.own.phone.number.as_str()),
    ];
    let res = post_signed(&line.app, "/twilio/voice", &params, &line.own.token).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_openai_agent_is_told_the_business_profile_at_the_start_of_each_call() {
    let realtime = FakeRealtime::start().await;
    let vars = [
        ("OPENAI_BASE_URL", realtime.base_url.as_str()),
        ("OPENAI_API_KEY", realtime.api_key.as_str()),
    ];
    let line =
        AgentLine::start(&vars, &agent("openai", "semantic_vad", "high", both_tools())).await;
    globex(&line.app).await;
    set_profile(&line.owner, &acme_profile()).await;

    // The session the voice webhook opens early, before the stream.
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    voice_webhook(&line, &call_sid).await;
    eventually(10, "an early session", || async {
        realtime.connections() == 1 && realtime.session(0).is_some()
    })
    .await;
    let early = realtime.session(0).expect("session.update");
    assert_told_the_profile(early["instructions"].as_str().expect("instructions"));
    let mut first = MediaStream::open_call(&line.dial(), call_sid).await;
    first.stop().await;
    assert!(realtime.wait_closed(0, WAIT).await, "the call on the early session ended");
    assert_eq!(realtime.connections(), 1, "the stream took the early session");

    // The next call, opened by the stream alone, hears the profile as it is now.
    set_profile(&line.owner, &json!({"address": "9 Pier Road, Boston, MA 02210"})).await;
    let _second = line.stream().await;
    let conn = realtime.wait_for_session(WAIT).await.expect("a session");
    let session = realtime.session(conn).expect("session.update");
    let instructions = session["instructions"].as_str().expect("instructions");
    assert!(
        instructions.contains("\n- Address: 9 Pier Road, Boston, MA 02210\n"),
        "{instructions}"
    );
    assert!(!instructions.contains("Harbor Street"), "{instructions}");
}

#[tokio::test]
async fn a_gemini_agent_is_told_the_business_profile_at_the_start_of_each_call() {
    let gemini = FakeGemini::start().await;
    let vars = [
        ("GEMINI_BASE_URL", gemini.base_url.as_str()),
        ("GEMINI_API_KEY", gemini.api_key.as_str()),
    ];
    let tools = json!({"end_call": true, "transfer_call": []});
    let line = AgentLine::start(&vars, &agent("gemini", "server_vad", "auto", tools)).await;
    globex(&line.app).await;
    set_profile(&line.owner, &acme_profile()).await;

    let _stream = line.stream().await;

    let conn = gemini.wait_for_session(WAIT).await.expect("a Gemini session");
    assert_told_the_profile(&gemini.system_instruction(conn).expect("systemInstruction"));
}

#[tokio::test]
async fn with_no_profile_set_the_agent_is_told_the_name_and_the_local_time() {
    let realtime = FakeRealtime::start().await;
    let vars = [
        ("OPENAI_BASE_URL", realtime.base_url.as_str()),
        ("OPENAI_API_KEY", realtime.api_key.as_str()),
    ];
    let line = AgentLine::start(&vars, &agent("openai", "server_vad", "auto", both_tools())).await;

    let _stream = line.stream().await;

    let conn = realtime.wait_for_session(WAIT).await.expect("a session");
    let session = realtime.session(conn).expect("session.update");
    let instructions = session["instructions"].as_str().expect("instructions");
    let about: Vec<&str> = instructions.lines().skip(2).collect();
    assert_eq!(about.len(), 3, "{instructions}");
    assert_eq!(about[..2], ["About the business you answer for:", "- Name: Acme Dental"]);
    assert!(about[2].starts_with("- The local time now is ") && about[2].ends_with(" (UTC)."));
}
