//! OpenAI Realtime (GA) over WebSocket. Audio is G.711 µ-law both ways (`audio/pcmu`), exactly
//! what Twilio carries, so it passes through untouched: no transcoding, no added latency.
//!
//! Three things the service holds a client to: a `session.update` may be refused (an unknown
//! voice, say), leaving the session at its default 24 kHz PCM, so the session is confirmed
//! before any audio flows; a `response.create` while a response is active is refused, so tool
//! results wait for the active response to be done; and a response can fail (rate limits,
//! quota), so a failed one is retried once when the failure is transient and otherwise ends
//! the call, which the caller hears as an apology rather than as silence.

use std::borrow::Cow;
use std::collections::VecDeque;

use futures_util::SinkExt;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::wire::{self, Answer};
use super::writer::{self, MessageWriter};
use super::{ConnectError, ProviderCommand, ProviderEvent, RealtimeSession, SessionSettings};

/// The `event_id` of the configuration, so an `error` about it can be told from others.
const SESSION_UPDATE_ID: &str = "loquent_session_update";

/// `error` codes after which the session cannot go on.
const FATAL_ERRORS: [&str; 5] = [
    "session_expired",
    "insufficient_quota",
    "invalid_api_key",
    "account_deactivated",
    "billing_hard_limit_reached",
];

/// Failure types and codes of a response that another try may get past.
const TRANSIENT_FAILURES: [&str; 6] = [
    "server_error",
    "rate_limit_exceeded",
    "rate_limit_error",
    "internal_error",
    "server_overloaded",
    "overloaded_error",
];

/// Opens a session, configures it, and waits until OpenAI has confirmed the configuration.
/// `base_url` is the HTTP base (`https://api.openai.com/v1`); the socket is at
/// `wss://…/v1/realtime?model=…`.
pub async fn connect(
    base_url: &str,
    api_key: Option<&SecretString>,
    settings: &SessionSettings,
) -> Result<RealtimeSession, ConnectError> {
    let key = api_key.ok_or(ConnectError::NoApiKey)?;
    let url = format!("{}/realtime?model={}", wire::ws_base(base_url), settings.model);
    let bearer = format!("Bearer {}", key.expose_secret());
    let mut socket = wire::open(wire::request(&url, "Authorization", &bearer)?).await?;
    socket
        .send(Message::text(session_update(settings).to_string()))
        .await
        .map_err(|e| ConnectError::Connect(e.to_string()))?;
    wire::confirm(&mut socket, "OpenAI", confirmation).await?;
    Ok(RealtimeSession::new(socket, super::Dialect::OpenAi(Dialect::default())))
}

/// OpenAI's answer to our `session.update`: `session.updated` with µ-law both ways, or an
/// `error` (about our update, or about anything: nothing else was sent yet).
fn confirmation(event: &Value) -> Answer {
    match event["type"].as_str() {
        Some("session.updated") => {
            let audio = &event["session"]["audio"];
            let formats = [&audio["input"]["format"]["type"], &audio["output"]["format"]["type"]];
            if formats.iter().all(|f| *f == "audio/pcmu") {
                Answer::Accepted
            } else {
                Answer::Refused(format!(
                    "the session's audio is not G.711 µ-law both ways: {}",
                    audio
                ))
            }
        }
        Some("error") => {
            let error = &event["error"];
            Answer::Refused(format!(
                "{} ({}{})",
                error["message"].as_str().unwrap_or("unknown error"),
                error["code"].as_str().unwrap_or("no code"),
                error["param"].as_str().map(|p| format!(", {p}")).unwrap_or_default(),
            ))
        }
        _ => Answer::Other,
    }
}

/// What an OpenAI session keeps between events.
#[derive(Debug, Default)]
pub(super) struct Dialect {
    /// The model is producing a response (between `response.created` and `response.done`):
    /// OpenAI refuses another `response.create` meanwhile.
    responding: bool,
    /// Tool results waiting for the active response to be done.
    held_results: Vec<Message>,
    /// A failed response has been retried since the last one that completed.
    retried: bool,
    /// Where caller audio events are written, fifty times a second.
    writer: MessageWriter,
}

/// The fields of the frequent events (audio deltas), read without building a JSON tree.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default, borrow)]
    item_id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    delta: Option<Cow<'a, str>>,
}

