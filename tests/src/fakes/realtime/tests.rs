//! The fake against a real WebSocket client (tokio-tungstenite), checked against the GA shapes of
//! `openai_openapi.yaml`.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{FakeRealtime, PARTIAL_SPEECH_BYTE, SPOKEN_TRANSCRIPT};
use crate::fakes::ws::test_client::{self, ClientWs, WAIT};

const SHORT: Duration = Duration::from_millis(50);

/// The events of a tool call, up to the end of its output item.
const TOOL_CALL_EVENTS: [&str; 7] = [
    "response.created",
    "response.output_item.added",
    "conversation.item.added",
    "response.function_call_arguments.delta",
    "response.function_call_arguments.done",
    "response.output_item.done",
    "conversation.item.done",
];

struct Client {
    ws: ClientWs,
}

fn url(fake: &FakeRealtime) -> String {
    format!("{}/realtime?model=gpt-realtime", fake.base_url.replacen("http://", "ws://", 1))
}

/// Opens a WebSocket with these headers; the HTTP status of a refused upgrade as `Err`.
async fn open(
    fake: &FakeRealtime,
    headers: &[(&'static str, &str)],
) -> Result<Client, (u16, String)> {
    test_client::open(&url(fake), headers).await.map(|ws| Client { ws })
}

/// A connection with the right key, its `session.created` read.
async fn connect(fake: &FakeRealtime) -> Client {
    let bearer = format!("Bearer {}", fake.api_key);
    let mut client = open(fake, &[("authorization", &bearer)]).await.expect("an accepted upgrade");
    assert_eq!(client.recv().await["type"], "session.created");
    client
}

fn ga_session(instructions: &str) -> Value {
    json!({
        "type": "realtime", "model": "gpt-realtime", "output_modalities": ["audio"],
        "audio": {"input": {"format": {"type": "audio/pcmu"}, "turn_detection": {"type": "server_vad"}},
                  "output": {"format": {"type": "audio/pcmu"}, "voice": "alloy"}},
        "instructions": instructions,
        "tools": [{"type": "function", "name": "book_appointment", "description": "Books a slot.",
                   "parameters": {"type": "object", "properties": {"date": {"type": "string"}}}}],
        "tool_choice": "auto",
    })
}

impl Client {
    async fn send(&mut self, event: Value) {
        self.ws.send(Message::text(event.to_string())).await.expect("sending to the fake");
    }

    /// The next server event (a text frame of JSON with a `type` and an `event_id`).
    async fn recv(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a server event in time")
                .expect("the socket still open")
                .expect("a WebSocket message");
            if let Message::Text(text) = message {
                let event: Value = serde_json::from_str(text.as_str()).expect("JSON");
                assert!(
                    event["event_id"].as_str().is_some_and(|id| id.starts_with("event_")),
                    "{event}"
                );
                return event;
            }
        }
    }

    /// Nothing arrives for a while.
    async fn silent(&mut self) -> bool {
        tokio::time::timeout(Duration::from_millis(100), self.ws.next()).await.is_err()
    }

    /// Server events up to and including the first of type `last`.
    async fn recv_until(&mut self, last: &str) -> Vec<Value> {
        let mut events = Vec::new();
        loop {
            let event = self.recv().await;
            let done = event["type"] == last;
            events.push(event);
            if done {
                return events;
            }
        }
    }

    async fn configure(&mut self, instructions: &str) -> Value {
        self.send(json!({"type": "session.update", "session": ga_session(instructions)})).await;
        let updated = self.recv().await;
        assert_eq!(updated["type"], "session.updated", "{updated}");
        updated
    }

    async fn append(&mut self, audio: &[u8]) {
        self.send(json!({"type": "input_audio_buffer.append", "audio": BASE64.encode(audio)}))
            .await;
    }
}

fn types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["type"].as_str().unwrap_or_default()).collect()
}

