//! The fake against a real WebSocket client (tokio-tungstenite), checked against the shapes of
//! `shared/protocols/gemini-live-notes.md`.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::script::split;
use super::{CLOSE_INVALID, FakeGemini, OUTPUT_MIME, PATH, SPOKEN_TRANSCRIPT};
use crate::fakes::ws::test_client::{self, ClientWs, WAIT};

mod limits;
mod resumption;
mod strict_setup;

const SHORT: Duration = Duration::from_millis(50);

pub(super) struct Client {
    pub ws: ClientWs,
}

/// Opens a WebSocket on `path?query` with these headers; a refused upgrade's status and body
/// as `Err`.
async fn open(
    fake: &FakeGemini,
    path: &str,
    query: &str,
    headers: &[(&'static str, &str)],
) -> Result<Client, (u16, String)> {
    let base = fake.base_url.replacen("http://", "ws://", 1);
    test_client::open(&format!("{base}{path}?{query}"), headers).await.map(|ws| Client { ws })
}

/// A connection on the docs' URL with the right key, nothing sent yet.
pub(super) async fn connect(fake: &FakeGemini) -> Client {
    Client { ws: test_client::open(&fake.ws_url(), &[]).await.expect("accepted") }
}

/// A connection whose (docs-shaped) setup was answered.
pub(super) async fn session(fake: &FakeGemini, instruction: &str) -> Client {
    let mut client = connect(fake).await;
    client.send(docs_setup(instruction)).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));
    client
}

/// A setup as the docs write it (camelCase).
pub(super) fn docs_setup(instruction: &str) -> Value {
    json!({"setup": {
        "model": "models/gemini-live-2.5-flash-preview",
        "generationConfig": {"responseModalities": ["AUDIO"],
            "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}}},
        "systemInstruction": {"parts": [{"text": instruction}]},
        "tools": [{"functionDeclarations": [{"name": "book_appointment",
            "description": "Books a slot.",
            "parameters": {"type": "OBJECT", "properties": {"date": {"type": "STRING"}}}}]}],
    }})
}

/// `n` bytes of PCM16LE: a ramp, so pieces out of order or lost would show.
fn ramp(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

fn audio_message(pcm: &[u8], rate: u32) -> Value {
    json!({"realtimeInput": {"audio": {"data": BASE64.encode(pcm),
                                       "mimeType": format!("audio/pcm;rate={rate}")}}})
}

impl Client {
    pub async fn send(&mut self, message: Value) {
        self.ws.send(Message::text(message.to_string())).await.expect("sending to the fake");
    }

    /// The next server message: JSON in a binary frame, as the service sends it.
    pub async fn recv(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("a server message in time")
                .expect("the socket still open")
                .expect("a WebSocket message");
            match message {
                Message::Binary(bytes) => return serde_json::from_slice(&bytes).expect("JSON"),
                Message::Text(text) => panic!("the service sends binary frames, got text {text}"),
                Message::Close(frame) => panic!("closed by the fake: {frame:?}"),
                _ => {}
            }
        }
    }

    /// Server messages up to and including the first that `last` accepts.
    pub async fn recv_until(&mut self, last: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut messages = Vec::new();
        loop {
            let message = self.recv().await;
            let done = last(&message);
            messages.push(message);
            if done {
                return messages;
            }
        }
    }

    /// Nothing arrives for a while.
    pub async fn silent(&mut self) -> bool {
        tokio::time::timeout(Duration::from_millis(100), self.ws.next()).await.is_err()
    }

    /// The close frame the fake ends the session with (code, reason), then the socket's end.
    pub async fn closed(&mut self) -> (u16, String) {
        test_client::closed(&mut self.ws).await
    }
}

pub(super) fn turn_complete(message: &Value) -> bool {
    message["serverContent"]["turnComplete"] == true
}

#[tokio::test]
async fn refuses_the_upgrade_without_the_right_key_or_path() {
    let fake = FakeGemini::start().await;
    let (status, body) = open(&fake, PATH, "", &[]).await.err().expect("refused");
    assert_eq!(status, 401);
    let body: Value = serde_json::from_str(&body).expect("a Google error body");
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    let (status, body) = open(&fake, PATH, "key=AIzaWrong", &[]).await.err().expect("refused");
    assert_eq!(status, 401);
    assert!(body.contains("API key not valid"), "{body}");
    let wrong_header = [("x-goog-api-key", "AIzaWrong")];
    assert_eq!(open(&fake, PATH, "", &wrong_header).await.err().map(|e| e.0), Some(401));
    let key = format!("key={}", fake.api_key);
    let elsewhere = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.Other";
    assert_eq!(open(&fake, elsewhere, &key, &[]).await.err().map(|e| e.0), Some(404));

    assert_eq!(fake.connections(), 4);
    assert_eq!(
        fake.presented_keys(),
        [None, Some("AIzaWrong".into()), Some("AIzaWrong".into()), Some(fake.api_key.clone())]
    );
    assert_eq!(
        (0..4).map(|i| fake.refused(i)).collect::<Vec<_>>(),
        [Some(401), Some(401), Some(401), Some(404)]
    );
    assert!((0..4).all(|i| fake.is_closed(i)));
    assert_eq!(fake.wait_for_session(SHORT).await, None);
}

#[tokio::test]
async fn takes_the_key_in_the_header_and_the_v1_path() {
    let fake = FakeGemini::start().await;
    let v1 = "/ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent";
    let mut client =
        open(&fake, v1, "", &[("x-goog-api-key", &fake.api_key)]).await.expect("accepted");
    client.send(docs_setup("hi")).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));
    assert_eq!(fake.refused(0), None);
    assert_eq!(fake.path(0), v1);
    assert_eq!(fake.query(0), "");
    assert_eq!(fake.presented_keys(), [Some(fake.api_key.clone())]);

    let _docs = session(&fake, "hi").await;
    assert_eq!(fake.path(1), PATH);
    assert_eq!(fake.query(1), format!("key={}", fake.api_key));
}

