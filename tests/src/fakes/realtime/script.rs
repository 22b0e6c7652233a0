//! What the model and OpenAI's server do on a connection, as a test scripts it. Each method
//! returns once its events are on the socket (at once if the connection is over).

use std::time::Duration;

use serde_json::Value;

use super::response::Finish;
use super::state::Conn;
use super::{FakeRealtime, PARTIAL_SPEECH_BYTE, events};

/// How long `drop_connection` and `expire_session` wait for the connection to be over.
const END_WAIT: Duration = Duration::from_secs(10);

impl FakeRealtime {
    /// Speaks a whole response: `response.created`, `response.output_item.added`,
    /// `conversation.item.added`, `response.content_part.added`, then `frames` ×
    /// `response.output_audio.delta` (each `delta` the base64 of `frame_bytes` bytes of `byte`,
    /// all with the same `response_id` / `item_id`; a transcript delta follows the first), then
    /// `response.output_audio.done`, `response.output_audio_transcript.done`,
    /// `response.content_part.done`, `response.output_item.done`, `conversation.item.done`,
    /// `response.done` (completed) and `rate_limits.updated`. With `pace`, sleeps that long
    /// between deltas; a `response.cancel` from the client meanwhile ends it early (cancelled).
    /// Returns the item ID. Panics if a response is in progress on the connection.
    pub async fn speak(
        &self,
        conn: usize,
        frames: usize,
        frame_bytes: usize,
        byte: u8,
        pace: Option<Duration>,
    ) -> String {
        let item_id = self.server.with_conn(conn, |c| c.begin_audio(frame_bytes, byte));
        self.deltas(conn, &item_id, frames, pace).await;
        self.server.with_conn(conn, |c| c.finish(Some(&item_id), Finish::Completed));
        self.server.flush(conn).await;
        item_id
    }

    /// Starts speaking like [`FakeRealtime::speak`] (frames of [`PARTIAL_SPEECH_BYTE`]) but
    /// returns after `frames_before` deltas, leaving the response open: the client can cancel
    /// it, or [`FakeRealtime::finish_speaking`] ends it. Returns the item ID.
    pub async fn speak_partially(
        &self,
        conn: usize,
        frames_before: usize,
        frame_bytes: usize,
    ) -> String {
        let item_id =
            self.server.with_conn(conn, |c| c.begin_audio(frame_bytes, PARTIAL_SPEECH_BYTE));
        self.deltas(conn, &item_id, frames_before, None).await;
        item_id
    }

    /// Sends `frames` more deltas of the response being spoken, then its done events
    /// (completed). False (and nothing sent) when none is being spoken, e.g. the client
    /// cancelled it.
    pub async fn finish_speaking(&self, conn: usize, frames: usize) -> bool {
        let Some(item_id) = self.server.with_conn(conn, |c| c.speaking()) else { return false };
        self.deltas(conn, &item_id, frames, None).await;
        let finished = self.server.with_conn(conn, |c| c.finish(Some(&item_id), Finish::Completed));
        self.server.flush(conn).await;
        finished
    }

    /// The caller barges in: `input_audio_buffer.speech_started {audio_start_ms, item_id}`, with
    /// `audio_start_ms` the length of the audio received so far. The open response, if any,
    /// stays open (see [`FakeRealtime::barge_in`]).
    pub async fn speech_started(&self, conn: usize) {
        self.server.with_conn(conn, Conn::speech_started);
        self.server.flush(conn).await;
    }

    /// What OpenAI's server VAD does with `interrupt_response` on (the default):
    /// `speech_started`, then the open response, if any, ends cancelled (`status_details.reason`
    /// `turn_detected`). A client `response.cancel` after this gets `response_cancel_not_active`.
    pub async fn barge_in(&self, conn: usize) {
        self.server.with_conn(conn, |c| {
            c.speech_started();
            c.finish(None, Finish::Cancelled("turn_detected"));
        });
        self.server.flush(conn).await;
    }

    /// The caller stops talking: `input_audio_buffer.speech_stopped`, `input_audio_buffer.committed`,
    /// `conversation.item.added` / `done` (the user's audio message).
    pub async fn speech_stopped(&self, conn: usize) {
        self.server.with_conn(conn, Conn::speech_stopped);
        self.server.flush(conn).await;
    }

