//! Realtime speech providers: one shape for a live session, whichever model answers.
//!
//! A [`RealtimeSession`] is the provider's socket and the little state its dialect needs. It
//! has no tasks or channels of its own: the call's task sends caller audio with
//! [`RealtimeSession::send`] and reads the model with [`RealtimeSession::next_event`], so a
//! frame crosses no queue and wakes no other task on its way through, and everything a call
//! holds ends with its task.
//!
//! What a dialect sends on its own (a tool result held until the model's response is done, a
//! retried response) goes through the session's outbox, written before anything else; so does
//! caller audio while a Gemini session moves to a new connection (the outbox then holds it
//! until the new connection is ready, so nothing is lost or sent twice).

pub mod early;
pub mod gemini;
pub mod openai;
mod wire;
mod writer;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub use wire::ConnectError;

/// A provider's WebSocket.
pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A new connection being opened for a session that moves (Gemini's resumption).
type Reconnecting = Pin<Box<dyn Future<Output = Result<Socket, ConnectError>> + Send>>;

/// How long a closing session waits for the provider to acknowledge, in the background.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Client messages held while a session moves to a new connection, at most: 30 s of 20 ms
/// frames, far more than a resumption takes. Past it the oldest go, so a provider that never
/// comes back cannot grow a call's memory.
const MAX_OUTBOX: usize = 1500;

/// Who said something, in a transcript event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Caller,
    Agent,
}

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
    /// Text of what was said, as the provider transcribed it (a piece of a turn).
    Transcript { speaker: Speaker, text: String },
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

/// Each provider's wire format and the state it keeps.
enum Dialect {
    OpenAi(openai::Dialect),
    Gemini(Box<gemini::Dialect>),
}

impl Dialect {
    fn encode(
        &mut self,
        command: ProviderCommand<'_>,
        outbox: &mut VecDeque<Message>,
        events: &mut VecDeque<ProviderEvent>,
    ) {
        match self {
            Dialect::OpenAi(d) => d.encode(command, outbox),
            Dialect::Gemini(d) => d.encode(command, outbox, events),
        }
    }

    fn decode(
        &mut self,
        message: &Message,
        events: &mut VecDeque<ProviderEvent>,
        outbox: &mut VecDeque<Message>,
    ) {
        match self {
            Dialect::OpenAi(d) => d.decode(message, events, outbox),
            Dialect::Gemini(d) => d.decode(message, events),
        }
    }

    /// When the connection must be left at the latest (a Gemini `goAway`).
    fn move_deadline(&self) -> Option<Instant> {
        match self {
            Dialect::OpenAi(_) => None,
            Dialect::Gemini(d) => d.move_deadline(),
        }
    }

    /// The connection is due to end and the session is at a point it can resume from.
    fn ready_to_move(&self) -> bool {
        match self {
            Dialect::OpenAi(_) => false,
            Dialect::Gemini(d) => d.ready_to_move(),
        }
    }

    /// A new connection resuming the session, if the dialect can resume; it closes `old` first.
    fn reconnect(
        &mut self,
        old: Option<Socket>,
        closed: Option<&CloseFrame>,
    ) -> Option<Reconnecting> {
        match self {
            Dialect::OpenAi(_) => None,
            Dialect::Gemini(d) => d.reconnect(old, closed),
        }
    }

    fn reconnected(&mut self) {
        if let Dialect::Gemini(d) = self {
            d.reconnected();
        }
    }
}

/// The session's connection.
#[expect(
    clippy::large_enum_variant,
    reason = "a session is open nearly all its life: its socket stays inline, not behind a box"
)]
enum Link {
    Open(Socket),
    /// Moving to a new connection; client messages wait in the outbox meanwhile.
    Moving(Reconnecting),
    Gone,
}

/// What happened on the open socket while waiting for the provider.
enum Happened {
    Message(Message),
    Ended(Option<CloseFrame>),
    /// The connection's end is near: leave it now.
    MoveDue,
    /// The outbox could not be written.
    WriteFailed,
}

/// A live session with a realtime speech provider.
pub struct RealtimeSession {
    link: Link,
    dialect: Dialect,
    /// Events decoded but not yet taken: one message may carry several.
    pending: VecDeque<ProviderEvent>,
    /// Client messages not yet on the socket, oldest first.
    outbox: VecDeque<Message>,
}

impl RealtimeSession {
    fn new(socket: Socket, dialect: Dialect) -> RealtimeSession {
        RealtimeSession {
            link: Link::Open(socket),
            dialect,
            pending: VecDeque::new(),
            outbox: VecDeque::new(),
        }
    }

