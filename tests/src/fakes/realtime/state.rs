//! What the fake knows about each connection, and the server-event sequences it scripts on one.
//!
//! Events go out through the connection's channel while the state's lock is held, so the order
//! on the socket is the order in which the state changed (a `response.cancel` handled by the
//! reader cannot slip between a delta's bookkeeping and its sending).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::AbortHandle;

use super::events::{self, event, new_id};
use super::session;

/// The transcript the fake gives every spoken response.
pub(super) const TRANSCRIPT: &str = "This is the fake assistant speaking.";

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
    Event(Value),
    /// Answered once everything before it is on the socket.
    Flush(oneshot::Sender<()>),
    /// Close the TCP connection without a close frame.
    Abort,
}

/// A client event as it arrived.
pub(super) struct Recorded {
    pub raw: String,
    /// The parsed event (a JSON string holding `raw` when it was not JSON).
    pub value: Value,
}

/// A response the fake is still speaking (`speak_partially` until `finish_speaking`).
pub(super) struct OpenResponse {
    pub response_id: String,
    pub item_id: String,
    pub previous_item_id: Option<String>,
    pub frame_bytes: usize,
    pub byte: u8,
    pub frames: usize,
}

pub(super) struct Conn {
    pub path: String,
    pub query: String,
    pub model: String,
    pub authorization: Option<String>,
    /// The HTTP status the upgrade was refused with.
    pub refused: Option<u16>,
    pub tx: Option<mpsc::UnboundedSender<Outgoing>>,
    pub events: Vec<Recorded>,
    pub audio: Vec<u8>,
    /// Bytes appended since the last commit (or speech end).
    pub uncommitted: usize,
    /// The `session` of the last accepted `session.update`.
    pub session: Option<Value>,
    /// The effective session (what `session.updated` carries).
    pub effective: Value,
    pub configured: bool,
    /// Already returned by `wait_for_session`.
    pub claimed: bool,
    pub closed: bool,
    pub conversation_id: String,
    pub last_item_id: Option<String>,
    pub open: Option<OpenResponse>,
    /// Assistant audio items: bytes of audio sent so far, and bytes per millisecond.
    pub audio_items: HashMap<String, (usize, usize)>,
    /// The `call_id`s of the fake's tool calls.
    pub calls: HashSet<String>,
    /// The model has produced audio (the voice can no longer change).
    pub spoke: bool,
    /// The user item announced by `speech_started`, until `speech_stopped`.
    pub speech_item: Option<String>,
}

pub(super) enum Finish {
    Completed,
    Cancelled(&'static str),
}

impl Conn {
    pub fn new(path: String, query: String, authorization: Option<String>) -> Conn {
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
            refused: None,
            tx: None,
            events: Vec::new(),
            audio: Vec::new(),
            uncommitted: 0,
            session: None,
            effective,
            configured: false,
            claimed: false,
            closed: false,
            conversation_id: new_id("conv"),
            last_item_id: None,
            open: None,
            audio_items: HashMap::new(),
            calls: HashSet::new(),
            spoke: false,
            speech_item: None,
        }
    }

    /// Queues events for the socket (nothing once the connection is over).
    pub fn send(&self, events: impl IntoIterator<Item = Value>) {
        if let Some(tx) = &self.tx {
            for e in events {
                let _ = tx.send(Outgoing::Event(e));
            }
        }
    }

