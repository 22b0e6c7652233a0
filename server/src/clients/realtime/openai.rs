//! OpenAI Realtime (GA) over WebSocket. Audio is G.711 µ-law both ways (`audio/pcmu`), exactly
//! what Twilio carries, so it passes through untouched: no transcoding, no added latency.

use std::borrow::Cow;
use std::collections::VecDeque;

use futures_util::SinkExt;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{
    ConnectError, Dialect, ProviderCommand, ProviderEvent, RealtimeSession, SessionSettings,
};

/// Opens a session and configures it. `base_url` is the HTTP base (`https://api.openai.com/v1`);
/// the socket is at `wss://…/v1/realtime?model=…`.
pub async fn connect(
    base_url: &str,
    api_key: Option<&SecretString>,
    settings: &SessionSettings,
) -> Result<RealtimeSession, ConnectError> {
    let key = api_key.ok_or(ConnectError::NoApiKey)?;
    let url = format!("{}/realtime?model={}", super::ws_base(base_url), settings.model);
    let mut request =
        url.as_str().into_client_request().map_err(|e| ConnectError::Connect(e.to_string()))?;
    let auth = format!("Bearer {}", key.expose_secret())
        .parse()
        .map_err(|_| ConnectError::Connect("the API key is not a valid header value".into()))?;
    request.headers_mut().insert("Authorization", auth);
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(super::socket_config()), true)
            .await
            .map_err(|e| ConnectError::Connect(e.to_string()))?;
    socket
        .send(Message::text(session_update(settings).to_string()))
        .await
        .map_err(|e| ConnectError::Connect(e.to_string()))?;
    Ok(RealtimeSession::new(socket, Dialect::OpenAi))
}

/// Caller audio, the one client event sent fifty times a second: serialised from borrowed
/// parts (the audio is escaped like any string, though base64 never needs it).
#[derive(Serialize)]
struct Append<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    audio: &'a str,
}

/// The bridge's command as client events.
pub(super) fn encode(command: ProviderCommand<'_>) -> Vec<String> {
    match command {
        ProviderCommand::Audio(audio) => {
            let append = Append { kind: "input_audio_buffer.append", audio };
            vec![serde_json::to_string(&append).unwrap_or_default()]
        }
        ProviderCommand::Truncate { item_id, audio_end_ms } => vec![
            json!({
                "type": "conversation.item.truncate", "item_id": item_id, "content_index": 0,
                "audio_end_ms": audio_end_ms
            })
            .to_string(),
        ],
        ProviderCommand::ToolResult { call_id, output, .. } => vec![
            json!({"type": "conversation.item.create",
                   "item": {"type": "function_call_output", "call_id": call_id, "output": output}})
            .to_string(),
            json!({"type": "response.create"}).to_string(),
        ],
    }
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

/// A server message → the events the bridge acts on.
pub(super) fn decode(message: &Message, out: &mut VecDeque<ProviderEvent>) {
    let Message::Text(text) = message else { return };
    if let Ok(head) = serde_json::from_str::<Head>(text)
        && matches!(&*head.kind, "response.output_audio.delta" | "response.audio.delta")
    {
        if let Some(audio) = head.delta {
            let item_id = head.item_id.map(Cow::into_owned).unwrap_or_default();
            out.push_back(ProviderEvent::AudioDelta { item_id, audio: audio.into_owned() });
        }
        return;
    }
    // Everything else is rare: read it whole.
    if let Ok(event) = serde_json::from_str::<Value>(text)
        && let Some(translated) = translate(&event)
    {
        out.push_back(translated);
    }
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

/// GA server events → what the bridge needs. The beta audio name is accepted too, so a provider
/// that still speaks it works.
fn translate(event: &Value) -> Option<ProviderEvent> {
    let kind = event["type"].as_str()?;
    match kind {
        "response.output_audio.delta" | "response.audio.delta" => Some(ProviderEvent::AudioDelta {
            item_id: event["item_id"].as_str().unwrap_or_default().to_string(),
            audio: event["delta"].as_str()?.to_string(),
        }),
        "input_audio_buffer.speech_started" => Some(ProviderEvent::SpeechStarted),
        "response.created" => Some(ProviderEvent::ResponseStarted),
        "response.function_call_arguments.done" => Some(ProviderEvent::ToolCall {
            call_id: event["call_id"].as_str()?.to_string(),
            name: event["name"].as_str().unwrap_or_default().to_string(),
            arguments: event["arguments"].as_str().unwrap_or("{}").to_string(),
        }),
        "error" => {
            let message = event["error"]["message"].as_str().unwrap_or("unknown error").to_string();
            tracing::warn!(provider_error = %message, "realtime provider reported an error");
            // Errors about a single client event (a bad truncate, say) don't end the call.
            (event["error"]["type"].as_str() == Some("server_error"))
                .then_some(ProviderEvent::Error(message))
        }
        _ => None,
    }
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

    fn decoded(event: Value) -> Vec<ProviderEvent> {
        let mut out = VecDeque::new();
        decode(&Message::text(event.to_string()), &mut out);
        out.into()
    }

    #[test]
    fn decodes_both_audio_dialects_and_tool_calls() {
        let ga = json!({"type": "response.output_audio.delta", "item_id": "i1", "delta": "AAAA"});
        let beta = json!({"type": "response.audio.delta", "item_id": "i1", "delta": "AAAA"});
        let expected =
            vec![ProviderEvent::AudioDelta { item_id: "i1".into(), audio: "AAAA".into() }];
        assert_eq!(decoded(ga), expected);
        assert_eq!(decoded(beta), expected);
        let tool = json!({"type": "response.function_call_arguments.done", "call_id": "c1", "name": "end_call", "arguments": "{}"});
        assert_eq!(
            decoded(tool),
            vec![ProviderEvent::ToolCall {
                call_id: "c1".into(),
                name: "end_call".into(),
                arguments: "{}".into()
            }]
        );
        assert_eq!(decoded(json!({"type": "rate_limits.updated", "rate_limits": []})), vec![]);
        // Fields of unexpected types don't lose the event.
        let odd = json!({"type": "input_audio_buffer.speech_started", "item_id": 7, "delta": {}});
        assert_eq!(decoded(odd), vec![ProviderEvent::SpeechStarted]);
    }

    #[test]
    fn encodes_caller_audio_as_an_append() {
        let [append] = &encode(ProviderCommand::Audio("/w=="))[..] else { panic!("one event") };
        assert_eq!(append, r#"{"type":"input_audio_buffer.append","audio":"/w=="}"#);
        let tool = ProviderCommand::ToolResult { call_id: "c1", name: "end_call", output: "ok" };
        assert_eq!(encode(tool).len(), 2, "the result, then a response");
    }
}
