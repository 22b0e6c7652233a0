//! The model's responses on one connection: opening one (`response.created`), its output —
//! spoken audio, or a function call — and its end (`response.done`, completed, cancelled or
//! failed, then `rate_limits.updated`). As on OpenAI a conversation has at most one response
//! in progress.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use super::events::{self, event, new_id};
use super::session;
use super::state::{Conn, TRANSCRIPT};

/// A response in progress.
pub(super) struct OpenResponse {
    pub response_id: String,
    /// Its finished output items (a function call), in order.
    pub output: Vec<Value>,
    /// The assistant audio it is speaking, if any.
    pub speech: Option<Speech>,
}

/// The assistant audio item of a response in progress.
pub(super) struct Speech {
    pub item_id: String,
    pub previous_item_id: Option<String>,
    pub frame_bytes: usize,
    pub byte: u8,
    pub frames: usize,
}

/// How a response ends.
pub(super) enum Finish {
    Completed,
    /// With `status_details.reason`: `turn_detected` or `client_cancelled`.
    Cancelled(&'static str),
}

impl Conn {
    /// `response.created` for a new response, which becomes the open one. Panics if one is
    /// open: the test scripted two at once.
    fn open_response(&mut self) -> String {
        if let Some(open) = &self.open {
            panic!(
                "the connection is still in response {} (finish_speaking or finish_response?)",
                open.response_id
            );
        }
        let response_id = new_id("resp");
        let created = self.response(&response_id, "in_progress", Value::Null, vec![], Value::Null);
        self.send([event("response.created", json!({"response": created}))]);
        self.open =
            Some(OpenResponse { response_id: response_id.clone(), output: vec![], speech: None });
        response_id
    }

    /// Opens an audio response: `response.created` → `response.output_item.added` →
    /// `conversation.item.added` → `response.content_part.added`. Returns the item ID.
    pub fn begin_audio(&mut self, frame_bytes: usize, byte: u8) -> String {
        let response_id = self.open_response();
        let item_id = new_id("item");
        let previous_item_id = self.push_item(&item_id);
        let item = events::assistant_message(&item_id, "in_progress", None);
        let bytes_per_ms = session::bytes_per_ms(&self.effective["audio"]["output"]["format"]);
        self.audio_items.insert(item_id.clone(), (0, bytes_per_ms));
        self.send(events::item_added(&response_id, previous_item_id.as_deref(), &item));
        self.send([event(
            "response.content_part.added",
            json!({"response_id": response_id, "item_id": item_id, "output_index": 0,
                   "content_index": 0, "part": {"type": "audio", "transcript": ""}}),
        )]);
        let speech =
            Speech { item_id: item_id.clone(), previous_item_id, frame_bytes, byte, frames: 0 };
        if let Some(open) = &mut self.open {
            open.speech = Some(speech);
        }
        item_id
    }

    /// The item ID of the audio the open response is speaking.
    pub fn speaking(&self) -> Option<String> {
        self.open.as_ref()?.speech.as_ref().map(|s| s.item_id.clone())
    }

