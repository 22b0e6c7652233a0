//! The realtime bridge end to end: the fake Twilio media stream (this test, as Twilio) ⇄ Loquent
//! ⇄ a fake OpenAI Realtime provider.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use loquent_shared::{CallPage, CallStatus};
use loquent_tests::agent_line::{AgentLine, CALLER, agent, both_tools};
use loquent_tests::client::json;
use loquent_tests::fakes::realtime::FakeRealtime;
use loquent_tests::fixtures::{eventually, post_signed};
use loquent_tests::media_stream::MediaStream;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

struct Bridge {
    realtime: FakeRealtime,
    line: AgentLine,
}

impl std::ops::Deref for Bridge {
    type Target = AgentLine;
    fn deref(&self) -> &AgentLine {
        &self.line
    }
}

async fn bridge() -> Bridge {
    bridge_with(&[]).await
}

async fn bridge_with(extra: &[(&str, &str)]) -> Bridge {
    let realtime = FakeRealtime::start().await;
    let mut vars = vec![
        ("OPENAI_BASE_URL", realtime.base_url.as_str()),
        ("OPENAI_API_KEY", realtime.api_key.as_str()),
    ];
    vars.extend_from_slice(extra);
    let line =
        AgentLine::start(&vars, &agent("openai", "semantic_vad", "high", both_tools())).await;
    Bridge { realtime, line }
}

/// One simulated call: Twilio's side of the media stream, and the provider connection it got.
struct Caller {
    stream: MediaStream,
    conn: usize,
}

impl std::ops::Deref for Caller {
    type Target = MediaStream;
    fn deref(&self) -> &MediaStream {
        &self.stream
    }
}

impl std::ops::DerefMut for Caller {
    fn deref_mut(&mut self) -> &mut MediaStream {
        &mut self.stream
    }
}

impl Bridge {
    async fn call(&self) -> Caller {
        self.call_as(format!("CA{}", uuid::Uuid::new_v4().simple())).await
    }

