use serde_json::Value;

use super::*;
use crate::audio::mulaw;
use crate::audio::test_util::sine;

fn dialect() -> Dialect {
    Dialect::new(Endpoint {
        url: "ws://127.0.0.1:9/ws".into(),
        key: SecretString::from("key"),
        settings: SessionSettings {
            model: "gemini-2.5-flash-native-audio-preview-09-2025".into(),
            instructions: String::new(),
            voice: "Kore".into(),
            speed: 1.0,
            noise_reduction: None,
            turn_detection: "server_vad",
            eagerness: "auto",
            tools: vec![],
        },
    })
}

fn receive(d: &mut Dialect, message: Value) -> Vec<ProviderEvent> {
    let mut events = VecDeque::new();
    // Gemini sends binary frames.
    d.decode(&Message::binary(message.to_string().into_bytes()), &mut events);
    events.into()
}

/// Sends caller audio; returns the events it raised and the messages it became.
fn speak(d: &mut Dialect, samples: &[i16]) -> (Vec<ProviderEvent>, Vec<Value>) {
    let (mut out, mut events) = (VecDeque::new(), VecDeque::new());
    for frame in mulaw::encode(samples).chunks(160) {
        d.encode(ProviderCommand::Audio(&STANDARD.encode(frame)), &mut out, &mut events);
    }
    let messages = out
        .iter()
        .map(|m| serde_json::from_str(m.to_text().unwrap_or_default()).unwrap_or_default());
    (events.into(), messages.collect())
}

fn model_audio() -> Value {
    json!({"serverContent": {"modelTurn": {"parts": [{"inlineData": {
        "mimeType": "audio/pcm;rate=24000", "data": STANDARD.encode([0u8; 960])}}]}}})
}

#[test]
fn caller_speech_after_the_model_finished_is_a_barge_in() {
    let voice = sine(200.0, 8000.0, 3000.0, 2400);
    let mut d = dialect();
    receive(&mut d, model_audio());
    let (events, messages) = speak(&mut d, &voice);
    assert!(events.is_empty(), "while generating, Gemini reports interruptions itself");
    assert_eq!(messages.len(), 15, "every frame still goes to Gemini");

    let mut d = dialect();
    receive(&mut d, model_audio());
    receive(&mut d, json!({"serverContent": {"generationComplete": true}}));
    receive(&mut d, json!({"serverContent": {"turnComplete": true}}));
    let (events, _) = speak(&mut d, &voice);
    assert_eq!(events, vec![ProviderEvent::SpeechStarted]);
}

#[test]
fn audio_of_a_new_turn_has_a_new_item() {
    let mut d = dialect();
    let first = receive(&mut d, model_audio());
    receive(&mut d, json!({"serverContent": {"turnComplete": true}}));
    let second = receive(&mut d, model_audio());
    let item = |e: &[ProviderEvent]| match &e[0] {
        ProviderEvent::AudioDelta { item_id, .. } => item_id.clone(),
        other => panic!("audio, not {other:?}"),
    };
    assert_ne!(item(&first), item(&second));
}

#[test]
fn a_cancelled_call_gets_no_result() {
    let mut d = dialect();
    let call = json!({"toolCall": {"functionCalls": [
        {"id": "fc-1", "name": "end_call", "args": {}}, {"id": "fc-2", "name": "end_call", "args": {}}]}});
    assert_eq!(receive(&mut d, call).len(), 2);
    assert!(!d.ready_to_move() && !d.open_calls.is_empty());
    receive(&mut d, json!({"toolCallCancellation": {"ids": ["fc-1"]}}));
    let (mut out, mut events) = (VecDeque::new(), VecDeque::new());
    for id in ["fc-1", "fc-2"] {
        let result = ProviderCommand::ToolResult { call_id: id, name: "end_call", output: "ok" };
        d.encode(result, &mut out, &mut events);
    }
    assert_eq!(out.len(), 1, "only the call still wanted is answered");
    assert!(out[0].to_text().unwrap_or_default().contains("fc-2"));
    assert!(d.open_calls.is_empty());
}

#[test]
fn transcripts_are_read_in_either_spelling() {
    let mut d = dialect();
    let events = receive(
        &mut d,
        json!({"serverContent": {"inputTranscription": {"text": "hello"},
                                 "output_transcription": {"text": "hi there"}}}),
    );
    assert_eq!(
        events,
        vec![
            ProviderEvent::Transcript { speaker: Speaker::Caller, text: "hello".into() },
            ProviderEvent::Transcript { speaker: Speaker::Agent, text: "hi there".into() },
        ]
    );
}

#[test]
fn the_session_moves_at_a_quiet_point_after_go_away() {
    let mut d = dialect();
    receive(&mut d, json!({"sessionResumptionUpdate": {"newHandle": "h1", "resumable": true}}));
    assert!(!d.ready_to_move(), "no end announced");
    receive(&mut d, model_audio());
    receive(&mut d, json!({"goAway": {"timeLeft": "10s"}}));
    assert!(d.move_deadline().is_some());
    assert!(!d.ready_to_move(), "the model is speaking");
    receive(&mut d, json!({"serverContent": {"turnComplete": true}}));
    assert!(!d.ready_to_move(), "the handle predates the turn");
    receive(&mut d, json!({"sessionResumptionUpdate": {"resumable": false}}));
    assert!(!d.ready_to_move());
    receive(&mut d, json!({"sessionResumptionUpdate": {"newHandle": "h2", "resumable": true}}));
    assert!(d.ready_to_move());
    assert_eq!(d.resumption.handle().as_deref(), Some("h2"));
    d.reconnected();
    assert!(!d.ready_to_move() && d.move_deadline().is_none(), "a new connection, no end yet");
}

#[test]
fn a_refused_message_is_not_resumed() {
    let mut d = dialect();
    receive(&mut d, json!({"sessionResumptionUpdate": {"newHandle": "h1", "resumable": true}}));
    let refused = CloseFrame { code: 1007.into(), reason: "Invalid argument".into() };
    assert!(d.reconnect(None, Some(&refused)).is_none());
    let deadline = CloseFrame { code: 1011.into(), reason: "Deadline expired".into() };
    assert!(d.reconnect(None, Some(&deadline)).is_some());
    assert!(dialect().reconnect(None, None).is_none(), "no handle, nothing to resume");
}