#[tokio::test]
async fn setup_is_kept_and_answered_with_setup_complete() {
    let fake = FakeGemini::start().await;
    let mut client = connect(&fake).await;
    // The Python SDK's capture: snake_case mixed into camelCase.
    let setup = json!({
        "model": "models/gemini-2.0-flash-live-001",
        "generationConfig": {"responseModalities": ["AUDIO"],
            "speechConfig": {"voice_config": {"prebuilt_voice_config": {"voice_name": "Puck"}}}},
        "system_instruction": {"parts": [{"text": "You are a phone agent."}], "role": "user"},
        "tools": [{"function_declarations": [{"name": "transfer_call",
            "parameters": {"type": "OBJECT", "properties": {"to": {"type": "STRING"}}}}]}],
        "inputAudioTranscription": {}, "outputAudioTranscription": {},
    });
    assert_eq!(fake.wait_for_session(SHORT).await, None);
    client.send(json!({"setup": setup})).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));

    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    // Each connection is handed out once.
    assert_eq!(fake.wait_for_session(SHORT).await, None);
    assert_eq!(fake.setup(0), Some(setup));
    assert_eq!(fake.model(0).as_deref(), Some("models/gemini-2.0-flash-live-001"));
    assert_eq!(fake.voice(0).as_deref(), Some("Puck"));
    assert_eq!(fake.response_modalities(0), ["AUDIO"]);
    assert_eq!(fake.system_instruction(0).as_deref(), Some("You are a phone agent."));
    let declarations = fake.function_declarations(0);
    assert_eq!(declarations.len(), 1);
    assert_eq!(declarations[0]["name"], "transfer_call");
    assert_eq!(fake.messages(0).len(), 1);
}