#[tokio::test]
async fn refuses_the_upgrade_without_the_right_bearer_key() {
    let fake = FakeRealtime::start().await;
    let (status, _) = open(&fake, &[]).await.err().expect("refused");
    assert_eq!(status, 401);
    let (status, body) =
        open(&fake, &[("authorization", "Bearer sk-wrong")]).await.err().expect("refused");
    assert_eq!(status, 401);
    let body: Value = serde_json::from_str(&body).expect("an OpenAI error body");
    assert_eq!(body["error"]["code"], "invalid_api_key");
    // The beta header would switch OpenAI to the beta dialect: refused too.
    let bearer = format!("Bearer {}", fake.api_key);
    let beta = [("authorization", bearer.as_str()), ("openai-beta", "realtime=v1")];
    assert_eq!(open(&fake, &beta).await.err().map(|e| e.0), Some(400));

    assert_eq!(fake.connections(), 3);
    assert_eq!(fake.auth_headers(), vec![None, Some("Bearer sk-wrong".into()), Some(bearer)]);
    assert_eq!(fake.refused(0), Some(401));
    assert!(fake.is_closed(0) && fake.is_closed(1) && fake.is_closed(2));
    assert_eq!(fake.wait_for_session(SHORT).await, None);
}

#[tokio::test]
async fn session_created_then_session_update_answers_session_updated() {
    let fake = FakeRealtime::start().await;
    let bearer = format!("Bearer {}", fake.api_key);
    let mut client = open(&fake, &[("authorization", &bearer)]).await.expect("accepted");
    let created = client.recv().await;
    assert_eq!(created["type"], "session.created");
    let session = &created["session"];
    assert_eq!(session["type"], "realtime");
    assert_eq!(session["object"], "realtime.session");
    assert!(session["id"].as_str().is_some_and(|id| id.starts_with("sess_")));
    assert_eq!(session["model"], "gpt-realtime");
    assert_eq!(session["output_modalities"], json!(["audio"]));
    assert_eq!(session["audio"]["output"]["format"], json!({"type": "audio/pcm", "rate": 24000}));
    assert_eq!(fake.query(0), "model=gpt-realtime");
    assert_eq!(fake.refused(0), None);

    let sent = ga_session("You answer the phone for Ada's Bakery.");
    client.send(json!({"type": "session.update", "event_id": "evt_1", "session": sent})).await;
    let updated = client.recv().await;
    assert_eq!(updated["type"], "session.updated");
    let effective = &updated["session"];
    assert_eq!(effective["id"], session["id"]);
    assert_eq!(effective["instructions"], "You answer the phone for Ada's Bakery.");
    assert_eq!(effective["audio"]["input"]["format"], json!({"type": "audio/pcmu"}));
    assert_eq!(effective["audio"]["output"]["format"], json!({"type": "audio/pcmu"}));
    assert_eq!(effective["audio"]["output"]["voice"], "alloy");
    assert_eq!(effective["audio"]["output"]["speed"], 1.0);
    assert_eq!(effective["tools"][0]["name"], "book_appointment");
    assert_eq!(fake.effective_session(0), *effective);

    assert_eq!(fake.session(0), Some(sent));
    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    // Each connection is handed out once.
    assert_eq!(fake.wait_for_session(SHORT).await, None);
}

#[tokio::test]
async fn a_session_update_that_is_not_ga_gets_an_error_event() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;

    let mut untyped = ga_session("hi");
    untyped.as_object_mut().expect("an object").remove("type");
    client.send(json!({"type": "session.update", "event_id": "evt_7", "session": untyped})).await;
    let error = client.recv().await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["error"]["type"], "invalid_request_error");
    assert_eq!(error["error"]["code"], "missing_required_parameter");
    assert_eq!(error["error"]["param"], "session.type");
    assert_eq!(error["error"]["event_id"], "evt_7");

    let beta = json!({"type": "realtime", "input_audio_format": "g711_ulaw", "voice": "alloy"});
    client.send(json!({"type": "session.update", "session": beta})).await;
    let error = client.recv().await;
    assert_eq!(error["error"]["code"], "unknown_parameter");
    assert_eq!(error["error"]["param"], "session.input_audio_format");

    let wrong = json!({"type": "conversation"});
    client.send(json!({"type": "session.update", "session": wrong})).await;
    assert_eq!(client.recv().await["error"]["code"], "invalid_value");

    assert_eq!(fake.session(0), None);
    assert_eq!(fake.wait_for_session(SHORT).await, None);
    // The connection stays usable.
    client.configure("hi").await;
    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    assert_eq!(fake.events_of_type(0, "session.update").len(), 4);
}

