//! The caller's side of the conversation as OpenAI's server VAD reports it: speech started,
//! speech stopped and its audio committed as a user item.

use serde_json::json;

use super::events::{event, new_id};
use super::state::Conn;

impl Conn {
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