    /// Sends a command and waits until the socket has taken it: a slow provider slows only
    /// this call's audio, and nothing piles up in memory. While the session moves to a new
    /// connection the command waits in the outbox instead.
    pub async fn send(&mut self, command: ProviderCommand<'_>) -> Result<(), SessionGone> {
        self.dialect.encode(command, &mut self.outbox, &mut self.pending);
        match &mut self.link {
            Link::Open(socket) => {
                if wire::write_all(socket, &mut self.outbox).await.is_err() {
                    // Whether the session can go on is for `next_event` to find out, from the
                    // socket's end: a Gemini session resumes, and what was not written waits.
                    self.move_or_end(None);
                }
                self.check_gone()
            }
            Link::Moving(_) => {
                while self.outbox.len() > MAX_OUTBOX {
                    self.outbox.pop_front();
                }
                Ok(())
            }
            Link::Gone => Err(SessionGone),
        }
    }

    fn check_gone(&self) -> Result<(), SessionGone> {
        match self.link {
            Link::Gone => Err(SessionGone),
            _ => Ok(()),
        }
    }

    /// The provider's next event; [`ProviderEvent::Closed`] once the session has ended (and on
    /// every call after). Cancel-safe: an event is decoded only once its message is read
    /// whole, an outbox message leaves the outbox only once the socket took it, and a
    /// reconnection in progress is kept, not restarted.
    pub async fn next_event(&mut self) -> ProviderEvent {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return event;
            }
            let happened = match &mut self.link {
                Link::Gone => return ProviderEvent::Closed,
                Link::Moving(reconnecting) => {
                    match reconnecting.as_mut().await {
                        Ok(socket) => {
                            tracing::info!(
                                held = self.outbox.len(),
                                "the provider session resumed on a new connection"
                            );
                            self.link = Link::Open(socket);
                            self.dialect.reconnected();
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "the provider session could not be resumed");
                            self.link = Link::Gone;
                        }
                    }
                    continue;
                }
                Link::Open(socket) => {
                    let deadline = self.dialect.move_deadline();
                    wait(socket, &mut self.outbox, deadline).await
                }
            };
            match happened {
                Happened::Message(message) => {
                    self.dialect.decode(&message, &mut self.pending, &mut self.outbox);
                    if self.dialect.ready_to_move() {
                        self.move_or_end(None);
                    }
                }
                Happened::MoveDue => {
                    tracing::info!("the provider connection ends soon: moving the session now");
                    self.move_or_end(None);
                }
                Happened::Ended(frame) => {
                    if let Some(frame) = &frame {
                        tracing::warn!(code = u16::from(frame.code), reason = %frame.reason, "the provider closed the connection");
                    }
                    self.move_or_end(frame.as_ref());
                }
                Happened::WriteFailed => self.move_or_end(None),
            }
        }
    }

    /// Leaves the current connection: onto a new one resuming the session where the dialect
    /// can, else the session is over.
    fn move_or_end(&mut self, closed: Option<&CloseFrame>) {
        let old = match std::mem::replace(&mut self.link, Link::Gone) {
            Link::Open(socket) => Some(socket),
            Link::Moving(reconnecting) => {
                self.link = Link::Moving(reconnecting);
                return;
            }
            Link::Gone => None,
        };
        if let Some(reconnecting) = self.dialect.reconnect(old, closed) {
            self.link = Link::Moving(reconnecting);
        }
    }

    /// Ends the session: no session may outlive its call, as providers bill by the minute.
    /// The closing handshake finishes in the background, so the call's end waits for nothing.
    pub fn close(self) {
        if let Link::Open(mut socket) = self.link {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLOSE_TIMEOUT, socket.close(None)).await;
            });
        }
    }
}

/// Writes what waits in the outbox, then waits for the provider's next message, the socket's
/// end, or the deadline to leave the connection.
async fn wait(
    socket: &mut Socket,
    outbox: &mut VecDeque<Message>,
    deadline: Option<Instant>,
) -> Happened {
    if !outbox.is_empty() && wire::write_all(socket, outbox).await.is_err() {
        return Happened::WriteFailed;
    }
    let due = async {
        match deadline {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        message = socket.next() => match message {
            Some(Ok(Message::Close(frame))) => Happened::Ended(frame),
            Some(Ok(message)) => Happened::Message(message),
            Some(Err(_)) | None => Happened::Ended(None),
        },
        () = due => Happened::MoveDue,
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

/// A function the model may call. `parameters` is a JSON Schema object (as OpenAI takes it);
/// each dialect writes it the way its provider accepts.
#[derive(Debug, Clone)]
pub struct ToolSpec {
    pub name: &'static str,
    pub description: String,
    pub parameters: serde_json::Value,
}