#[tokio::test]
async fn invalid_client_events_get_error_events_and_are_recorded() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.ws.send(Message::text("not json")).await.expect("sent");
    assert_eq!(client.recv().await["error"]["code"], "invalid_json");
    client.send(json!({"event_id": "evt_2"})).await;
    assert_eq!(client.recv().await["error"]["code"], "invalid_event");
    client.send(json!({"type": "response.audio.delta"})).await;
    assert_eq!(client.recv().await["error"]["param"], "type");
    client.send(json!({"type": "response.cancel"})).await;
    assert_eq!(client.recv().await["error"]["code"], "response_cancel_not_active");
    assert_eq!(fake.raw_events(0)[0], "not json");
    assert_eq!(fake.events(0).len(), 4);
}

#[tokio::test]
async fn appended_audio_is_decoded_and_kept_per_connection() {
    let fake = FakeRealtime::start().await;
    let mut a = connect(&fake).await;
    let mut b = connect(&fake).await;
    a.append(&[1, 2, 3]).await;
    b.append(&[9; 160]).await;
    a.send(json!({"type": "input_audio_buffer.append", "audio": "%%%not base64"})).await;
    let error = a.recv().await;
    assert_eq!(error["error"]["code"], "invalid_value");
    assert_eq!(error["error"]["param"], "audio");
    a.append(&[4]).await;

    assert!(fake.wait_for_audio(0, 4, WAIT).await);
    assert!(fake.wait_for_audio(1, 160, WAIT).await);
    assert_eq!(fake.received_audio(0), vec![1, 2, 3, 4]);
    assert_eq!(fake.received_audio(1), vec![9; 160]);
    assert_eq!(fake.events(0).len(), 3);
    assert_eq!(fake.events(0)[1]["audio"], "%%%not base64");
    assert_eq!(fake.events(1).len(), 1);
}

#[tokio::test]
async fn speak_sends_the_ga_audio_sequence() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    let conn = fake.wait_for_session(WAIT).await.expect("a session");

    let item_id = fake.speak(conn, 3, 160, 0x7f, Some(Duration::from_millis(1))).await;
    let events = client.recv_until("rate_limits.updated").await;
    assert_eq!(
        types(&events),
        [
            "response.created",
            "response.output_item.added",
            "conversation.item.added",
            "response.content_part.added",
            "response.output_audio.delta",
            "response.output_audio_transcript.delta",
            "response.output_audio.delta",
            "response.output_audio.delta",
            "response.output_audio.done",
            "response.output_audio_transcript.done",
            "response.content_part.done",
            "response.output_item.done",
            "conversation.item.done",
            "response.done",
            "rate_limits.updated",
        ]
    );
    let created = &events[0]["response"];
    assert_eq!(created["object"], "realtime.response");
    assert_eq!(created["status"], "in_progress");
    assert_eq!(created["audio"]["output"]["format"]["type"], "audio/pcmu");
    let response_id = created["id"].as_str().expect("a response id");
    assert!(response_id.starts_with("resp_"));
    assert_eq!(events[1]["item"]["id"], item_id.as_str());

    let deltas: Vec<&Value> =
        events.iter().filter(|e| e["type"] == "response.output_audio.delta").collect();
    for delta in &deltas {
        assert_eq!(delta["response_id"], response_id);
        assert_eq!(delta["item_id"], item_id.as_str());
        assert_eq!(
            (delta["output_index"].as_u64(), delta["content_index"].as_u64()),
            (Some(0), Some(0))
        );
        let audio = BASE64.decode(delta["delta"].as_str().expect("base64")).expect("valid base64");
        assert_eq!(audio, vec![0x7f; 160]);
    }
    let done = &events[13]["response"];
    assert_eq!(done["status"], "completed");
    assert_eq!(done["output"][0]["id"], item_id.as_str());
    assert_eq!(done["output"][0]["content"][0]["transcript"], SPOKEN_TRANSCRIPT);
}

