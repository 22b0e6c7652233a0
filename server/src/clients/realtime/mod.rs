//! Realtime speech providers: one shape for a live session, whichever model answers.
//!
//! A [`RealtimeSession`] is the provider's socket and the little state its dialect needs. It
//! has no tasks or channels of its own: the call's task sends caller audio with
//! [`RealtimeSession::send`] and reads the model with [`RealtimeSession::next_event`], so a
//! frame crosses no queue and wakes no other task on its way through, and everything a call
//! holds ends with its task.

pub mod gemini;
pub mod openai;

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A provider's WebSocket.
pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long a closing session waits for the provider to acknowledge, in the background.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

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

/// What the bridge tells a provider. Borrowed: caller audio goes from Twilio's frame into the
/// provider's without a copy of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProviderCommand<'a> {
    /// Caller audio: base64 µ-law 8 kHz, as Twilio sent it.
    Audio(&'a str),
    /// Cut the model's item at what the caller actually heard.
    Truncate { item_id: &'a str, audio_end_ms: u64 },
    /// A tool's result; the model then goes on.
    ToolResult { call_id: &'a str, name: &'a str, output: &'a str },
}

/// The provider's socket is gone.
#[derive(Debug, thiserror::Error)]
#[error("the realtime provider's session is gone")]
pub struct SessionGone;

/// Each provider's wire format.
enum Dialect {
    OpenAi,
    Gemini(gemini::Codec),
}

/// A live session with a realtime speech provider.
pub struct RealtimeSession {
    socket: Socket,
    dialect: Dialect,
    /// Events decoded but not yet taken: one Gemini message may carry several.
    pending: VecDeque<ProviderEvent>,
}

impl RealtimeSession {
    fn new(socket: Socket, dialect: Dialect) -> RealtimeSession {
        RealtimeSession { socket, dialect, pending: VecDeque::new() }
    }

    /// Sends a command and waits until the socket has taken it: a slow provider slows only
    /// this call's audio, and nothing piles up in memory.
    pub async fn send(&mut self, command: ProviderCommand<'_>) -> Result<(), SessionGone> {
        let messages = match &mut self.dialect {
            Dialect::OpenAi => openai::encode(command),
            Dialect::Gemini(codec) => codec.encode(command),
        };
        for text in messages {
            self.socket.feed(Message::text(text)).await.map_err(|_| SessionGone)?;
        }
        self.socket.flush().await.map_err(|_| SessionGone)
    }

    /// The provider's next event; [`ProviderEvent::Closed`] once the socket has ended (and on
    /// every call after). Cancel-safe: an event is decoded only once its message is read whole.
    pub async fn next_event(&mut self) -> ProviderEvent {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return event;
            }
            let message = match self.socket.next().await {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return ProviderEvent::Closed,
                Some(Ok(message)) => message,
            };
            match &mut self.dialect {
                Dialect::OpenAi => openai::decode(&message, &mut self.pending),
                Dialect::Gemini(codec) => codec.decode(&message, &mut self.pending),
            }
        }
    }

    /// Ends the session: no session may outlive its call, as providers bill by the minute.
    /// The closing handshake finishes in the background, so the call's end waits for nothing.
    pub fn close(self) {
        let mut socket = self.socket;
        tokio::spawn(async move {
            let _ = tokio::time::timeout(CLOSE_TIMEOUT, socket.close(None)).await;
        });
    }
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

/// `https://host/v1` → `wss://host/v1` (and `http` → `ws`, for local providers).
pub(crate) fn ws_base(base_url: &str) -> String {
    match base_url.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", base_url.trim_start_matches("http://")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("no API key is configured for the realtime provider")]
    NoApiKey,
    #[error("could not connect to the realtime provider: {0}")]
    Connect(String),
}