#[tokio::test]
async fn anything_before_or_instead_of_a_valid_setup_closes_with_1007() {
    let fake = FakeGemini::start().await;
    let mut early_audio = connect(&fake).await;
    early_audio.send(audio_message(&[0; 640], 16000)).await;
    let (code, reason) = early_audio.closed().await;
    assert_eq!(code, CLOSE_INVALID);
    assert!(reason.contains("first message must be setup"), "{reason}");
    assert!(fake.wait_closed(0, WAIT).await);
    assert_eq!(fake.closed_with(0), Some((1007, reason)));
    assert!(fake.received_audio(0).is_empty());
    assert_eq!(fake.messages(0).len(), 1);

    let mut not_json = connect(&fake).await;
    not_json.ws.send(Message::text("hello")).await.expect("sent");
    assert_eq!(not_json.closed().await.0, 1007);
    assert_eq!(fake.raw_messages(1), ["hello"]);

    let mut bare_model = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["model"] = json!("gemini-live-2.5-flash-preview");
    bare_model.send(setup).await;
    assert!(bare_model.closed().await.1.contains("models/"));

    let mut string_instruction = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["systemInstruction"] = json!("You are a phone agent.");
    string_instruction.send(setup).await;
    assert_eq!(string_instruction.closed().await.0, 1007);

    let mut twice = session(&fake, "hi").await;
    twice.send(docs_setup("again")).await;
    assert!(twice.closed().await.1.contains("already"));

    let mut two_members = session(&fake, "hi").await;
    let mut both = audio_message(&[0; 2], 16000);
    both["clientContent"] = json!({"turnComplete": true});
    two_members.send(both).await;
    assert!(two_members.closed().await.1.contains("exactly one"));

    for conn in 0..6 {
        assert!(fake.wait_closed(conn, WAIT).await, "connection {conn}");
        assert_eq!(fake.closed_with(conn).map(|c| c.0), Some(1007), "connection {conn}");
    }
    // Only the two good setups made sessions, and those are closed now.
    assert_eq!(fake.wait_for_session(SHORT).await, None);
}

#[tokio::test]
async fn audio_is_decoded_per_connection_with_its_rate() {
    let fake = FakeGemini::start().await;
    let mut a = session(&fake, "A").await;
    let mut b = session(&fake, "B").await;
    a.send(audio_message(&ramp(640), 16000)).await;
    // The SDK's spelling, at 8 kHz; then the deprecated mediaChunks, URL-safe base64 unpadded.
    b.send(json!({"realtime_input": {"audio": {"data": BASE64.encode([9; 320]),
                                               "mime_type": "audio/pcm;rate=8000"}}}))
        .await;
    b.send(json!({"realtimeInput": {"mediaChunks": [
        {"mimeType": "audio/pcm;rate=8000", "data": URL_SAFE_NO_PAD.encode([0xfb, 0xff, 0x3e])},
    ]}}))
    .await;
    a.send(audio_message(&[7; 640], 16000)).await;
    a.send(json!({"realtimeInput": {"audioStreamEnd": true}})).await;

    assert!(fake.wait_for_audio(0, 1280, WAIT).await);
    assert!(fake.wait_for_audio(1, 323, WAIT).await);
    let mut expected = ramp(640);
    expected.extend([7; 640]);
    assert_eq!(fake.received_audio(0), expected);
    let mut expected = vec![9; 320];
    expected.extend([0xfb, 0xff, 0x3e]);
    assert_eq!(fake.received_audio(1), expected);
    assert_eq!((fake.input_rate(0), fake.input_rate(1)), (Some(16000), Some(8000)));
    assert!(fake.wait_for_message(0, "audioStreamEnd", 0, SHORT).await.is_none());
    assert!(fake.wait_for_message(0, "realtimeInput", 2, WAIT).await.is_some());
    assert_eq!((fake.audio_stream_ends(0), fake.audio_stream_ends(1)), (1, 0));
    assert_eq!((fake.messages(0).len(), fake.messages(1).len()), (4, 3));

    // A MIME type without the rate, or not PCM, or data that is not base64: the session ends.
    for (mime, data) in [
        ("audio/pcm", BASE64.encode([0; 2])),
        ("audio/wav;rate=16000", BASE64.encode([0; 2])),
        ("audio/pcm;rate=16000", "%%%".to_string()),
    ] {
        let mut client = session(&fake, "bad").await;
        client.send(json!({"realtimeInput": {"audio": {"data": data, "mimeType": mime}}})).await;
        assert_eq!(client.closed().await.0, 1007, "{mime} {data}");
    }
    assert!(!fake.is_closed(0) && !fake.is_closed(1));
}