#[tokio::test]
async fn speech_started_truncate_and_cancel_are_recorded() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await; // µ-law both ways: 8 bytes per ms
    client.append(&[0xff; 800]).await;
    assert!(fake.wait_for_audio(0, 800, WAIT).await);

    let item_id = fake.speak_partially(0, 3, 160).await; // 60 ms of audio
    let started = client.recv_until("response.output_audio.delta").await;
    assert_eq!(started[0]["type"], "response.created");
    let first = started.last().expect("a delta");
    assert_eq!(
        BASE64.decode(first["delta"].as_str().expect("b64")).expect("b64"),
        vec![PARTIAL_SPEECH_BYTE; 160]
    );
    let rest = client.recv_until("response.output_audio.delta").await;
    assert_eq!(
        types(&rest),
        ["response.output_audio_transcript.delta", "response.output_audio.delta"]
    );
    assert_eq!(
        types(&client.recv_until("response.output_audio.delta").await),
        ["response.output_audio.delta"]
    );

    fake.speech_started(0).await;
    let speech = client.recv().await;
    assert_eq!(speech["type"], "input_audio_buffer.speech_started");
    assert_eq!(speech["audio_start_ms"], 100);
    assert!(speech["item_id"].as_str().is_some_and(|id| id.starts_with("item_")));

    let truncate = json!({"type": "conversation.item.truncate", "item_id": item_id,
                          "content_index": 0, "audio_end_ms": 40});
    client.send(truncate.clone()).await;
    let truncated = client.recv().await;
    assert_eq!(truncated["type"], "conversation.item.truncated");
    assert_eq!(
        (truncated["item_id"].as_str(), truncated["audio_end_ms"].as_u64()),
        (Some(item_id.as_str()), Some(40))
    );
    // Past the audio sent so far: OpenAI refuses it.
    let too_far = json!({"type": "conversation.item.truncate", "item_id": item_id,
                         "content_index": 0, "audio_end_ms": 61});
    client.send(too_far).await;
    assert_eq!(client.recv().await["error"]["param"], "audio_end_ms");

    client.send(json!({"type": "response.cancel"})).await;
    let cancelled = client.recv_until("response.done").await;
    assert_eq!(cancelled[0]["type"], "response.output_audio.done");
    let response = &cancelled.last().expect("response.done")["response"];
    assert_eq!(response["status"], "cancelled");
    assert_eq!(response["status_details"]["reason"], "client_cancelled");
    assert_eq!(response["output"][0]["status"], "incomplete");
    assert_eq!(client.recv().await["type"], "rate_limits.updated");
    assert!(!fake.finish_speaking(0, 5).await);

    assert_eq!(fake.events_of_type(0, "conversation.item.truncate")[0], truncate);
    let cancel = fake.wait_for_event(0, "response.cancel", 0, WAIT).await;
    assert_eq!(cancel, Some(json!({"type": "response.cancel"})));
    assert_eq!(
        types(&fake.events(0)),
        [
            "session.update",
            "input_audio_buffer.append",
            "conversation.item.truncate",
            "conversation.item.truncate",
            "response.cancel"
        ]
    );
}

#[tokio::test]
async fn finish_speaking_and_barge_in_end_an_open_response() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    fake.speak_partially(0, 1, 160).await;
    assert!(fake.finish_speaking(0, 2).await);
    let events = client.recv_until("response.done").await;
    assert_eq!(events.iter().filter(|e| e["type"] == "response.output_audio.delta").count(), 3);
    assert_eq!(events.last().expect("done")["response"]["status"], "completed");
    client.recv().await; // rate_limits.updated

    fake.speak_partially(0, 1, 160).await;
    fake.barge_in(0).await;
    let events = client.recv_until("response.done").await;
    assert!(types(&events).contains(&"input_audio_buffer.speech_started"));
    assert_eq!(
        events.last().expect("done")["response"]["status_details"]["reason"],
        "turn_detected"
    );
    client.recv().await;
    fake.speech_stopped(0).await;
    let stopped = client.recv_until("conversation.item.done").await;
    assert_eq!(
        types(&stopped)[..2],
        ["input_audio_buffer.speech_stopped", "input_audio_buffer.committed"]
    );
    assert_eq!(stopped[3]["item"]["role"], "user");
}

