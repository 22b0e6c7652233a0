//! Gemini Live (BidiGenerateContent) over WebSocket. Gemini speaks PCM16 only — 16 kHz in,
//! 24 kHz out — so caller µ-law is decoded and upsampled on the way in, and model speech is
//! low-pass filtered, downsampled and µ-law encoded on the way out (`crate::audio`), with one
//! resampler per direction per call so filter state carries across frames.
//!
//! A Live connection lasts about ten minutes, a call as long as it takes: the session moves to a
//! new connection with the latest resumption handle when Gemini announces the end (`goAway`), at
//! the first moment nothing would be lost (the model is not speaking, no tool call is open, the
//! handle is newer than anything the model said), or just before the time left runs out. The old
//! connection is closed first (Gemini refuses to resume a session that still has one open);
//! caller audio waits in the session's outbox meanwhile and goes out on the new connection, each
//! frame once. A connection that drops unannounced is resumed the same way.

mod resume;
mod server_message;
mod setup;
mod vad;

use std::collections::{HashSet, VecDeque};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::SinkExt;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

pub use setup::setup;

use super::wire::{self, Answer};
use super::writer::MessageWriter;
use super::{
    ConnectError, ProviderCommand, ProviderEvent, RealtimeSession, Reconnecting, SessionSettings,
    Socket, Speaker,
};
use crate::audio::{
    Downsampler24kTo8k, Upsampler8kTo16k, mulaw8k_to_pcm16k_into, pcm24k_to_mulaw8k_into,
};
use resume::Resumption;
use server_message::ServerContent;
use vad::VoiceActivity;

const PATH: &str = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";

/// Where and as whom a session connects, kept to open its later connections.
#[derive(Clone)]
pub(super) struct Endpoint {
    url: String,
    key: SecretString,
    settings: SessionSettings,
}

impl Endpoint {
    /// Opens a connection and sends the setup (resuming from `handle`), returning once Gemini
    /// has answered `setupComplete`. A refused setup comes back as a close frame, whose code
    /// and reason the error keeps.
    async fn connect(&self, handle: Option<&str>) -> Result<Socket, ConnectError> {
        let request = wire::request(&self.url, "x-goog-api-key", self.key.expose_secret())?;
        let mut socket = wire::open(request).await?;
        let setup = setup::setup(&self.settings, handle).to_string();
        socket
            .send(Message::text(setup))
            .await
            .map_err(|e| ConnectError::Connect(e.to_string()))?;
        wire::confirm(&mut socket, "Gemini", |v| {
            if v.get("setupComplete").is_some() || v.get("setup_complete").is_some() {
                Answer::Accepted
            } else {
                Answer::Other
            }
        })
        .await?;
        Ok(socket)
    }
}

pub async fn connect(
    base_url: &str,
    api_key: Option<&SecretString>,
    settings: &SessionSettings,
) -> Result<RealtimeSession, ConnectError> {
    let endpoint = Endpoint {
        url: format!("{}{PATH}", wire::ws_base(base_url)),
        key: api_key.ok_or(ConnectError::NoApiKey)?.clone(),
        settings: settings.clone(),
    };
    let socket = endpoint.connect(None).await?;
    let dialect = Dialect::new(endpoint);
    Ok(RealtimeSession::new(socket, super::Dialect::Gemini(Box::new(dialect))))
}

/// A call's Gemini session: the audio conversion both ways (with the filter state that carries
/// across frames), the turn counter that stands in for item ids (Gemini has none, and the bridge
/// must tell an interrupted turn's leftovers from the next turn), the caller's voice activity,
/// the open function calls, and what it takes to resume on a new connection.
pub(super) struct Dialect {
    up: Upsampler8kTo16k,
    down: Downsampler24kTo8k,
    turn: u64,
    /// The model is producing a turn: Gemini itself reports barge-in (`interrupted`) meanwhile.
    generating: bool,
    vad: VoiceActivity,
    /// Function calls asked and not yet answered.
    open_calls: HashSet<String>,
    /// Function calls Gemini cancelled: their results are no longer wanted.
    cancelled: HashSet<String>,
    resumption: Resumption,
    endpoint: Endpoint,
    buffers: Buffers,
}

/// Audio on its way through, kept between frames so converting it allocates nothing.
#[derive(Default)]
struct Buffers {
    ulaw: Vec<u8>,
    pcm: Vec<u8>,
    b64: String,
    writer: MessageWriter,
}

/// Caller audio as a client message, around its base64.
const AUDIO_HEAD: &str = r#"{"realtimeInput":{"audio":{"data":""#;
const AUDIO_TAIL: &str = r#"","mimeType":"audio/pcm;rate=16000"}}}"#;

impl Dialect {
    fn new(endpoint: Endpoint) -> Dialect {
        Dialect {
            up: Upsampler8kTo16k::new(),
            down: Downsampler24kTo8k::new(),
            turn: 1,
            generating: false,
            vad: VoiceActivity::default(),
            open_calls: HashSet::new(),
            cancelled: HashSet::new(),
            resumption: Resumption::default(),
            endpoint,
            buffers: Buffers::default(),
        }
    }

