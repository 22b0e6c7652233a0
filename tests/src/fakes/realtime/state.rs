//! What the fake knows: its key and voices, and per connection what the client sent and where
//! the conversation is. The server-event sequences scripted on a connection are in `response`
//! and `turns`.
//!
//! Events go out through the connection's channel while the state's lock is held, so the order
//! on the socket is the order in which the state changed (a `response.cancel` handled by the
//! reader cannot slip between a delta's bookkeeping and its sending).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::events::{self, new_id};
use super::response::OpenResponse;
use super::session;
use crate::fakes::ws::Socket;

/// The transcript the fake gives every spoken response.
pub(super) const TRANSCRIPT: &str = "This is the fake assistant speaking.";

/// The voices OpenAI's Realtime API offers (`VoiceIdsShared`), which `session.update` accepts
/// until a test says otherwise.
pub(super) const VOICES: [&str; 10] =
    ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];

pub(super) struct State {
    pub api_key: String,
    /// The voice names `session.update` accepts.
    pub voices: Vec<String>,
    /// Every WebSocket upgrade request, refused ones included, in arrival order.
    pub conns: Vec<Conn>,
}

/// A client event as it arrived.
pub(super) struct Recorded {
    pub raw: String,
    /// The parsed event (a JSON string holding `raw` when it was not JSON).
    pub value: Value,
}

pub(super) struct Conn {
    pub path: String,
    pub query: String,
    pub model: String,
    pub authorization: Option<String>,
    pub socket: Socket,
    pub events: Vec<Recorded>,
    pub audio: Vec<u8>,
    /// Bytes appended since the last commit (or speech end).
    pub uncommitted: usize,
    /// The `session` of the last accepted `session.update`.
    pub session: Option<Value>,
    /// The effective session (what `session.updated` carries).
    pub effective: Value,
    pub configured: bool,
    pub conversation_id: String,
    pub last_item_id: Option<String>,
    /// The response in progress: at most one per conversation, as on OpenAI.
    pub open: Option<OpenResponse>,
    /// Assistant audio items: bytes of audio sent so far, and bytes per millisecond.
    pub audio_items: HashMap<String, (usize, usize)>,
    /// The `call_id`s of the fake's tool calls.
    pub calls: HashSet<String>,
    /// The `function_call_output`s accepted: call ID and output, in order.
    pub tool_outputs: Vec<(String, String)>,
    /// How many `response.create` events were accepted.
    pub response_creates: usize,
    /// The `error` events sent in answer to client events, in order.
    pub rejected: Vec<Value>,
    /// The model has produced audio (the voice can no longer change).
    pub spoke: bool,
    /// The user item announced by `speech_started`, until `speech_stopped`.
    pub speech_item: Option<String>,
}

impl Conn {
    pub fn new(path: String, query: String, authorization: Option<String>, socket: Socket) -> Conn {
        let model = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "model")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let effective = session::initial(&new_id("sess"), &model);
        Conn {
            path,
            query,
            model,
            authorization,
            socket,
            events: Vec::new(),
            audio: Vec::new(),
            uncommitted: 0,
            session: None,
            effective,
            configured: false,
            conversation_id: new_id("conv"),
            last_item_id: None,
            open: None,
            audio_items: HashMap::new(),
            calls: HashSet::new(),
            tool_outputs: Vec::new(),
            response_creates: 0,
            rejected: Vec::new(),
            spoke: false,
            speech_item: None,
        }
    }

    /// Queues events for the socket (nothing once the connection is over).
    pub fn send(&self, events: impl IntoIterator<Item = Value>) {
        self.socket.send(events);
    }

    pub fn input_bytes_per_ms(&self) -> usize {
        session::bytes_per_ms(&self.effective["audio"]["input"]["format"])
    }

    /// `previous_item_id` for a new item, and the new item becomes the last one.
    pub fn push_item(&mut self, id: &str) -> Option<String> {
        self.last_item_id.replace(id.to_string())
    }

    /// A `RealtimeResponse` of this conversation, as `response.created` / `response.done`
    /// carry it.
    pub fn response(
        &self,
        id: &str,
        status: &str,
        details: Value,
        output: Vec<Value>,
        usage: Value,
    ) -> Value {
        events::response(id, &self.conversation_id, &self.effective, status, details, output, usage)
    }
}