#[tokio::test]
async fn call_tool_sends_the_function_call_sequence_and_takes_its_output() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;

    let call_id = fake.call_tool(0, "book_appointment", json!({"date": "2025-09-01"})).await;
    let events = client.recv_until("rate_limits.updated").await;
    assert_eq!(
        types(&events),
        [&TOOL_CALL_EVENTS[..], &["response.done", "rate_limits.updated"]].concat()
    );
    assert_eq!(events[1]["item"]["type"], "function_call");
    let done = &events[4];
    assert_eq!(done["name"], "book_appointment");
    assert_eq!(done["call_id"], call_id.as_str());
    let arguments: Value =
        serde_json::from_str(done["arguments"].as_str().expect("a JSON string")).expect("JSON");
    assert_eq!(arguments, json!({"date": "2025-09-01"}));
    assert_eq!(events[7]["response"]["output"][0]["call_id"], call_id.as_str());

    let output = |call_id: &str, output: Value| {
        json!({"type": "conversation.item.create",
               "item": {"type": "function_call_output", "call_id": call_id, "output": output}})
    };
    client.send(output("call_unknown", json!("{}"))).await;
    assert_eq!(client.recv().await["error"]["param"], "item.call_id");
    client.send(output(&call_id, json!({"booked": true}))).await;
    assert_eq!(client.recv().await["error"]["code"], "invalid_type");
    client.send(output(&call_id, json!(r#"{"booked":true}"#))).await;
    let added = client.recv().await;
    assert_eq!(added["type"], "conversation.item.added");
    assert_eq!(added["item"]["call_id"], call_id.as_str());
    assert_eq!(added["previous_item_id"], done["item_id"]);
    assert_eq!(client.recv().await["type"], "conversation.item.done");
    client.send(json!({"type": "response.create"})).await;

    assert!(fake.wait_for_event(0, "response.create", 0, WAIT).await.is_some());
    let created = fake.events_of_type(0, "conversation.item.create");
    assert_eq!(created.len(), 3);
    assert_eq!(created[2]["item"]["output"], r#"{"booked":true}"#);
}

#[tokio::test]
async fn drop_connection_ends_the_socket_without_a_close_frame() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    fake.drop_connection(0).await;
    assert!(fake.is_closed(0));

    let error = client.recv().await;
    assert_eq!(
        (error["type"].as_str(), error["error"]["type"].as_str()),
        (Some("error"), Some("server_error"))
    );
    test_client::ends_without_a_message(&mut client.ws).await;
    // Scripting a closed connection does nothing (and does not hang).
    fake.speech_started(0).await;
}

#[tokio::test]
async fn the_client_closing_is_seen() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    assert!(!fake.is_closed(0));
    client.ws.close(None).await.expect("a close frame sent");
    assert!(fake.wait_closed(0, WAIT).await);
}

#[tokio::test]
async fn two_connections_do_not_mix() {
    let fake = FakeRealtime::start().await;
    let mut a = connect(&fake).await;
    let mut b = connect(&fake).await;
    a.configure("I am A.").await;
    b.configure("I am B.").await;
    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    assert_eq!(fake.wait_for_session(WAIT).await, Some(1));

    fake.speak(1, 2, 160, 0x11, None).await;
    fake.speech_started(0).await;
    assert_eq!(a.recv().await["type"], "input_audio_buffer.speech_started");
    let spoken = b.recv_until("response.done").await;
    assert_eq!(spoken.iter().filter(|e| e["type"] == "response.output_audio.delta").count(), 2);

    assert_eq!(fake.session(0).expect("A's session")["instructions"], "I am A.");
    assert_eq!(fake.session(1).expect("B's session")["instructions"], "I am B.");
    assert_eq!(fake.events(0).len(), 1);
    assert_eq!(fake.events(1).len(), 1);
}

#[tokio::test]
async fn dropping_the_fake_ends_its_connections() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    drop(fake);
    test_client::ends_without_a_message(&mut client.ws).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_connections_stay_separate() {
    let fake = std::sync::Arc::new(FakeRealtime::start().await);
    let calls = (0..50u8).map(|i| {
        let fake = std::sync::Arc::clone(&fake);
        tokio::spawn(async move {
            let mut client = connect(&fake).await;
            client.configure(&format!("call {i}")).await;
            client.append(&[i; 160]).await;
            let deltas = client.recv_until("response.done").await;
            let audio: Vec<Vec<u8>> = deltas
                .iter()
                .filter(|e| e["type"] == "response.output_audio.delta")
                .map(|e| BASE64.decode(e["delta"].as_str().expect("b64")).expect("b64"))
                .collect();
            assert_eq!(audio, vec![vec![i; 160]; 2], "call {i}");
        })
    });
    let calls: Vec<_> = calls.collect();
    for _ in 0..50 {
        let conn = fake.wait_for_session(WAIT).await.expect("a session");
        let instructions = fake.session(conn).expect("a session")["instructions"].clone();
        let i: u8 = instructions
            .as_str()
            .and_then(|s| s.strip_prefix("call "))
            .expect("ours")
            .parse()
            .expect("a number");
        assert!(fake.wait_for_audio(conn, 160, WAIT).await);
        assert_eq!(fake.received_audio(conn), vec![i; 160]);
        fake.speak(conn, 2, 160, i, None).await;
    }
    for call in calls {
        call.await.expect("the call's checks");
    }
    assert_eq!(fake.connections(), 50);
}

#[tokio::test]
async fn a_voice_the_fake_does_not_offer_is_refused_and_changes_nothing() {
    let fake = FakeRealtime::start().await;
    fake.set_voices(&["cedar"]);
    let mut client = connect(&fake).await;
    // `ga_session` asks for `alloy` and µ-law.
    client
        .send(json!({"type": "session.update", "event_id": "evt_v", "session": ga_session("hi")}))
        .await;
    let error = client.recv().await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["error"]["code"], "invalid_value");
    assert_eq!(error["error"]["param"], "session.audio.output.voice");
    assert_eq!(error["error"]["event_id"], "evt_v");
    assert_eq!(fake.rejected(0), [error]);
    let effective = fake.effective_session(0);
    assert_eq!(effective["audio"]["output"]["format"], json!({"type": "audio/pcm", "rate": 24000}));
    assert_eq!(effective["audio"]["output"]["voice"], "marin");
    assert_eq!(fake.session(0), None);

    let mut cedar = ga_session("hi");
    cedar["audio"]["output"]["voice"] = json!("cedar");
    client.send(json!({"type": "session.update", "session": cedar})).await;
    assert_eq!(client.recv().await["type"], "session.updated");
    assert_eq!(fake.rejected(0).len(), 1);
}