    /// The bridge's command as client messages. Caller audio also feeds the voice-activity
    /// detector: speech starting while the model is silent is reported as `SpeechStarted`.
    pub(super) fn encode(
        &mut self,
        command: ProviderCommand<'_>,
        out: &mut VecDeque<Message>,
        events: &mut VecDeque<ProviderEvent>,
    ) {
        let message = match command {
            ProviderCommand::Audio(b64) => {
                let b = &mut self.buffers;
                b.ulaw.clear();
                if STANDARD.decode_vec(b64, &mut b.ulaw).is_err() {
                    return;
                }
                if self.vad.push(&b.ulaw) && !self.generating {
                    events.push_back(ProviderEvent::SpeechStarted);
                }
                b.pcm.clear();
                mulaw8k_to_pcm16k_into(&mut self.up, &b.ulaw, &mut b.pcm);
                b.b64.clear();
                STANDARD.encode_string(&b.pcm, &mut b.b64);
                let parts = [AUDIO_HEAD, b.b64.as_str(), AUDIO_TAIL];
                out.push_back(b.writer.text(&parts));
                return;
            }
            ProviderCommand::ToolResult { call_id, name, output } => {
                self.open_calls.remove(call_id);
                if self.cancelled.remove(call_id) {
                    tracing::info!(
                        tool = name,
                        "the tool's result is dropped: Gemini cancelled the call"
                    );
                    return;
                }
                json!({"toolResponse": {"functionResponses": [
                    {"id": call_id, "name": name, "response": {"result": output}}
                ]}})
            }
            // Gemini stops generating by itself on barge-in; it has no truncate.
            ProviderCommand::Truncate { .. } => return,
        };
        out.push_back(Message::text(message.to_string()));
    }

    /// A server message → the events the bridge acts on.
    pub(super) fn decode(&mut self, message: &Message, out: &mut VecDeque<ProviderEvent>) {
        let Some(message) = server_message::parse(message) else { return };
        if let Some(content) = message.server_content {
            self.server_content(content, out);
        }
        if let Some(tool_call) = message.tool_call {
            self.resumption.activity();
            for call in tool_call.function_calls {
                self.open_calls.insert(call.id.clone());
                out.push_back(ProviderEvent::ToolCall {
                    call_id: call.id,
                    name: call.name,
                    arguments: call.args.map_or_else(|| "{}".into(), |a| a.to_string()),
                });
            }
        }
        if let Some(cancellation) = message.tool_call_cancellation {
            for id in cancellation.ids {
                if self.open_calls.remove(&id) {
                    self.cancelled.insert(id);
                }
            }
        }
        if let Some(update) = message.session_resumption_update {
            let handle = update.new_handle.filter(|_| update.resumable);
            self.resumption.update(handle.as_deref());
        }
        if let Some(go_away) = message.go_away {
            let time_left = go_away.time_left.as_deref();
            tracing::info!(time_left, "Gemini will end this connection soon (goAway)");
            self.resumption.go_away(time_left, Instant::now());
        }
    }

    fn server_content(&mut self, content: ServerContent<'_>, out: &mut VecDeque<ProviderEvent>) {
        if content.interrupted {
            self.generating = false;
            self.turn += 1;
            out.push_back(ProviderEvent::Interrupted);
        }
        let parts = content.model_turn.map(|t| t.parts).unwrap_or_default();
        for data in parts.iter().filter_map(|p| p.inline_data.as_ref()).map(|d| &d.data) {
            let b = &mut self.buffers;
            b.pcm.clear();
            if STANDARD.decode_vec(data.as_bytes(), &mut b.pcm).is_err() {
                continue;
            }
            self.generating = true;
            self.resumption.activity();
            b.ulaw.clear();
            pcm24k_to_mulaw8k_into(&mut self.down, &b.pcm, &mut b.ulaw);
            if !b.ulaw.is_empty() {
                out.push_back(ProviderEvent::AudioDelta {
                    item_id: format!("turn-{}", self.turn),
                    audio: STANDARD.encode(&b.ulaw),
                });
            }
        }
        for (transcription, speaker) in [
            (content.input_transcription, Speaker::Caller),
            (content.output_transcription, Speaker::Agent),
        ] {
            if let Some(text) = transcription.map(|t| t.text).filter(|t| !t.is_empty()) {
                out.push_back(ProviderEvent::Transcript { speaker, text });
            }
        }
        if content.generation_complete {
            self.generating = false;
        }
        if content.turn_complete {
            self.generating = false;
            self.turn += 1;
        }
    }

    pub(super) fn move_deadline(&self) -> Option<Instant> {
        self.resumption.leave_by().filter(|_| self.resumption.has_handle())
    }

    /// The connection is due to end, and leaving it now loses nothing.
    pub(super) fn ready_to_move(&self) -> bool {
        self.resumption.leave_by().is_some()
            && self.resumption.is_fresh()
            && !self.generating
            && self.open_calls.is_empty()
    }

    /// A new connection resuming the session from the latest handle, once `old` is closed.
    /// `None` when there is nothing to resume from, or Gemini closed the connection because of
    /// what was sent (resuming would send it again).
    pub(super) fn reconnect(
        &mut self,
        old: Option<Socket>,
        closed: Option<&CloseFrame>,
    ) -> Option<Reconnecting> {
        if let Some(frame) = closed.filter(|f| matches!(u16::from(f.code), 1007 | 1008)) {
            tracing::error!(code = u16::from(frame.code), reason = %frame.reason, "Gemini refused what the session sent");
            return None;
        }
        let Some(handle) = self.resumption.handle() else {
            tracing::warn!("the Gemini connection ended before a resumption handle arrived");
            return None;
        };
        let endpoint = self.endpoint.clone();
        Some(Box::pin(resume::reconnect(endpoint, handle, old)))
    }

    /// The session is on its new connection: whatever was under way on the old one is over.
    pub(super) fn reconnected(&mut self) {
        self.generating = false;
        self.turn += 1;
        self.resumption.moved();
    }
}

#[cfg(test)]
mod tests;