impl Dialect {
    /// The bridge's command as client events.
    pub(super) fn encode(&mut self, command: ProviderCommand<'_>, out: &mut VecDeque<Message>) {
        match command {
            ProviderCommand::Audio(audio) => out.push_back(if writer::is_base64(audio) {
                self.writer.text(&[
                    r#"{"type":"input_audio_buffer.append","audio":""#,
                    audio,
                    r#""}"#,
                ])
            } else {
                // Not audio OpenAI will take, but what goes out stays valid JSON.
                text(json!({"type": "input_audio_buffer.append", "audio": audio}))
            }),
            ProviderCommand::Truncate { item_id, audio_end_ms } => out.push_back(text(json!({
                "type": "conversation.item.truncate", "item_id": item_id, "content_index": 0,
                "audio_end_ms": audio_end_ms
            }))),
            ProviderCommand::ToolResult { call_id, output, .. } => {
                let result = text(json!({"type": "conversation.item.create",
                    "item": {"type": "function_call_output", "call_id": call_id, "output": output}}));
                if self.responding {
                    self.held_results.push(result);
                } else {
                    out.push_back(result);
                    out.push_back(response_create());
                }
            }
        }
    }

    /// A server message → the events the bridge acts on, and what to send in answer.
    pub(super) fn decode(
        &mut self,
        message: &Message,
        events: &mut VecDeque<ProviderEvent>,
        out: &mut VecDeque<Message>,
    ) {
        let Message::Text(text) = message else { return };
        if let Ok(head) = serde_json::from_str::<Head>(text)
            && matches!(&*head.kind, "response.output_audio.delta" | "response.audio.delta")
        {
            if let Some(audio) = head.delta {
                let item_id = head.item_id.map(Cow::into_owned).unwrap_or_default();
                events.push_back(ProviderEvent::AudioDelta { item_id, audio: audio.into_owned() });
            }
            return;
        }
        // Everything else is rare: read it whole.
        if let Ok(event) = serde_json::from_str::<Value>(text) {
            self.on_event(&event, events, out);
        }
    }

    fn on_event(
        &mut self,
        event: &Value,
        events: &mut VecDeque<ProviderEvent>,
        out: &mut VecDeque<Message>,
    ) {
        let Some(kind) = event["type"].as_str() else { return };
        match kind {
            "response.output_audio.delta" | "response.audio.delta" => {
                if let Some(audio) = event["delta"].as_str() {
                    events.push_back(ProviderEvent::AudioDelta {
                        item_id: event["item_id"].as_str().unwrap_or_default().to_string(),
                        audio: audio.to_string(),
                    });
                }
            }
            "input_audio_buffer.speech_started" => events.push_back(ProviderEvent::SpeechStarted),
            "response.created" => {
                self.responding = true;
                events.push_back(ProviderEvent::ResponseStarted);
            }
            "response.done" => self.response_done(&event["response"], events, out),
            "response.function_call_arguments.done" => {
                if let Some(call_id) = event["call_id"].as_str() {
                    events.push_back(ProviderEvent::ToolCall {
                        call_id: call_id.to_string(),
                        name: event["name"].as_str().unwrap_or_default().to_string(),
                        arguments: event["arguments"].as_str().unwrap_or("{}").to_string(),
                    });
                }
            }
            "error" => {
                let error = &event["error"];
                let message = error["message"].as_str().unwrap_or("unknown error");
                let code = error["code"].as_str().unwrap_or_default();
                if FATAL_ERRORS.contains(&code) {
                    events.push_back(ProviderEvent::Error(format!("{message} ({code})")));
                } else {
                    // Most errors are about one client event (a late truncate, say) or a
                    // passing fault, and the session stays open: the call goes on.
                    tracing::warn!(
                        provider_error = %message,
                        error_type = error["type"].as_str().unwrap_or_default(),
                        code,
                        "realtime provider reported an error"
                    );
                }
            }
            _ => {}
        }
    }

    /// The active response ended: held tool results go out now, with one `response.create`
    /// for them (or for a failed response's retry).
    fn response_done(
        &mut self,
        response: &Value,
        events: &mut VecDeque<ProviderEvent>,
        out: &mut VecDeque<Message>,
    ) {
        self.responding = false;
        let mut create = !self.held_results.is_empty();
        out.extend(self.held_results.drain(..));
        match response["status"].as_str() {
            Some("completed") => self.retried = false,
            Some("failed") => {
                let error = &response["status_details"]["error"];
                let (kind, code) = (
                    error["type"].as_str().unwrap_or_default(),
                    error["code"].as_str().unwrap_or_default(),
                );
                let transient =
                    TRANSIENT_FAILURES.contains(&kind) || TRANSIENT_FAILURES.contains(&code);
                if transient && !self.retried {
                    tracing::warn!(
                        error_type = kind,
                        code,
                        "the model's response failed: trying once more"
                    );
                    self.retried = true;
                    create = true;
                } else {
                    events.push_back(ProviderEvent::Error(format!(
                        "the model's response failed ({kind}{}{code})",
                        if code.is_empty() { "" } else { ", " }
                    )));
                    return;
                }
            }
            _ => {}
        }
        if create {
            out.push_back(response_create());
        }
    }
}