#[tokio::test]
async fn a_session_update_with_members_its_turn_detection_lacks_is_refused() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    let mut session = ga_session("hi");
    session["audio"]["input"]["turn_detection"] =
        json!({"type": "server_vad", "eagerness": "high"});
    client.send(json!({"type": "session.update", "session": session})).await;
    let error = client.recv().await;
    assert_eq!(error["error"]["code"], "unknown_parameter");
    assert_eq!(error["error"]["param"], "session.audio.input.turn_detection.eagerness");

    let mut session = ga_session("hi");
    session["tools"][0]["parameters"] = json!({"type": "string"});
    client.send(json!({"type": "session.update", "session": session})).await;
    assert_eq!(client.recv().await["error"]["code"], "invalid_function_parameters");
    assert_eq!(fake.rejected(0).len(), 2);
    assert_eq!(fake.session(0), None);
}

#[tokio::test]
async fn fail_response_ends_a_response_as_failed() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    let response_id = fake
        .fail_response(0, "server_error", "inference_failed", "The model failed to respond.")
        .await;
    let events = client.recv_until("rate_limits.updated").await;
    assert_eq!(types(&events), ["response.created", "response.done", "rate_limits.updated"]);
    assert_eq!(events[0]["response"]["id"], response_id.as_str());
    let done = &events[1]["response"];
    assert_eq!(done["id"], response_id.as_str());
    assert_eq!(done["status"], "failed");
    assert_eq!(
        done["status_details"],
        json!({"type": "failed", "error": {"type": "server_error", "code": "inference_failed",
                                           "message": "The model failed to respond."}})
    );
    assert_eq!(done["output"], json!([]));
    // Nothing is in progress any more.
    client.send(json!({"type": "response.create"})).await;
    assert!(client.silent().await);
    assert_eq!(fake.response_creates(0), 1);
}