    /// Sends the next `response.output_audio.delta` of the open response for `item_id`
    /// (after the first, a `response.output_audio_transcript.delta` too). False when that
    /// response is over (cancelled).
    pub fn audio_delta(&mut self, item_id: &str) -> bool {
        let Some(open) = self.open.as_mut() else { return false };
        let Some(speech) = open.speech.as_mut().filter(|s| s.item_id == item_id) else {
            return false;
        };
        speech.frames += 1;
        let audio = vec![speech.byte; speech.frame_bytes];
        let ids = json!({"response_id": open.response_id, "item_id": item_id,
                         "output_index": 0, "content_index": 0});
        let first = speech.frames == 1;
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

    /// Ends the open response — only if it speaks `item_id`, when given: its audio done,
    /// transcript done, content part done, item done (when it speaks), then `response.done`
    /// (completed, or cancelled with `status_details.reason`) with all its output, then
    /// `rate_limits.updated`. False when there was none.
    pub fn finish(&mut self, item_id: Option<&str>, finish: Finish) -> bool {
        let speaks =
            |o: &OpenResponse| o.speech.as_ref().is_some_and(|s| Some(&*s.item_id) == item_id);
        let Some(mut open) = self.open.take_if(|o| item_id.is_none() || speaks(o)) else {
            return false;
        };
        let (status, item_status, details) = match finish {
            Finish::Completed => ("completed", "completed", Value::Null),
            Finish::Cancelled(reason) => {
                ("cancelled", "incomplete", json!({"type": "cancelled", "reason": reason}))
            }
        };
        let mut audio_tokens = 0;
        if let Some(speech) = open.speech.take() {
            let item = self.finish_speech(&open.response_id, &speech, item_status);
            open.output.push(item);
            // Roughly what OpenAI bills: 10 audio tokens per 100 ms.
            audio_tokens = speech.frames * speech.frame_bytes / 80;
        }
        let done = self.response(
            &open.response_id,
            status,
            details,
            open.output,
            events::usage(audio_tokens),
        );
        self.send([event("response.done", json!({"response": done})), events::rate_limits()]);
        true
    }

    /// The done events of a response's audio item; returns the finished item.
    fn finish_speech(&self, response_id: &str, speech: &Speech, item_status: &str) -> Value {
        let ids = json!({"response_id": response_id, "item_id": speech.item_id,
                         "output_index": 0, "content_index": 0});
        let mut transcript = ids.clone();
        transcript["transcript"] = TRANSCRIPT.into();
        let mut part = ids.clone();
        part["part"] = json!({"type": "audio", "transcript": TRANSCRIPT});
        let item = events::assistant_message(&speech.item_id, item_status, Some(TRANSCRIPT));
        self.send([
            event("response.output_audio.done", ids),
            event("response.output_audio_transcript.done", transcript),
            event("response.content_part.done", part),
        ]);
        self.send(events::item_done(response_id, speech.previous_item_id.as_deref(), &item));
        item
    }

    /// Opens a response that calls a tool: `response.created`, `response.output_item.added`
    /// (`function_call`), `conversation.item.added`, `response.function_call_arguments.delta`
    /// (all of them at once) and `.done`, `response.output_item.done`,
    /// `conversation.item.done`. The response stays open. Returns the `call_id`.
    pub fn begin_tool_call(&mut self, name: &str, arguments: &Value) -> String {
        let response_id = self.open_response();
        let item_id = new_id("item");
        let call_id = new_id("call");
        let arguments = arguments.to_string();
        let previous_item_id = self.push_item(&item_id);
        self.calls.insert(call_id.clone());
        let started = events::function_call(&item_id, "in_progress", &call_id, name, "");
        let done = events::function_call(&item_id, "completed", &call_id, name, &arguments);
        let ids = json!({"response_id": response_id, "item_id": item_id, "output_index": 0,
                         "call_id": call_id});
        let mut delta = ids.clone();
        delta["delta"] = arguments.clone().into();
        let mut arguments_done = ids;
        arguments_done["name"] = name.into();
        arguments_done["arguments"] = arguments.into();
        let previous = previous_item_id.as_deref();
        self.send(events::item_added(&response_id, previous, &started));
        self.send([
            event("response.function_call_arguments.delta", delta),
            event("response.function_call_arguments.done", arguments_done),
        ]);
        self.send(events::item_done(&response_id, previous, &done));
        if let Some(open) = &mut self.open {
            open.output.push(done);
        }
        call_id
    }

    /// A response that fails: `response.created`, then `response.done` with status `failed`
    /// and `status_details.error`, then `rate_limits.updated`. Returns the response ID.
    pub fn fail(&mut self, error_type: &str, code: &str, message: &str) -> String {
        let response_id = self.open_response();
        self.open = None;
        let details = json!({"type": "failed",
                             "error": {"type": error_type, "code": code, "message": message}});
        let done = self.response(&response_id, "failed", details, vec![], events::usage(0));
        self.send([event("response.done", json!({"response": done})), events::rate_limits()]);
        response_id
    }
}
