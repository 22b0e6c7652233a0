//! OpenAI Realtime (GA) over WebSocket. Audio is G.711 µ-law both ways (`audio/pcmu`), exactly
//! what Twilio carries, so it passes through untouched: no transcoding, no added latency.

use futures_util::{SinkExt, StreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{
    ConnectError, ProviderCommand, ProviderEvent, ProviderSender, ProviderSession, SessionSettings,
};

/// Frames in flight either way; past this the sending side waits.
const CHANNEL_DEPTH: usize = 256;

/// Opens a session and configures it. `base_url` is the HTTP base (`https://api.openai.com/v1`);
/// the socket is at `wss://…/v1/realtime?model=…`.
pub async fn connect(
    base_url: &str,
    api_key: Option<&SecretString>,
    settings: &SessionSettings,
) -> Result<ProviderSession, ConnectError> {
    let key = api_key.ok_or(ConnectError::NoApiKey)?;
    let ws_base = match base_url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", base_url.trim_start_matches("http://")),
    };
    let url = format!("{ws_base}/realtime?model={}", settings.model);
    let mut request =
        url.as_str().into_client_request().map_err(|e| ConnectError::Connect(e.to_string()))?;
    let auth = format!("Bearer {}", key.expose_secret())
        .parse()
        .map_err(|_| ConnectError::Connect("the API key is not a valid header value".into()))?;
    request.headers_mut().insert("Authorization", auth);
    let (socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(super::socket_config()), true)
            .await
            .map_err(|e| ConnectError::Connect(e.to_string()))?;
    let (mut sink, mut stream) = socket.split();

    sink.send(Message::text(session_update(settings).to_string()))
        .await
        .map_err(|e| ConnectError::Connect(e.to_string()))?;

    let (command_tx, mut command_rx) = mpsc::channel::<ProviderCommand>(CHANNEL_DEPTH);
    let (event_tx, event_rx) = mpsc::channel::<ProviderEvent>(CHANNEL_DEPTH);

    // Writer: the bridge's commands onto the socket. Ends on Close or when the bridge drops it.
    tokio::spawn(async move {
        while let Some(command) = command_rx.recv().await {
            let events: Vec<Value> = match command {
                ProviderCommand::Audio(audio) => {
                    vec![json!({"type": "input_audio_buffer.append", "audio": audio})]
                }
                ProviderCommand::Truncate { item_id, audio_end_ms } => vec![json!({
                    "type": "conversation.item.truncate", "item_id": item_id, "content_index": 0,
                    "audio_end_ms": audio_end_ms
                })],
                ProviderCommand::ToolResult { call_id, output, .. } => vec![
                    json!({"type": "conversation.item.create",
                           "item": {"type": "function_call_output", "call_id": call_id, "output": output}}),
                    json!({"type": "response.create"}),
                ],
                ProviderCommand::Close => break,
            };
            for event in events {
                if sink.send(Message::text(event.to_string())).await.is_err() {
                    return;
                }
            }
        }
        let _ = sink.close().await;
    });

    // Reader: the provider's events, translated. Ends with the socket.
    tokio::spawn(async move {
        while let Some(message) = stream.next().await {
            let text = match message {
                Ok(Message::Text(text)) => text,
                Ok(Message::Close(_)) | Err(_) => break,
                Ok(_) => continue,
            };
            let Ok(event) = serde_json::from_str::<Value>(&text) else { continue };
            if let Some(translated) = translate(&event)
                && event_tx.send(translated).await.is_err()
            {
                return;
            }
        }
        let _ = event_tx.send(ProviderEvent::Closed).await;
    });

    Ok(ProviderSession { sender: ProviderSender(command_tx), events: event_rx })
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

    #[test]
    fn translates_both_audio_dialects_and_tool_calls() {
        let ga = json!({"type": "response.output_audio.delta", "item_id": "i1", "delta": "AAAA"});
        let beta = json!({"type": "response.audio.delta", "item_id": "i1", "delta": "AAAA"});
        let expected =
            Some(ProviderEvent::AudioDelta { item_id: "i1".into(), audio: "AAAA".into() });
        assert_eq!(translate(&ga), expected);
        assert_eq!(translate(&beta), expected);
        let tool = json!({"type": "response.function_call_arguments.done", "call_id": "c1", "name": "end_call", "arguments": "{}"});
        assert_eq!(
            translate(&tool),
            Some(ProviderEvent::ToolCall {
                call_id: "c1".into(),
                name: "end_call".into(),
                arguments: "{}".into()
            })
        );
        assert_eq!(translate(&json!({"type": "rate_limits.updated"})), None);
    }
}
