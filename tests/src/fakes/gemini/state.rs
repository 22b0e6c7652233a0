//! What the fake knows about each connection, and the server-message sequences it scripts on one.
//!
//! Messages go out through the connection's channel while the state's lock is held, so the order
//! on the socket is the order in which the state changed (an `interrupted` cannot slip between a
//! chunk's bookkeeping and its sending).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::AbortHandle;

use super::events;
use super::setup;

/// The text of every turn the fake speaks (`outputTranscription`, when the setup asked for it).
pub(super) const TRANSCRIPT: &str = "This is the fake assistant speaking.";

/// The close code of a protocol violation ("invalid frame payload data"), as the service uses.
pub(super) const INVALID: u16 = 1007;

pub(super) struct Shared {
    pub state: Mutex<State>,
    /// Woken on every change of the state, for the `wait_*` methods.
    pub changed: Notify,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a test panicked while holding it; the state is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(super) struct State {
    pub api_key: String,
    /// Every WebSocket upgrade request, refused ones included, in arrival order.
    pub conns: Vec<Conn>,
    /// Connection tasks, aborted when the fake is dropped.
    pub tasks: Vec<AbortHandle>,
    pub stopped: bool,
}

/// What goes to a connection's writer task.
pub(super) enum Outgoing {
    /// A server message, sent as JSON in a binary frame (as the service does).
    Message(Value),
    /// Answered once everything before it is on the socket.
    Flush(oneshot::Sender<()>),
    /// Start the closing handshake with this code and reason.
    Close(u16, String),
    /// Close the TCP connection without a close frame.
    Abort,
}

/// A client message as it arrived.
pub(super) struct Recorded {
    pub raw: String,
    /// The parsed message (a JSON string holding `raw` when it was not JSON).
    pub value: Value,
}

/// The model turn being spoken.
pub(super) struct Turn {
    pub id: u64,
    /// Bytes of model audio sent in it.
    pub bytes: usize,
}

pub(super) struct Conn {
    pub path: String,
    pub query: String,
    /// The key the upgrade request carried (`?key=`, else `x-goog-api-key`).
    pub presented_key: Option<String>,
    /// The HTTP status the upgrade was refused with.
    pub refused: Option<u16>,
    pub tx: Option<mpsc::UnboundedSender<Outgoing>>,
    pub messages: Vec<Recorded>,
    /// The accepted `setup`, as sent.
    pub setup: Option<Value>,
    /// Decoded caller audio, in order.
    pub audio: Vec<u8>,
    /// The sample rate the last audio blob declared.
    pub input_rate: Option<u32>,
    /// `audio.len()` when the last turn completed (what the next `usageMetadata` bills).
    pub billed_audio: usize,
    pub audio_stream_ends: usize,
    /// The fake's function calls: ID → name.
    pub calls: HashMap<String, String>,
    /// The call IDs a `toolResponse` answered.
    pub answered: HashSet<String>,
    pub turn: Option<Turn>,
    pub turns: u64,
    /// Already returned by `wait_for_session`.
    pub claimed: bool,
    /// The fake started the closing handshake (or dropped the connection): client messages are
    /// no longer read.
    pub closing: bool,
    pub closed: bool,
    /// The close frame the fake sent: code and reason.
    pub closed_with: Option<(u16, String)>,
    /// The close frame the client sent.
    pub client_close: Option<(u16, String)>,
}

impl Conn {
    pub fn new(path: String, query: String, presented_key: Option<String>) -> Conn {
        Conn {
            path,
            query,
            presented_key,
            refused: None,
            tx: None,
            messages: Vec::new(),
            setup: None,
            audio: Vec::new(),
            input_rate: None,
            billed_audio: 0,
            audio_stream_ends: 0,
            calls: HashMap::new(),
            answered: HashSet::new(),
            turn: None,
            turns: 0,
            claimed: false,
            closing: false,
            closed: false,
            closed_with: None,
            client_close: None,
        }
    }

    /// Queues messages for the socket (nothing once the connection is over or closing).
    pub fn send(&self, messages: impl IntoIterator<Item = Value>) {
        if let Some(tx) = self.tx.as_ref().filter(|_| !self.closing) {
            for m in messages {
                let _ = tx.send(Outgoing::Message(m));
            }
        }
    }

    /// Queues `Abort` after what is already queued.
    pub fn abort(&mut self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Outgoing::Abort);
        }
        self.closing = true;
        self.turn = None;
    }

    /// Queues a close frame after what is already queued (once); the closing handshake follows.
    pub fn close(&mut self, code: u16, reason: &str) {
        if self.closing || self.closed {
            return;
        }
        // A close frame's payload is at most 125 bytes: the code, then 123 bytes of reason.
        let mut end = reason.len().min(123);
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        let reason = reason[..end].to_string();
        if let Some(tx) = &self.tx {
            let _ = tx.send(Outgoing::Close(code, reason.clone()));
        }
        self.closed_with = Some((code, reason));
        self.closing = true;
        self.turn = None;
    }

    /// A protocol violation: the service closes with 1007 and says why.
    pub fn fail(&mut self, reason: &str) {
        self.close(INVALID, reason);
    }

    /// Opens a model turn. Returns its ID.
    pub fn begin_turn(&mut self) -> u64 {
        assert!(self.turn.is_none(), "the connection is already speaking a turn");
        self.turns += 1;
        self.turn = Some(Turn { id: self.turns, bytes: 0 });
        self.turns
    }

    /// Sends one chunk of the turn `id` (after the first, its `outputTranscription` when the
    /// setup asked for it). False when that turn is over (interrupted, or the connection ended).
    pub fn audio_chunk(&mut self, id: u64, pcm: &[u8]) -> bool {
        let Some(turn) = self.turn.as_mut().filter(|t| t.id == id) else { return false };
        let first = turn.bytes == 0;
        turn.bytes += pcm.len();
        let mut out = vec![events::audio_chunk(pcm)];
        if first && self.setup.as_ref().is_some_and(setup::transcribes_output) {
            out.push(events::output_transcription(TRANSCRIPT));
        }
        self.send(out);
        true
    }

    /// Ends the turn `id`: `generationComplete`, then `turnComplete` with `usageMetadata`.
    /// False when that turn was already over.
    pub fn finish_turn(&mut self, id: u64) -> bool {
        let Some(turn) = self.turn.take_if(|t| t.id == id) else { return false };
        let rate = self.input_rate.unwrap_or(16_000) as usize;
        let input_ms = (self.audio.len() - self.billed_audio) * 1000 / (rate * 2);
        self.billed_audio = self.audio.len();
        // 24 kHz PCM16: 48 bytes per millisecond.
        let usage = events::usage(input_ms, turn.bytes / 48);
        self.send([events::generation_complete(), events::turn_complete(usage)]);
        true
    }

    /// Barge-in: `serverContent.interrupted`; the open turn, if any, is over.
    pub fn interrupt(&mut self) {
        self.turn = None;
        self.send([events::interrupted()]);
    }

    /// A `toolCall` with one function call. Returns its ID.
    pub fn tool_call(&mut self, name: &str, args: &Value) -> String {
        let id = events::new_call_id();
        self.calls.insert(id.clone(), name.to_string());
        self.send([events::tool_call(&id, name, args)]);
        id
    }
}