fn text(value: Value) -> Message {
    Message::text(value.to_string())
}

fn response_create() -> Message {
    Message::text(r#"{"type":"response.create"}"#)
}

/// The GA `session.update`: µ-law both ways, the agent's voice, instructions, VAD and tools.
pub fn session_update(s: &SessionSettings) -> Value {
    let mut turn_detection = json!({"type": s.turn_detection});
    if s.turn_detection == "semantic_vad" {
        turn_detection["eagerness"] = json!(s.eagerness);
    }
    let mut input = json!({"format": {"type": "audio/pcmu"}, "turn_detection": turn_detection});
    if let Some(kind) = s.noise_reduction {
        input["noise_reduction"] = json!({"type": kind});
    }
    let tools: Vec<Value> = s
        .tools
        .iter()
        .map(|t| json!({"type": "function", "name": t.name, "description": t.description, "parameters": t.parameters}))
        .collect();
    json!({
        "type": "session.update",
        "event_id": SESSION_UPDATE_ID,
        "session": {
            "type": "realtime",
            "model": s.model,
            "output_modalities": ["audio"],
            "instructions": s.instructions,
            "audio": {
                "input": input,
                "output": {"format": {"type": "audio/pcmu"}, "voice": s.voice, "speed": s.speed}
            },
            "tools": tools,
            "tool_choice": "auto"
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SessionSettings {
        SessionSettings {
            model: "gpt-realtime".into(),
            instructions: "Be brief.".into(),
            voice: "marin".into(),
            speed: 1.1,
            noise_reduction: Some("near_field"),
            turn_detection: "semantic_vad",
            eagerness: "high",
            tools: vec![],
        }
    }

    #[test]
    fn session_update_is_ga_and_mulaw_both_ways() {
        let u = session_update(&settings());
        assert_eq!(u["session"]["type"], "realtime");
        assert_eq!(u["session"]["audio"]["input"]["format"]["type"], "audio/pcmu");
        assert_eq!(u["session"]["audio"]["output"]["format"]["type"], "audio/pcmu");
        assert_eq!(u["session"]["audio"]["output"]["voice"], "marin");
        assert_eq!(u["session"]["audio"]["input"]["turn_detection"]["eagerness"], "high");
        assert_eq!(u["session"]["audio"]["input"]["noise_reduction"]["type"], "near_field");
    }

    #[test]
    fn a_session_is_confirmed_only_with_mulaw_both_ways() {
        let pcmu = json!({"type": "audio/pcmu"});
        let updated = |input: &Value| {
            json!({"type": "session.updated", "session": {"audio": {
                "input": {"format": input}, "output": {"format": pcmu}}}})
        };
        assert!(matches!(confirmation(&updated(&pcmu)), Answer::Accepted));
        let pcm = json!({"type": "audio/pcm", "rate": 24000});
        assert!(matches!(confirmation(&updated(&pcm)), Answer::Refused(_)));
        let refused = json!({"type": "error", "error": {"type": "invalid_request_error",
            "code": "invalid_value", "message": "Invalid value: 'nova'.",
            "param": "session.audio.output.voice"}});
        let Answer::Refused(why) = confirmation(&refused) else { panic!("refused") };
        assert!(why.contains("session.audio.output.voice"), "{why}");
        assert!(matches!(confirmation(&json!({"type": "session.created"})), Answer::Other));
    }

    struct Run {
        dialect: Dialect,
        events: VecDeque<ProviderEvent>,
        out: VecDeque<Message>,
    }

    impl Run {
        fn new() -> Run {
            Run { dialect: Dialect::default(), events: VecDeque::new(), out: VecDeque::new() }
        }

        fn receive(&mut self, event: Value) {
            self.dialect.decode(&Message::text(event.to_string()), &mut self.events, &mut self.out);
        }

        fn sent(&mut self) -> Vec<String> {
            self.out
                .drain(..)
                .map(|m| {
                    let v: Value =
                        serde_json::from_str(m.to_text().unwrap_or_default()).unwrap_or_default();
                    v["type"].as_str().unwrap_or_default().to_string()
                })
                .collect()
        }

        fn result(&mut self, call_id: &str) {
            let result = ProviderCommand::ToolResult { call_id, name: "end_call", output: "ok" };
            self.dialect.encode(result, &mut self.out);
        }
    }

    #[test]
    fn decodes_both_audio_dialects_and_tool_calls() {
        let mut run = Run::new();
        run.receive(
            json!({"type": "response.output_audio.delta", "item_id": "i1", "delta": "AAAA"}),
        );
        run.receive(json!({"type": "response.audio.delta", "item_id": "i1", "delta": "AAAA"}));
        let audio = ProviderEvent::AudioDelta { item_id: "i1".into(), audio: "AAAA".into() };
        assert_eq!(Vec::from(std::mem::take(&mut run.events)), vec![audio.clone(), audio]);
        run.receive(json!({"type": "response.function_call_arguments.done", "call_id": "c1", "name": "end_call", "arguments": "{}"}));
        run.receive(json!({"type": "rate_limits.updated", "rate_limits": []}));
        // Fields of unexpected types don't lose the event.
        run.receive(
            json!({"type": "input_audio_buffer.speech_started", "item_id": 7, "delta": {}}),
        );
        assert_eq!(
            Vec::from(run.events),
            vec![
                ProviderEvent::ToolCall {
                    call_id: "c1".into(),
                    name: "end_call".into(),
                    arguments: "{}".into()
                },
                ProviderEvent::SpeechStarted
            ]
        );
    }

    #[test]
    fn encodes_caller_audio_as_an_append() {
        let mut out = VecDeque::new();
        Dialect::default().encode(ProviderCommand::Audio("/w=="), &mut out);
        assert_eq!(
            out[0].to_text().ok(),
            Some(r#"{"type":"input_audio_buffer.append","audio":"/w=="}"#)
        );
    }

    #[test]
    fn a_tool_result_waits_for_the_active_response_to_be_done() {
        let mut run = Run::new();
        run.result("c0");
        assert_eq!(
            run.sent(),
            ["conversation.item.create", "response.create"],
            "no response active"
        );

        run.receive(json!({"type": "response.created", "response": {"id": "r1"}}));
        run.result("c1");
        run.result("c2");
        assert!(run.sent().is_empty(), "held while the response is active");
        run.receive(
            json!({"type": "response.done", "response": {"id": "r1", "status": "completed"}}),
        );
        assert_eq!(
            run.sent(),
            ["conversation.item.create", "conversation.item.create", "response.create"],
            "both results, then one response"
        );
        run.receive(json!({"type": "response.created", "response": {"id": "r2"}}));
        run.receive(
            json!({"type": "response.done", "response": {"id": "r2", "status": "cancelled"}}),
        );
        assert!(run.sent().is_empty(), "nothing held, nothing sent");
    }

    fn failed(kind: &str, code: &str) -> Value {
        json!({"type": "response.done", "response": {"id": "r", "status": "failed",
            "status_details": {"type": "failed", "error": {"type": kind, "code": code}}}})
    }

    #[test]
    fn a_transient_failure_is_retried_once_then_ends_the_call() {
        let mut run = Run::new();
        run.receive(json!({"type": "response.created", "response": {"id": "r"}}));
        run.receive(failed("server_error", "server_error"));
        assert_eq!(run.sent(), ["response.create"], "retried");
        assert!(!run.events.iter().any(|e| matches!(e, ProviderEvent::Error(_))));
        run.receive(failed("server_error", "server_error"));
        assert!(run.sent().is_empty(), "not twice");
        assert!(matches!(run.events.back(), Some(ProviderEvent::Error(_))));

        // A completed response makes the next failure worth a retry again.
        let mut run = Run::new();
        run.receive(failed("rate_limit_error", "rate_limit_exceeded"));
        run.receive(json!({"type": "response.done", "response": {"status": "completed"}}));
        run.receive(failed("rate_limit_error", "rate_limit_exceeded"));
        assert_eq!(run.sent(), ["response.create", "response.create"]);
    }

    #[test]
    fn a_quota_failure_ends_the_call_at_once() {
        let mut run = Run::new();
        run.receive(failed("invalid_request_error", "insufficient_quota"));
        assert!(run.sent().is_empty());
        let Some(ProviderEvent::Error(why)) = run.events.back() else { panic!("an error") };
        assert!(why.contains("insufficient_quota"), "{why}");
    }

    #[test]
    fn only_fatal_errors_end_the_call() {
        let mut run = Run::new();
        for (kind, code) in [
            ("invalid_request_error", "response_cancel_not_active"),
            ("server_error", ""),
            ("invalid_request_error", "conversation_already_has_active_response"),
        ] {
            run.receive(
                json!({"type": "error", "error": {"type": kind, "code": code, "message": "m"}}),
            );
        }
        assert!(run.events.is_empty(), "the call goes on");
        run.receive(json!({"type": "error", "error": {"type": "invalid_request_error",
            "code": "session_expired", "message": "Your session hit the maximum duration of 60 minutes."}}));
        assert!(matches!(run.events.back(), Some(ProviderEvent::Error(_))));
    }
}
