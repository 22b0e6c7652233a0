//! One WebSocket connection as a fake's state sees it: the channel to the task that owns the
//! socket's sending half, and how the connection ended.

use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

/// The most a close frame's reason can hold: a frame's payload is at most 125 bytes, two of them
/// the code.
const MAX_REASON: usize = 123;

/// What goes to a connection's writer task, in order.
pub(crate) enum Outgoing {
    /// A server message, serialized in the fake's kind of frame.
    Message(Value),
    /// Answered once everything before it is on the socket.
    Flush(oneshot::Sender<()>),
    /// Start the closing handshake with this code and reason.
    Close(u16, String),
    /// End the TCP connection without a close frame.
    Abort,
}

/// The sending end of a connection's writer channel.
pub(crate) type Link = mpsc::UnboundedSender<Outgoing>;

/// The kind of frame a fake sends its JSON in (Gemini Live: binary; OpenAI Realtime: text).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Frames {
    Text,
    Binary,
}

/// A connection's socket: where its messages go and how it ended.
#[derive(Default)]
pub(crate) struct Socket {
    link: Option<Link>,
    /// The HTTP status the upgrade was refused with.
    pub refused: Option<u16>,
    /// The fake started the closing handshake, or dropped the connection: client messages are
    /// no longer acted on.
    pub closing: bool,
    /// The connection is over, whoever ended it.
    pub closed: bool,
    /// The close frame the fake sent: code and reason (as cut for the wire).
    pub closed_with: Option<(u16, String)>,
    /// The close frame the client sent (1005 when it had no code).
    pub client_close: Option<(u16, String)>,
    /// Already handed out to a test as a new session.
    pub claimed: bool,
}

impl Socket {
    /// An accepted upgrade whose messages go to `link`.
    pub fn open(link: Link) -> Socket {
        Socket { link: Some(link), ..Socket::default() }
    }

    /// The upgrade was refused with `status`: the connection is over before it began.
    pub fn refuse(&mut self, status: u16) {
        self.refused = Some(status);
        self.end();
    }

    /// Neither side has started to end the connection.
    pub fn is_live(&self) -> bool {
        !self.closing && !self.closed && self.client_close.is_none()
    }

    /// Queues messages for the socket (nothing once the fake is closing it or it is over).
    pub fn send(&self, messages: impl IntoIterator<Item = Value>) {
        if let Some(link) = self.link.as_ref().filter(|_| !self.closing) {
            for message in messages {
                let _ = link.send(Outgoing::Message(message));
            }
        }
    }

    /// Asks the writer to say when everything queued so far is on the socket; `None` when the
    /// connection is over.
    pub fn flush(&self) -> Option<oneshot::Receiver<()>> {
        let (ack, done) = oneshot::channel();
        let link = self.link.as_ref()?;
        link.send(Outgoing::Flush(ack)).ok()?;
        Some(done)
    }

    /// Queues a close frame after what is already queued (once); the closing handshake follows.
    /// The reason is cut to what a close frame holds.
    pub fn close(&mut self, code: u16, reason: &str) {
        if self.closing || self.closed {
            return;
        }
        let mut end = reason.len().min(MAX_REASON);
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        let reason = reason[..end].to_string();
        if let Some(link) = &self.link {
            let _ = link.send(Outgoing::Close(code, reason.clone()));
        }
        self.closed_with = Some((code, reason));
        self.closing = true;
    }

    /// Queues the end of the TCP connection, without a close frame, after what is queued.
    pub fn abort(&mut self) {
        if let Some(link) = &self.link {
            let _ = link.send(Outgoing::Abort);
        }
        self.closing = true;
    }

    /// The connection is over: nothing more can be sent.
    pub fn end(&mut self) {
        self.closing = true;
        self.closed = true;
        self.link = None;
    }
}