#[tokio::test]
async fn speak_pcm_sends_the_audio_in_chunks_then_generation_and_turn_complete() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    let conn = fake.wait_for_session(WAIT).await.expect("a session");
    client.send(audio_message(&[0; 32000], 16000)).await; // 1 s of caller audio
    assert!(fake.wait_for_audio(conn, 32000, WAIT).await);

    let pcm = ramp(4801 * 2); // 9 602 bytes: not a multiple of 3 chunks
    fake.speak_pcm(conn, &pcm, 3, Some(Duration::from_millis(1))).await;
    let messages = client.recv_until(turn_complete).await;
    assert_eq!(messages.len(), 5, "{messages:?}");
    let mut spoken = Vec::new();
    for message in &messages[..3] {
        let parts = message["serverContent"]["modelTurn"]["parts"].as_array().expect("parts");
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0]["inlineData"]["mimeType"], OUTPUT_MIME);
        let data = parts[0]["inlineData"]["data"].as_str().expect("base64");
        let chunk = BASE64.decode(data).expect("standard base64");
        assert_eq!(chunk.len() % 2, 0, "chunks are cut between samples");
        assert!((3200..=3202).contains(&chunk.len()), "{}", chunk.len());
        spoken.extend(chunk);
    }
    assert_eq!(spoken, pcm);
    assert_eq!(messages[3], json!({"serverContent": {"generationComplete": true}}));
    assert_eq!(messages[4]["serverContent"], json!({"turnComplete": true}));
    let usage = &messages[4]["usageMetadata"];
    assert_eq!(usage["promptTokenCount"], 32);
    assert_eq!(usage["responseTokenCount"], 6); // 200 ms of 24 kHz audio
    assert!(client.silent().await);

    // With outputAudioTranscription in the setup, the text follows the first chunk.
    let mut transcribed = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["outputAudioTranscription"] = json!({});
    transcribed.send(setup).await;
    transcribed.recv().await;
    fake.speak_pcm(1, &ramp(960), 2, None).await;
    let messages = transcribed.recv_until(turn_complete).await;
    assert_eq!(messages.len(), 5);
    assert_eq!(
        messages[1],
        json!({"serverContent": {"outputTranscription": {"text": SPOKEN_TRANSCRIPT}}})
    );
    assert!(messages[2]["serverContent"]["modelTurn"].is_object());
}

#[tokio::test]
async fn interrupted_ends_the_turn_being_spoken() {
    let fake = Arc::new(FakeGemini::start().await);
    let mut client = session(&fake, "hi").await;
    let speaking = {
        let fake = Arc::clone(&fake);
        tokio::spawn(async move {
            fake.speak_pcm(0, &[1; 4800], 10, Some(Duration::from_millis(30))).await;
        })
    };
    let first = client.recv().await;
    assert!(first["serverContent"]["modelTurn"].is_object(), "{first}");
    assert!(fake.interrupted(0).await);
    let rest = client.recv_until(|m| m["serverContent"]["interrupted"] == true).await;
    assert!(rest.len() <= 2, "{rest:?}");
    speaking.await.expect("speak_pcm returns");
    // No more audio, no generationComplete / turnComplete for the interrupted turn.
    assert!(client.silent().await);

    // Nothing is being spoken: the service has nothing to interrupt.
    assert!(!fake.interrupted(0).await);
    assert!(client.silent().await);
    fake.speak_pcm(0, &[2; 480], 1, None).await;
    assert_eq!(client.recv_until(turn_complete).await.len(), 3);
    assert!(!fake.interrupted(0).await, "the turn is complete");
    assert!(client.silent().await);
}