    /// Twilio asking what to do with call `call_sid`, as it does before opening the stream.
    async fn voice_webhook(&self, call_sid: &str) {
        let params = [
            ("AccountSid", self.own.account_sid.as_str()),
            ("CallSid", call_sid),
            ("From", CALLER),
            ("To", self.own.phone.number.as_str()),
        ];
        let response = post_signed(&self.app, "/twilio/voice", &params, &self.own.token).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn call_as(&self, call_sid: String) -> Caller {
        let stream = MediaStream::open_call(&self.dial(), call_sid).await;
        let before = self.realtime.connections();
        let conn = self.realtime.wait_for_session(WAIT).await.expect("a provider session");
        assert!(conn >= before.saturating_sub(1));
        Caller { stream, conn }
    }

    async fn calls(&self) -> CallPage {
        json(self.owner.client.get("/api/calls").await, StatusCode::OK).await
    }
}

#[tokio::test]
async fn audio_flows_both_ways_untouched_and_the_session_carries_the_agent() {
    let b = bridge().await;
    let mut caller = b.call().await;

    let mut sent = Vec::new();
    for chunk in 0..50 {
        let frame: Vec<u8> = (0..160).map(|i| ((chunk * 7 + i) % 255) as u8).collect();
        caller.send_audio(&frame).await;
        sent.extend(frame);
    }
    assert!(
        b.realtime.wait_for_audio(caller.conn, sent.len(), WAIT).await,
        "caller audio reached the provider"
    );
    assert_eq!(b.realtime.received_audio(caller.conn), sent, "byte-exact µ-law passthrough");

    let session = b.realtime.session(caller.conn).expect("session.update");
    assert_eq!(session["audio"]["input"]["format"]["type"], "audio/pcmu");
    assert_eq!(session["audio"]["output"]["format"]["type"], "audio/pcmu");
    assert_eq!(session["audio"]["output"]["voice"], "marin");
    // The agent's own instructions first; the business's profile follows (see `profile.rs`).
    let instructions = session["instructions"].as_str().expect("instructions");
    assert!(instructions.starts_with("You answer for Acme Dental.\n\nAbout the business"));
    assert_eq!(session["audio"]["input"]["turn_detection"]["type"], "semantic_vad");
    let tools: Vec<&str> = session["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(tools, ["end_call", "transfer_call"]);
    assert_eq!(b.realtime.query(caller.conn), "model=gpt-realtime");

    b.realtime.speak(caller.conn, 10, 160, 0x55, None).await;
    let mut heard = Vec::new();
    let mut marks = 0;
    while heard.len() < 1600 {
        let msg = caller.next(WAIT).await.expect("model audio");
        match msg["event"].as_str() {
            Some("media") => {
                assert_eq!(msg["streamSid"], caller.stream_sid.as_str());
                heard.extend(
                    STANDARD
                        .decode(msg["media"]["payload"].as_str().expect("payload"))
                        .expect("base64"),
                );
            }
            Some("mark") => marks += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(heard, vec![0x55u8; 1600], "model audio reached the caller untouched");
    assert!(marks >= 9, "each chunk is followed by a mark");
}

#[tokio::test]
async fn barge_in_clears_twilio_and_truncates_at_what_was_heard() {
    let b = bridge().await;
    let mut caller = b.call().await;
    let item = b.realtime.speak_partially(caller.conn, 5, 160).await;
    let mut marks = Vec::new();
    while marks.len() < 5 {
        let msg = caller.next(WAIT).await.expect("audio and marks");
        if msg["event"] == "mark" {
            marks.push(msg["mark"]["name"].as_str().expect("name").to_string());
        }
    }
    // Twilio has played two chunks (40 ms) when the caller starts talking.
    for name in &marks[..2] {
        caller.echo_mark(name).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;

    b.realtime.speech_started(caller.conn).await;

    let clear = caller.next(WAIT).await.expect("clear");
    assert_eq!(clear, json!({"event": "clear", "streamSid": caller.stream_sid}));
    let truncate = b
        .realtime
        .wait_for_event(caller.conn, "conversation.item.truncate", 0, WAIT)
        .await
        .expect("truncate");
    assert_eq!(truncate["item_id"], item.as_str());
    assert_eq!(
        truncate["audio_end_ms"], 40,
        "truncated at what the caller heard, not what was sent"
    );
    // The rest of the interrupted response is not played.
    b.realtime.finish_speaking(caller.conn, 5).await;
    let after = caller.next(Duration::from_millis(500)).await;
    assert!(after.is_none(), "no audio sent while interrupted: {after:?}");
}

#[tokio::test]
async fn end_call_hangs_up_through_twilio() {
    let b = bridge().await;
    let mut caller = b.call().await;

    b.realtime.call_tool(caller.conn, "end_call", json!({})).await;

    eventually(10, "the hang-up", || async { !b.twilio.call_updates().is_empty() }).await;
    let update = &b.twilio.call_updates()[0];
    assert_eq!(update.call_sid, caller.call_sid);
    assert!(update.form.contains(&("Status".to_string(), "completed".to_string())));
    assert!(
        b.realtime.wait_closed(caller.conn, Duration::from_secs(2)).await,
        "the provider session closed with the call"
    );
    assert!(caller.closed_by_server(WAIT).await);
    eventually(10, "the call to end", || async {
        b.calls().await.items[0].status == CallStatus::Completed
    })
    .await;
}

#[tokio::test]
async fn transfer_call_dials_the_destination_with_our_number_as_caller_id() {
    let b = bridge().await;
    let caller = b.call().await;

    b.realtime.call_tool(caller.conn, "transfer_call", json!({"destination": "Billing"})).await;

    eventually(10, "the transfer", || async { !b.twilio.call_updates().is_empty() }).await;
    let update = &b.twilio.call_updates()[0];
    assert_eq!(update.call_sid, caller.call_sid);
    let twiml =
        update.form.iter().find(|(k, _)| k == "Twiml").map(|(_, v)| v.clone()).expect("Twiml");
    assert!(
        twiml.contains(r#"<Dial callerId="+14155550123"><Number>+14155550100</Number></Dial>"#),
        "{twiml}"
    );
    assert!(b.realtime.wait_closed(caller.conn, Duration::from_secs(2)).await);
}

#[tokio::test]
async fn an_unknown_destination_is_reported_back_to_the_model() {
    let b = bridge().await;
    let caller = b.call().await;
    let call_id = b
        .realtime
        .call_tool(caller.conn, "transfer_call", json!({"destination": "The Moon"}))
        .await;
    let output = b
        .realtime
        .wait_for_event(caller.conn, "conversation.item.create", 0, WAIT)
        .await
        .expect("tool output");
    assert_eq!(output["item"]["call_id"], call_id.as_str());
    assert!(
        output["item"]["output"].as_str().unwrap_or_default().contains("no destination"),
        "{output}"
    );
    assert!(b.realtime.wait_for_event(caller.conn, "response.create", 0, WAIT).await.is_some());
    assert!(b.twilio.call_updates().is_empty(), "nothing was dialled");
}

#[tokio::test]
async fn a_caller_hanging_up_closes_the_provider_within_a_second() {
    let b = bridge().await;
    let mut caller = b.call().await;
    caller.send_audio(&[0xff; 160]).await;

    caller.stop().await;

    assert!(
        b.realtime.wait_closed(caller.conn, Duration::from_secs(1)).await,
        "no provider session left billing"
    );
    eventually(10, "the call to end", || async { b.calls().await.items[0].ended_at.is_some() })
        .await;
    assert_eq!(b.calls().await.items[0].status, CallStatus::Completed);
    assert!(b.twilio.call_updates().is_empty(), "the caller already hung up: nothing to end");
}

#[tokio::test]
async fn a_provider_dropping_out_ends_the_call_with_an_apology() {
    let b = bridge().await;
    let mut caller = b.call().await;

    b.realtime.drop_connection(caller.conn).await;

    eventually(10, "the call to be ended through Twilio", || async {
        !b.twilio.call_updates().is_empty()
    })
    .await;
    let update = &b.twilio.call_updates()[0];
    assert_eq!(update.call_sid, caller.call_sid);
    let twiml =
        update.form.iter().find(|(k, _)| k == "Twiml").map(|(_, v)| v.clone()).expect("Twiml");
    assert!(twiml.contains("<Say>Sorry") && twiml.ends_with("<Hangup/></Response>"), "{twiml}");
    assert!(caller.closed_by_server(WAIT).await);
    eventually(10, "the call to be marked failed", || async {
        b.calls().await.items[0].status == CallStatus::Failed
    })
    .await;
}

#[tokio::test]
async fn fifty_concurrent_calls_stay_apart() {
    let b = bridge().await;
    let mut callers = Vec::new();
    for _ in 0..50 {
        callers.push(b.call().await);
    }
    for (n, caller) in callers.iter_mut().enumerate() {
        for _ in 0..5 {
            caller.send_audio(&[n as u8; 160]).await;
        }
    }
    for (n, caller) in callers.iter().enumerate() {
        assert!(b.realtime.wait_for_audio(caller.conn, 800, WAIT).await, "call {n}");
        assert_eq!(
            b.realtime.received_audio(caller.conn),
            vec![n as u8; 800],
            "call {n} got only its own audio"
        );
    }
    let ids: std::collections::HashSet<usize> = callers.iter().map(|c| c.conn).collect();
    assert_eq!(ids.len(), 50, "one provider session per call");
    for caller in &mut callers {
        caller.stop().await;
    }
    for caller in &callers {
        assert!(b.realtime.wait_closed(caller.conn, Duration::from_secs(5)).await);
    }
}

#[tokio::test]
async fn the_voice_webhook_opens_the_provider_session_and_the_stream_picks_it_up() {
    let b = bridge().await;
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    b.voice_webhook(&call_sid).await;
    // Before Twilio has even opened the stream, the agent's session is configured.
    eventually(10, "an early session", || async {
        b.realtime.connections() == 1 && b.realtime.session(0).is_some()
    })
    .await;
    let early = 0;
    let session = b.realtime.session(early).expect("session.update");
    let instructions = session["instructions"].as_str().expect("instructions");
    assert!(instructions.starts_with("You answer for Acme Dental.\n\n"), "{instructions}");

    let mut caller = b.call_as(call_sid).await;
    assert_eq!(caller.conn, early, "the stream took the early session");
    assert_eq!(b.realtime.connections(), 1, "and opened none of its own");
    caller.send_audio(&[0x11; 160]).await;
    assert!(b.realtime.wait_for_audio(early, 160, WAIT).await, "caller audio flows on it");
    b.realtime.speak(early, 1, 160, 0x55, None).await;
    assert_eq!(caller.next(WAIT).await.expect("model audio")["event"], "media");
    caller.stop().await;
    assert!(b.realtime.wait_closed(early, Duration::from_secs(1)).await, "closed with the call");
}

#[tokio::test]
async fn an_early_session_no_stream_picks_up_is_closed() {
    let b = bridge_with(&[("EARLY_SESSION_SECS", "1")]).await;
    b.voice_webhook(&format!("CA{}", uuid::Uuid::new_v4().simple())).await;
    let conn = b.realtime.wait_for_session(WAIT).await.expect("an early session");
    assert!(b.realtime.wait_closed(conn, Duration::from_secs(5)).await, "closed unclaimed");
    assert_eq!(b.app.state.early_sessions.len(), 0, "and forgotten");

    // A stream that comes anyway opens a session of its own.
    let caller = b.call().await;
    assert_ne!(caller.conn, conn);
}

#[tokio::test]
async fn early_sessions_can_be_turned_off() {
    let b = bridge_with(&[("EARLY_SESSION_SECS", "0")]).await;
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    b.voice_webhook(&call_sid).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(b.realtime.connections(), 0, "nothing opened at the webhook");
    let caller = b.call_as(call_sid).await;
    assert_eq!(caller.conn, 0, "the stream opened the session");
}

#[tokio::test]
async fn an_early_session_for_an_agent_the_number_no_longer_has_is_not_used() {
    let b = bridge().await;
    let call_sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    b.voice_webhook(&call_sid).await;
    eventually(10, "an early session", || async {
        b.realtime.connections() == 1 && b.realtime.session(0).is_some()
    })
    .await;

    let other: Value = json(
        b.owner
            .client
            .post("/api/agents", &json!({"name": "Night line", "instructions": "We are closed."}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let assign =
        format!("/api/phones/{}/agent/{}", b.own.phone.id, other["id"].as_str().expect("id"));
    let assigned = b.owner.client.request(Method::PUT, &assign).send().await.expect("PUT");
    assert!(assigned.status().is_success());

    let _caller = b.call_as(call_sid).await;
    eventually(10, "a session of the new agent's own", || async {
        b.realtime.connections() == 2 && b.realtime.session(1).is_some()
    })
    .await;
    let session = b.realtime.session(1).expect("session.update");
    let instructions = session["instructions"].as_str().expect("instructions");
    assert!(instructions.starts_with("We are closed.\n\n"), "{instructions}");
    assert!(b.realtime.wait_closed(0, Duration::from_secs(2)).await, "the early one is closed");
    assert!(!b.realtime.is_closed(1), "the call goes on with the new one");
}
