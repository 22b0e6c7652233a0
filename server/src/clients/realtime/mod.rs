//! Realtime speech providers: one shape for a live session, whichever model answers.
//!
//! A session is two halves: a [`ProviderSender`] the bridge writes caller audio and control
//! events to, and a bounded channel of [`ProviderEvent`]s it reads. Each session owns its own
//! socket and tasks, which end with the session.

pub mod gemini;
pub mod openai;

use tokio::sync::mpsc;

/// What a provider tells the bridge.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderEvent {
    /// Model speech for the caller: base64 µ-law 8 kHz, ready for Twilio.
    AudioDelta { item_id: String, audio: String },
    /// The caller started talking (barge-in when the model is speaking): the bridge clears
    /// Twilio's queue and truncates the model's item at what was heard.
    SpeechStarted,
    /// The provider itself stopped speaking because the caller talked over it (Gemini): the
    /// bridge clears Twilio's queue; there is nothing to truncate.
    Interrupted,
    /// The model began a new response.
    ResponseStarted,
    /// The model asked for a tool.
    ToolCall { call_id: String, name: String, arguments: String },
    /// The provider reported an error it will not recover from.
    Error(String),
    /// The provider's socket ended.
    Closed,
}

/// What the bridge tells a provider.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderCommand {
    /// Caller audio: base64 µ-law 8 kHz, as Twilio sent it.
    Audio(String),
    /// Cut the model's item at what the caller actually heard.
    Truncate {
        item_id: String,
        audio_end_ms: u64,
    },
    /// A tool's result; the model then goes on.
    ToolResult {
        call_id: String,
        name: String,
        output: String,
    },
    Close,
}

/// The bridge's handle for sending to a provider. Bounded: a slow provider slows the caller's
/// audio loop instead of growing memory.
#[derive(Clone, Debug)]
pub struct ProviderSender(pub(crate) mpsc::Sender<ProviderCommand>);

impl ProviderSender {
    /// `false` once the provider session is gone.
    pub async fn send(&self, command: ProviderCommand) -> bool {
        self.0.send(command).await.is_ok()
    }
}

/// A live session: send with `sender`, receive from `events`.
pub struct ProviderSession {
    pub sender: ProviderSender,
    pub events: mpsc::Receiver<ProviderEvent>,
}

/// How the session should sound and behave (from the agent's configuration).
#[derive(Debug, Clone)]
pub struct SessionSettings {
    pub model: String,
    pub instructions: String,
    pub voice: String,
    pub speed: f64,
    pub noise_reduction: Option<&'static str>,
    pub turn_detection: &'static str,
    pub eagerness: &'static str,
    pub tools: Vec<ToolSpec>,
}

/// A function the model may call.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    pub name: &'static str,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// Provider sockets read in small chunks: tungstenite zero-fills `read_buffer_size` bytes on
/// every read (128 KiB by default), which for 20 ms audio frames of a few hundred bytes was the
/// relay's biggest cost. Larger messages still arrive, over several reads.
pub(crate) fn socket_config() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(4 * 1024)
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("no API key is configured for the realtime provider")]
    NoApiKey,
    #[error("could not connect to the realtime provider: {0}")]
    Connect(String),
}