#[tokio::test]
async fn a_tool_call_is_answered_with_a_recorded_tool_response() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    let id = fake.call_tool(0, "book_appointment", json!({"date": "2025-09-01"})).await;
    assert!(id.starts_with("function-call-"), "{id}");
    let call = client.recv().await;
    assert_eq!(
        call,
        json!({"toolCall": {"functionCalls": [
            {"id": id, "name": "book_appointment", "args": {"date": "2025-09-01"}}]}})
    );
    assert!(fake.wait_for_message(0, "toolResponse", 0, SHORT).await.is_none());

    // The SDK's spelling.
    let response = json!({"tool_response": {"functionResponses": [
        {"id": id, "name": "book_appointment", "response": {"result": "booked"}}]}});
    client.send(response.clone()).await;
    assert_eq!(fake.wait_for_message(0, "toolResponse", 0, WAIT).await, Some(response.clone()));
    assert_eq!(fake.wait_for_message(0, "tool_response", 0, WAIT).await, Some(response));
    assert_eq!(fake.tool_responses(0)[0]["response"], json!({"result": "booked"}));

    // The camelCase spelling, for a second call; then its cancellation.
    let second = fake.call_tool(0, "book_appointment", json!({})).await;
    client.recv().await;
    client
        .send(json!({"toolResponse": {"functionResponses": [
            {"id": second, "name": "book_appointment", "response": {"error": "no slot"}}]}}))
        .await;
    assert!(fake.wait_for_message(0, "toolResponse", 1, WAIT).await.is_some());
    assert_eq!(fake.tool_responses(0).len(), 2);
    fake.cancel_tool_calls(0, std::slice::from_ref(&second)).await;
    assert_eq!(client.recv().await, json!({"toolCallCancellation": {"ids": [second]}}));
    assert!(!fake.is_closed(0));

    // Responses that answer no call, the wrong name, a non-object, or a call again: 1007.
    let bad = [
        json!({"id": "function-call-0", "name": "book_appointment", "response": {}}),
        json!({"id": "ID", "name": "transfer_call", "response": {}}),
        json!({"id": "ID", "name": "book_appointment", "response": "booked"}),
    ];
    for (i, response) in bad.into_iter().enumerate() {
        let mut client = session(&fake, "hi").await;
        let conn = i + 1;
        let id = fake.call_tool(conn, "book_appointment", json!({})).await;
        client.recv().await;
        let response: Value =
            serde_json::from_str(&response.to_string().replace("ID", &id)).expect("JSON");
        client.send(json!({"toolResponse": {"functionResponses": [response]}})).await;
        assert_eq!(client.closed().await.0, 1007, "{i}");
    }
    let mut again = session(&fake, "hi").await;
    let id = fake.call_tool(4, "book_appointment", json!({})).await;
    again.recv().await;
    let response = json!({"toolResponse": {"functionResponses": [
        {"id": id, "name": "book_appointment", "response": {}}]}});
    again.send(response.clone()).await;
    again.send(response).await;
    assert!(again.closed().await.1.contains("already answered"));
}

#[tokio::test]
async fn client_content_go_away_and_transcripts() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    let content = json!({"clientContent": {
        "turns": [{"role": "user", "parts": [{"text": "Greet the caller."}]}], "turnComplete": true}});
    client.send(content.clone()).await;
    assert_eq!(fake.wait_for_message(0, "client_content", 0, WAIT).await, Some(content));
    fake.transcribe_input(0, "hello?").await;
    assert_eq!(
        client.recv().await,
        json!({"serverContent": {"inputTranscription": {"text": "hello?"}}})
    );
    fake.go_away(0).await;
    assert_eq!(client.recv().await, json!({"goAway": {"timeLeft": "10s"}}));
    assert_eq!(fake.messages_with(0, "clientContent").len(), 1);
    assert_eq!(fake.messages(0).len(), 2);

    // The client reads on (as a bridge does), so the closing handshake completes at once.
    let ((), close) = tokio::join!(fake.close(0, 1000, "session over"), client.closed());
    assert_eq!(close, (1000, "session over".to_string()));
    assert!(fake.is_closed(0));
}

