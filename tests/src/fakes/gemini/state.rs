//! What the fake knows about each connection, and the server-message sequences it scripts on one.
//!
//! Messages go out through the connection's channel while the state's lock is held, so the order
//! on the socket is the order in which the state changed (an `interrupted` cannot slip between a
//! chunk's bookkeeping and its sending).

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use tokio::time::Instant;

use super::GeminiOptions;
use super::events;
use super::setup;
use crate::fakes::ws::Socket;

/// The text of every turn the fake speaks (`outputTranscription`, when the setup asked for it).
pub(super) const TRANSCRIPT: &str = "This is the fake assistant speaking.";

/// The close code of a protocol violation ("invalid frame payload data"), as the service uses.
pub(super) const INVALID: u16 = 1007;

/// The close code of the service's own limits and failures ("internal error").
pub(super) const INTERNAL: u16 = 1011;

pub(super) struct State {
    pub api_key: String,
    pub options: GeminiOptions,
    /// Every WebSocket upgrade request, refused ones included, in arrival order.
    pub conns: Vec<Conn>,
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

/// Where a connection stands in its session (a chain of connections resumed from each other).
#[derive(Clone, Copy)]
pub(super) struct Session {
    /// The index of the session's first connection.
    pub first: usize,
    /// When the session's first setup was accepted: the start of its audio time.
    pub started: Instant,
}

pub(super) struct Conn {
    pub path: String,
    pub query: String,
    /// The key the upgrade request carried (`?key=`, else `x-goog-api-key`).
    pub presented_key: Option<String>,
    pub socket: Socket,
    pub messages: Vec<Recorded>,
    /// The accepted `setup`, as sent.
    pub setup: Option<Value>,
    /// When the setup was accepted: the start of the connection's lifetime.
    pub setup_at: Option<Instant>,
    /// The session the connection belongs to, once its setup is accepted.
    pub session: Option<Session>,
    /// The connection whose handle this one resumed.
    pub resumed_from: Option<usize>,
    /// The resumption handles issued on this connection, in order.
    pub handles: Vec<String>,
    /// How many `goAway` messages were sent.
    pub go_aways: usize,
    /// Decoded caller audio, in order.
    pub audio: Vec<u8>,
    /// The sample rate the last audio blob declared.
    pub input_rate: Option<u32>,
    /// `audio.len()` when the last turn completed (what the next `usageMetadata` bills).
    pub billed_audio: usize,
    pub audio_stream_ends: usize,
    /// The session's function calls the service still knows: ID → name (a cancelled one is
    /// forgotten).
    pub calls: HashMap<String, String>,
    /// The call IDs a `toolResponse` answered.
    pub answered: HashSet<String>,
    pub turn: Option<Turn>,
    pub turns: u64,
}

impl Conn {
    pub fn new(path: String, query: String, presented_key: Option<String>, socket: Socket) -> Conn {
        Conn {
            path,
            query,
            presented_key,
            socket,
            messages: Vec::new(),
            setup: None,
            setup_at: None,
            session: None,
            resumed_from: None,
            handles: Vec::new(),
            go_aways: 0,
            audio: Vec::new(),
            input_rate: None,
            billed_audio: 0,
            audio_stream_ends: 0,
            calls: HashMap::new(),
            answered: HashSet::new(),
            turn: None,
            turns: 0,
        }
    }

    /// Queues messages for the socket (nothing once the connection is over or closing).
    pub fn send(&self, messages: impl IntoIterator<Item = Value>) {
        self.socket.send(messages);
    }

    /// Queues `Abort` after what is already queued: the TCP connection ends, no close frame.
    pub fn abort(&mut self) {
        self.socket.abort();
        self.turn = None;
    }

    /// Queues a close frame after what is already queued (once); the closing handshake follows.
    pub fn close(&mut self, code: u16, reason: &str) {
        self.socket.close(code, reason);
        self.turn = None;
    }

    /// A function call is still waiting for its `toolResponse`.
    pub fn awaits_tool_response(&self) -> bool {
        self.calls.keys().any(|id| !self.answered.contains(id))
    }

    /// `goAway` with `time_left` (a protobuf Duration in JSON, e.g. `"1s"`).
    pub fn go_away(&mut self, time_left: &str) {
        if self.socket.is_live() {
            self.go_aways += 1;
            self.send([events::go_away(time_left)]);
        }
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

    /// Ends the turn `id`: `generationComplete`, then `turnComplete` with `usageMetadata`, then
    /// a resumption handle when the session can be resumed here. False when that turn was
    /// already over.
    pub fn finish_turn(&mut self, id: u64) -> bool {
        let Some(turn) = self.turn.take_if(|t| t.id == id) else { return false };
        let rate = self.input_rate.unwrap_or(16_000) as usize;
        let input_ms = (self.audio.len() - self.billed_audio) * 1000 / (rate * 2);
        self.billed_audio = self.audio.len();
        // 24 kHz PCM16: 48 bytes per millisecond.
        let usage = events::usage(input_ms, turn.bytes / 48);
        self.send([events::generation_complete(), events::turn_complete(usage)]);
        self.offer_handle();
        true
    }

    /// Barge-in: `serverContent.interrupted`, only while a turn is being spoken (which ends).
    /// False, and nothing sent, when none is.
    pub fn interrupt(&mut self) -> bool {
        if self.turn.take().is_none() {
            return false;
        }
        self.send([events::interrupted()]);
        true
    }

    /// A `toolCall` with one function call. Returns its ID.
    pub fn tool_call(&mut self, name: &str, args: &Value) -> String {
        let id = events::new_call_id();
        self.calls.insert(id.clone(), name.to_string());
        self.send([events::tool_call(&id, name, args)]);
        id
    }

    /// `toolCallCancellation {ids}`: the service forgets those calls, so a `toolResponse` for
    /// one of them is refused like one for a call it never made.
    pub fn cancel_tool_calls(&mut self, ids: &[String]) {
        for id in ids {
            self.calls.remove(id);
        }
        self.send([events::tool_call_cancellation(ids)]);
    }
}