    /// Queues `Abort` after what is already queued.
    pub fn abort(&self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Outgoing::Abort);
        }
    }

    fn input_bytes_per_ms(&self) -> usize {
        session::bytes_per_ms(&self.effective["audio"]["input"]["format"])
    }

    /// `previous_item_id` for a new item, and the new item becomes the last one.
    fn push_item(&mut self, id: &str) -> Option<String> {
        self.last_item_id.replace(id.to_string())
    }

    fn response(
        &self,
        id: &str,
        status: &str,
        details: Value,
        output: Vec<Value>,
        usage: Value,
    ) -> Value {
        events::response(id, &self.conversation_id, &self.effective, status, details, output, usage)
    }

    /// Opens an audio response: `response.created` → `response.output_item.added` →
    /// `conversation.item.added` → `response.content_part.added`. Returns the item ID.
    pub fn begin_audio(&mut self, frame_bytes: usize, byte: u8) -> String {
        if let Some(open) = &self.open {
            panic!(
                "the connection is already speaking response {} (finish_speaking?)",
                open.response_id
            );
        }
        let response_id = new_id("resp");
        let item_id = new_id("item");
        let previous_item_id = self.push_item(&item_id);
        let item = events::assistant_message(&item_id, "in_progress", None);
        let bytes_per_ms = session::bytes_per_ms(&self.effective["audio"]["output"]["format"]);
        self.audio_items.insert(item_id.clone(), (0, bytes_per_ms));
        self.send([
            event(
                "response.created",
                json!({"response": self.response(&response_id, "in_progress", Value::Null, vec![], Value::Null)}),
            ),
            event(
                "response.output_item.added",
                json!({"response_id": response_id, "output_index": 0, "item": item}),
            ),
            event(
                "conversation.item.added",
                json!({"previous_item_id": previous_item_id, "item": item}),
            ),
            event(
                "response.content_part.added",
                json!({"response_id": response_id, "item_id": item_id, "output_index": 0,
                       "content_index": 0, "part": {"type": "audio", "transcript": ""}}),
            ),
        ]);
        self.open = Some(OpenResponse {
            response_id,
            item_id: item_id.clone(),
            previous_item_id,
            frame_bytes,
            byte,
            frames: 0,
        });
        item_id
    }

    /// Sends the next `response.output_audio.delta` of the open response for `item_id`
    /// (after the first, a `response.output_audio_transcript.delta` too). False when that
    /// response is over (cancelled).
    pub fn audio_delta(&mut self, item_id: &str) -> bool {
        let Some(open) = self.open.as_mut().filter(|o| o.item_id == item_id) else { return false };
        open.frames += 1;
        let audio = vec![open.byte; open.frame_bytes];
        let ids = json!({"response_id": open.response_id, "item_id": open.item_id,
                         "output_index": 0, "content_index": 0});
        let first = open.frames == 1;
        if let Some((bytes, _)) = self.audio_items.get_mut(item_id) {
            *bytes += audio.len();
        }
        self.spoke = true;
        let mut delta = ids.clone();
        delta["delta"] = BASE64.encode(&audio).into();
        let mut out = vec![event("response.output_audio.delta", delta)];
        if first {
            let mut transcript = ids;
            transcript["delta"] = TRANSCRIPT.into();
            out.push(event("response.output_audio_transcript.delta", transcript));
        }
        self.send(out);
        true
    }

    /// Ends the open response for `item_id` (any open one with `None`): audio done,
    /// transcript done, content part done, item done, `response.done` (completed, or cancelled
    /// with `status_details.reason`), `rate_limits.updated`. False when there was none.
    pub fn finish_audio(&mut self, item_id: Option<&str>, finish: Finish) -> bool {
        let Some(open) = self.open.take_if(|o| item_id.is_none_or(|id| o.item_id == id)) else {
            return false;
        };
        let (status, item_status, details) = match finish {
            Finish::Completed => ("completed", "completed", Value::Null),
            Finish::Cancelled(reason) => {
                ("cancelled", "incomplete", json!({"type": "cancelled", "reason": reason}))
            }
        };
        let ids = json!({"response_id": open.response_id, "item_id": open.item_id,
                         "output_index": 0, "content_index": 0});
        let mut transcript = ids.clone();
        transcript["transcript"] = TRANSCRIPT.into();
        let mut part = ids.clone();
        part["part"] = json!({"type": "audio", "transcript": TRANSCRIPT});
        let item = events::assistant_message(&open.item_id, item_status, Some(TRANSCRIPT));
        // Roughly what OpenAI bills: 10 audio tokens per 100 ms.
        let audio_tokens = open.frames * open.frame_bytes / 80;
        self.send([
            event("response.output_audio.done", ids),
            event("response.output_audio_transcript.done", transcript),
            event("response.content_part.done", part),
            event(
                "response.output_item.done",
                json!({"response_id": open.response_id, "output_index": 0, "item": item}),
            ),
            event(
                "conversation.item.done",
                json!({"previous_item_id": open.previous_item_id, "item": item}),
            ),
            event(
                "response.done",
                json!({"response": self.response(&open.response_id, status, details, vec![item],
                                                 events::usage(audio_tokens))}),
            ),
            events::rate_limits(),
        ]);
        true
    }

    /// A whole function-call response. Returns the `call_id`.
    pub fn tool_call(&mut self, name: &str, arguments: &Value) -> String {
        if let Some(open) = &self.open {
            panic!(
                "the connection is still speaking response {} (finish_speaking?)",
                open.response_id
            );
        }
        let response_id = new_id("resp");
        let item_id = new_id("item");
        let call_id = new_id("call");
        let arguments = arguments.to_string();
        let previous_item_id = self.push_item(&item_id);
        self.calls.insert(call_id.clone());
        let started = events::function_call(&item_id, "in_progress", &call_id, name, "");
        let done = events::function_call(&item_id, "completed", &call_id, name, &arguments);
        self.send([
            event(
                "response.created",
                json!({"response": self.response(&response_id, "in_progress", Value::Null, vec![], Value::Null)}),
            ),
            event(
                "response.output_item.added",
                json!({"response_id": response_id, "output_index": 0, "item": started}),
            ),
            event(
                "conversation.item.added",
                json!({"previous_item_id": previous_item_id, "item": started}),
            ),
            event(
                "response.function_call_arguments.delta",
                json!({"response_id": response_id, "item_id": item_id, "output_index": 0,
                       "call_id": call_id, "delta": arguments}),
            ),
            event(
                "response.function_call_arguments.done",
                json!({"response_id": response_id, "item_id": item_id, "output_index": 0,
                       "call_id": call_id, "name": name, "arguments": arguments}),
            ),
            event(
                "response.output_item.done",
                json!({"response_id": response_id, "output_index": 0, "item": done}),
            ),
            event(
                "conversation.item.done",
                json!({"previous_item_id": previous_item_id, "item": done}),
            ),
            event(
                "response.done",
                json!({"response": self.response(&response_id, "completed", Value::Null,
                                                 vec![done.clone()], events::usage(0))}),
            ),
            events::rate_limits(),
        ]);
        call_id
    }

    /// `input_audio_buffer.speech_started`, at the end of the audio received so far.
    pub fn speech_started(&mut self) {
        let item_id = new_id("item");
        let audio_start_ms = self.audio.len() / self.input_bytes_per_ms();
        self.speech_item = Some(item_id.clone());
        self.send([event(
            "input_audio_buffer.speech_started",
            json!({"audio_start_ms": audio_start_ms, "item_id": item_id}),
        )]);
    }

    /// `input_audio_buffer.speech_stopped` → `input_audio_buffer.committed` →
    /// `conversation.item.added` / `done` (the caller's audio message).
    pub fn speech_stopped(&mut self) {
        let item_id = self.speech_item.take().unwrap_or_else(|| new_id("item"));
        let audio_end_ms = self.audio.len() / self.input_bytes_per_ms();
        self.uncommitted = 0;
        let previous_item_id = self.push_item(&item_id);
        let item = |status: &str| {
            json!({"id": item_id, "object": "realtime.item", "type": "message", "status": status,
                   "role": "user", "content": [{"type": "input_audio", "transcript": null}]})
        };
        self.send([
            event(
                "input_audio_buffer.speech_stopped",
                json!({"audio_end_ms": audio_end_ms, "item_id": item_id}),
            ),
            event(
                "input_audio_buffer.committed",
                json!({"previous_item_id": previous_item_id, "item_id": item_id}),
            ),
            event(
                "conversation.item.added",
                json!({"previous_item_id": previous_item_id, "item": item("in_progress")}),
            ),
            event(
                "conversation.item.done",
                json!({"previous_item_id": previous_item_id, "item": item("completed")}),
            ),
        ]);
    }
}