#[tokio::test]
async fn drop_connection_ends_the_socket_without_a_close_frame() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    fake.drop_connection(0).await;
    assert!(fake.is_closed(0));
    test_client::ends_without_a_message(&mut client.ws).await;
    assert_eq!(fake.closed_with(0), None);
    // Scripting a closed connection does nothing (and does not hang).
    fake.speak_pcm(0, &[0; 480], 2, None).await;
    assert!(!fake.interrupted(0).await);
}

#[tokio::test]
async fn the_client_closing_is_seen() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    assert!(!fake.is_closed(0));
    client.ws.close(None).await.expect("a close frame sent");
    assert!(fake.wait_closed(0, WAIT).await);
    assert_eq!(fake.client_close(0), Some((1005, String::new())));
}

#[tokio::test]
async fn two_connections_do_not_mix() {
    let fake = FakeGemini::start().await;
    let mut a = session(&fake, "I am A.").await;
    let mut b = session(&fake, "I am B.").await;
    assert_eq!(fake.wait_for_session(WAIT).await, Some(0));
    assert_eq!(fake.wait_for_session(WAIT).await, Some(1));
    a.send(audio_message(&[0xa; 64], 16000)).await;
    b.send(audio_message(&[0xb; 32], 24000)).await;

    fake.speak_pcm(1, &[0x11; 960], 2, None).await;
    let id = fake.call_tool(0, "book_appointment", json!({})).await;
    assert_eq!(a.recv().await["toolCall"]["functionCalls"][0]["id"], id.as_str());
    assert_eq!(b.recv_until(turn_complete).await.len(), 4);
    assert!(a.silent().await);

    assert!(fake.wait_for_audio(0, 64, WAIT).await && fake.wait_for_audio(1, 32, WAIT).await);
    assert_eq!(fake.received_audio(0), [0xa; 64]);
    assert_eq!(fake.received_audio(1), [0xb; 32]);
    assert_eq!((fake.input_rate(0), fake.input_rate(1)), (Some(16000), Some(24000)));
    assert_eq!(fake.system_instruction(0).as_deref(), Some("I am A."));
    assert_eq!(fake.system_instruction(1).as_deref(), Some("I am B."));
    assert_eq!(fake.voice(1).as_deref(), Some("Kore"));
    assert_eq!((fake.messages(0).len(), fake.messages(1).len()), (2, 2));
}

#[tokio::test]
async fn dropping_the_fake_ends_its_connections() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    drop(fake);
    test_client::ends_without_a_message(&mut client.ws).await;
}

#[test]
fn speech_is_split_between_samples() {
    let pcm = ramp(10);
    let lengths = |chunks| split(&pcm, chunks).iter().map(|c| c.len()).collect::<Vec<_>>();
    assert_eq!(lengths(1), [10]);
    assert_eq!(lengths(2), [4, 6]);
    assert_eq!(lengths(0), [10]);
    assert_eq!(lengths(8), [2, 2, 2, 2, 2]);
    assert!(split(&[], 3).is_empty());
}

#[tokio::test]
async fn a_tool_response_for_a_cancelled_call_is_refused() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    let id = fake.call_tool(0, "book_appointment", json!({})).await;
    client.recv().await;
    fake.cancel_tool_calls(0, std::slice::from_ref(&id)).await;
    assert_eq!(client.recv().await, json!({"toolCallCancellation": {"ids": [id]}}));
    client
        .send(json!({"toolResponse": {"functionResponses": [
            {"id": id, "name": "book_appointment", "response": {"result": "booked"}}]}}))
        .await;
    let (code, reason) = client.closed().await;
    assert_eq!(code, CLOSE_INVALID);
    assert!(reason.contains("is not a pending function call"), "{reason}");
}