    /// A whole tool call: [`FakeRealtime::begin_tool_call`]'s events, then `response.done`
    /// (completed, the call its output) and `rate_limits.updated`. Returns the `call_id`, which
    /// a `function_call_output` must carry.
    pub async fn call_tool(&self, conn: usize, name: &str, arguments: Value) -> String {
        let call_id = self.server.with_conn(conn, |c| {
            let call_id = c.begin_tool_call(name, &arguments);
            c.finish(None, Finish::Completed);
            call_id
        });
        self.server.flush(conn).await;
        call_id
    }

    /// A tool call in a response that stays open: `response.created`,
    /// `response.output_item.added` (`function_call`), `conversation.item.added`,
    /// `response.function_call_arguments.delta` (all of it at once),
    /// `response.function_call_arguments.done {name, call_id, arguments}` (`arguments` a JSON
    /// string), `response.output_item.done`, `conversation.item.done` — no `response.done`:
    /// until [`FakeRealtime::finish_response`], a `response.create` is refused
    /// (`conversation_already_has_active_response`), while a `function_call_output` for the call
    /// is accepted. Returns the `call_id`. Panics if a response is in progress.
    pub async fn begin_tool_call(&self, conn: usize, name: &str, arguments: Value) -> String {
        let call_id = self.server.with_conn(conn, |c| c.begin_tool_call(name, &arguments));
        self.server.flush(conn).await;
        call_id
    }

    /// Ends the response in progress: its audio done events if it is speaking, then
    /// `response.done` (completed, with its output items) and `rate_limits.updated`. False (and
    /// nothing sent) when none is in progress.
    pub async fn finish_response(&self, conn: usize) -> bool {
        let finished = self.server.with_conn(conn, |c| c.finish(None, Finish::Completed));
        self.server.flush(conn).await;
        finished
    }

    /// A response that fails, as when the model's service errs: `response.created`, then
    /// `response.done` with `status: "failed"` and `status_details: {"type": "failed", "error":
    /// {"type": error_type, "code": code, "message": message}}`, then `rate_limits.updated`.
    /// Returns the response ID. Panics if a response is in progress.
    pub async fn fail_response(
        &self,
        conn: usize,
        error_type: &str,
        code: &str,
        message: &str,
    ) -> String {
        let response_id = self.server.with_conn(conn, |c| c.fail(error_type, code, message));
        self.server.flush(conn).await;
        response_id
    }

    /// An `error` event of this type, code and message, answering no client event
    /// (`param` and `error.event_id` null). The connection stays open.
    pub async fn send_error(
        &self,
        conn: usize,
        error_type: &str,
        code: Option<&str>,
        message: &str,
    ) {
        let error = events::error(error_type, code, message);
        self.server.with_conn(conn, |c| c.send([error]));
        self.server.flush(conn).await;
    }

    /// What OpenAI does when a session reaches its maximum duration: an `error` event
    /// (`invalid_request_error`, code `session_expired`, "Your session hit the maximum duration
    /// of 60 minutes."), then a close frame (1001, going away, with that message). Returns once
    /// the connection is over.
    pub async fn expire_session(&self, conn: usize) {
        self.server.with_conn(conn, |c| {
            c.send([events::error(
                "invalid_request_error",
                Some("session_expired"),
                events::SESSION_EXPIRED,
            )]);
            c.socket.close(events::GOING_AWAY, events::SESSION_EXPIRED);
        });
        self.server.wait_closed(conn, END_WAIT).await;
    }

    /// A provider crash: an `error` event (`server_error`), then the TCP connection ends without
    /// a close frame. Returns once the connection is over.
    pub async fn drop_connection(&self, conn: usize) {
        self.server.with_conn(conn, |c| {
            c.send([events::server_error()]);
            c.socket.abort();
        });
        self.server.wait_closed(conn, END_WAIT).await;
    }

    /// Sends the open response's next `frames` deltas, pacing them; stops if it ends meanwhile.
    async fn deltas(&self, conn: usize, item_id: &str, frames: usize, pace: Option<Duration>) {
        for i in 0..frames {
            if let Some(pace) = pace.filter(|_| i > 0) {
                tokio::time::sleep(pace).await;
            }
            if !self.server.with_conn(conn, |c| c.audio_delta(item_id)) {
                break;
            }
            self.server.flush(conn).await;
        }
    }
}
