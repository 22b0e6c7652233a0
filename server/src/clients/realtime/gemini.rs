//! Gemini Live (BidiGenerateContent) over WebSocket. Gemini speaks PCM16 only — 16 kHz in,
//! 24 kHz out — so caller µ-law is decoded and upsampled on the way in, and model speech is
//! low-pass filtered, downsampled and µ-law encoded on the way out (`crate::audio`), with one
//! resampler per direction per call so filter state carries across frames.

use std::collections::VecDeque;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{SinkExt, StreamExt};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{
    ConnectError, Dialect, ProviderCommand, ProviderEvent, RealtimeSession, SessionSettings,
};
use crate::audio::{Downsampler24kTo8k, Upsampler8kTo16k, mulaw8k_to_pcm16k, pcm24k_to_mulaw8k};

const PATH: &str = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
/// Gemini answers `setup` with `setupComplete` before anything else; a server that doesn't
/// within this long is treated as down.
const SETUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub async fn connect(
    base_url: &str,
    api_key: Option<&SecretString>,
    settings: &SessionSettings,
) -> Result<RealtimeSession, ConnectError> {
    let key = api_key.ok_or(ConnectError::NoApiKey)?;
    let mut request = format!("{}{PATH}", super::ws_base(base_url))
        .as_str()
        .into_client_request()
        .map_err(|e| ConnectError::Connect(e.to_string()))?;
    // The key travels as a header rather than in the URL, which proxies and logs may keep.
    let header = key
        .expose_secret()
        .parse()
        .map_err(|_| ConnectError::Connect("the API key is not a valid header value".into()))?;
    request.headers_mut().insert("x-goog-api-key", header);
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(super::socket_config()), true)
            .await
            .map_err(|e| ConnectError::Connect(e.to_string()))?;
    socket
        .send(Message::text(setup(settings).to_string()))
        .await
        .map_err(|e| ConnectError::Connect(e.to_string()))?;
    let ready = tokio::time::timeout(SETUP_TIMEOUT, async {
        while let Some(message) = socket.next().await {
            match message {
                Ok(Message::Close(_)) | Err(_) => return false,
                Ok(other) => {
                    let Some(v) = json_of(&other) else { continue };
                    if v.get("setupComplete").is_some() || v.get("setup_complete").is_some() {
                        return true;
                    }
                }
            }
        }
        false
    })
    .await;
    if !matches!(ready, Ok(true)) {
        return Err(ConnectError::Connect("Gemini did not complete the setup".into()));
    }
    Ok(RealtimeSession::new(socket, Dialect::Gemini(Codec::new())))
}

/// A call's audio conversion both ways, with the filter state that carries across frames, and
/// the turn counter that stands in for item ids (Gemini has none), so the bridge can tell an
/// interrupted turn's leftovers from the next turn.
pub(super) struct Codec {
    up: Upsampler8kTo16k,
    down: Downsampler24kTo8k,
    turn: u64,
}

impl Codec {
    fn new() -> Codec {
        Codec { up: Upsampler8kTo16k::new(), down: Downsampler24kTo8k::new(), turn: 1 }
    }

    /// The bridge's command as client messages.
    pub(super) fn encode(&mut self, command: ProviderCommand<'_>) -> Vec<String> {
        let message = match command {
            ProviderCommand::Audio(b64) => {
                let Ok(ulaw) = STANDARD.decode(b64) else { return Vec::new() };
                let pcm = mulaw8k_to_pcm16k(&mut self.up, &ulaw);
                json!({"realtimeInput": {"audio": {"data": STANDARD.encode(pcm), "mimeType": "audio/pcm;rate=16000"}}})
            }
            ProviderCommand::ToolResult { call_id, name, output } => json!({
                "toolResponse": {"functionResponses": [{"id": call_id, "name": name, "response": {"result": output}}]}
            }),
            // Gemini stops generating by itself on barge-in; it has no truncate.
            ProviderCommand::Truncate { .. } => return Vec::new(),
        };
        vec![message.to_string()]
    }

    /// A server message → the events the bridge acts on.
    pub(super) fn decode(&mut self, message: &Message, out: &mut VecDeque<ProviderEvent>) {
        let Some(v) = json_of(message) else { return };
        if let Some(content) = field(&v, "serverContent", "server_content") {
            if content.get("interrupted").and_then(Value::as_bool) == Some(true) {
                self.turn += 1;
                out.push_back(ProviderEvent::Interrupted);
            }
            let parts = field(content, "modelTurn", "model_turn")
                .and_then(|t| t.get("parts"))
                .and_then(Value::as_array);
            for part in parts.into_iter().flatten() {
                let Some(data) = field(part, "inlineData", "inline_data")
                    .and_then(|d| d.get("data"))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                let Ok(pcm) = STANDARD.decode(data) else { continue };
                let ulaw = pcm24k_to_mulaw8k(&mut self.down, &pcm);
                if !ulaw.is_empty() {
                    out.push_back(ProviderEvent::AudioDelta {
                        item_id: format!("turn-{}", self.turn),
                        audio: STANDARD.encode(ulaw),
                    });
                }
            }
            if field(content, "turnComplete", "turn_complete").and_then(Value::as_bool)
                == Some(true)
            {
                self.turn += 1;
            }
        }
        if let Some(calls) = field(&v, "toolCall", "tool_call")
            .and_then(|c| field(c, "functionCalls", "function_calls"))
            .and_then(Value::as_array)
        {
            for call in calls {
                out.push_back(ProviderEvent::ToolCall {
                    call_id: call["id"].as_str().unwrap_or_default().to_string(),
                    name: call["name"].as_str().unwrap_or_default().to_string(),
                    arguments: call
                        .get("args")
                        .map(Value::to_string)
                        .unwrap_or_else(|| "{}".into()),
                });
            }
        }
        if v.get("goAway").is_some() || v.get("go_away").is_some() {
            tracing::warn!("Gemini will close this session soon (goAway)");
        }
    }
}

/// The JSON in a frame. Gemini sends its messages as binary frames (text frames work too).
fn json_of(message: &Message) -> Option<Value> {
    match message {
        Message::Text(text) => serde_json::from_str(text).ok(),
        Message::Binary(bytes) => serde_json::from_slice(bytes).ok(),
        _ => None,
    }
}

/// A message field under either proto-JSON spelling.
fn field<'a>(v: &'a Value, camel: &str, snake: &str) -> Option<&'a Value> {
    v.get(camel).or_else(|| v.get(snake))
}

/// The one `setup` message: model, audio out with the agent's voice, instructions, tools.
pub fn setup(s: &SessionSettings) -> Value {
    let declarations: Vec<Value> = s
        .tools
        .iter()
        .map(|t| json!({"name": t.name, "description": t.description, "parameters": t.parameters}))
        .collect();
    let model = if s.model.starts_with("models/") {
        s.model.clone()
    } else {
        format!("models/{}", s.model)
    };
    let mut setup = json!({
        "setup": {
            "model": model,
            "generationConfig": {
                "responseModalities": ["AUDIO"],
                "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": s.voice}}}
            },
            "systemInstruction": {"parts": [{"text": s.instructions}]}
        }
    });
    if !declarations.is_empty() {
        setup["setup"]["tools"] = json!([{"functionDeclarations": declarations}]);
    }
    setup
}