#[tokio::test]
async fn a_tool_call_can_stay_in_an_open_response() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    let call_id = fake.begin_tool_call(0, "book_appointment", json!({"date": "2025-09-01"})).await;
    let events = client.recv_until("conversation.item.done").await;
    assert_eq!(types(&events), TOOL_CALL_EVENTS);
    let response_id = events[0]["response"]["id"].as_str().expect("an id").to_string();
    assert_eq!(events[4]["call_id"], call_id.as_str());
    assert!(client.silent().await, "no response.done yet");

    // The output is taken while the response is open; a new response is not.
    let output = json!({"type": "conversation.item.create", "item": {
        "type": "function_call_output", "call_id": call_id, "output": "{\"booked\":true}"}});
    client.send(output).await;
    assert_eq!(client.recv().await["type"], "conversation.item.added");
    assert_eq!(client.recv().await["type"], "conversation.item.done");
    client.send(json!({"type": "response.create", "event_id": "evt_r"})).await;
    let error = client.recv().await;
    assert_eq!(error["error"]["code"], "conversation_already_has_active_response");
    assert_eq!(error["error"]["event_id"], "evt_r");
    assert_eq!(fake.response_creates(0), 0);
    assert_eq!(fake.rejected(0), [error]);
    assert_eq!(fake.tool_outputs(0), [(call_id.clone(), r#"{"booked":true}"#.to_string())]);

    assert!(fake.finish_response(0).await);
    let done = client.recv_until("rate_limits.updated").await;
    assert_eq!(types(&done), ["response.done", "rate_limits.updated"]);
    let response = &done[0]["response"];
    assert_eq!(response["id"], response_id.as_str());
    assert_eq!(response["status"], "completed");
    assert_eq!(response["output"][0]["type"], "function_call");
    assert_eq!(response["output"][0]["call_id"], call_id.as_str());
    assert!(!fake.finish_response(0).await, "nothing is in progress any more");
    client.send(json!({"type": "response.create"})).await;
    assert!(fake.wait_for_event(0, "response.create", 1, WAIT).await.is_some());
    assert_eq!(fake.response_creates(0), 1);
    assert!(!fake.finish_speaking(0, 1).await);
}

#[tokio::test]
async fn response_cancel_ends_an_open_tool_call_response() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    fake.begin_tool_call(0, "book_appointment", json!({})).await;
    client.recv_until("conversation.item.done").await;
    client.send(json!({"type": "response.cancel"})).await;
    let done = client.recv().await;
    assert_eq!(done["type"], "response.done");
    assert_eq!(done["response"]["status"], "cancelled");
    assert_eq!(done["response"]["status_details"]["reason"], "client_cancelled");
    assert_eq!(client.recv().await["type"], "rate_limits.updated");
}

#[tokio::test]
async fn send_error_and_expire_session_speak_like_openai() {
    let fake = FakeRealtime::start().await;
    let mut client = connect(&fake).await;
    client.configure("hi").await;
    fake.send_error(0, "server_error", None, "The server had an error.").await;
    let error = client.recv().await;
    assert_eq!(error["type"], "error");
    assert_eq!(
        error["error"],
        json!({"type": "server_error", "code": null, "message": "The server had an error.",
               "param": null, "event_id": null})
    );
    fake.send_error(0, "invalid_request_error", Some("rate_limit_exceeded"), "Slow down.").await;
    assert_eq!(client.recv().await["error"]["code"], "rate_limit_exceeded");
    // Errors the test sent are not answers to client events.
    assert!(fake.rejected(0).is_empty());

    let (_, close) = tokio::join!(fake.expire_session(0), async {
        let expired = client.recv().await;
        assert_eq!(expired["error"]["code"], "session_expired");
        assert_eq!(expired["error"]["type"], "invalid_request_error");
        assert_eq!(
            expired["error"]["message"],
            "Your session hit the maximum duration of 60 minutes."
        );
        test_client::closed(&mut client.ws).await
    });
    assert_eq!(close, (1001, "Your session hit the maximum duration of 60 minutes.".into()));
    assert!(fake.is_closed(0));
    assert_eq!(fake.closed_with(0), Some(close));
}
