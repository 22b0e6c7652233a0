//! What a test reads back from the fake: the connections, what each client sent, and how the
//! fake answered.

use std::time::Duration;

use serde_json::Value;

use super::FakeGemini;
use super::events::{camel_case, field, snake_case};
use super::setup;

impl FakeGemini {
    /// Waits (up to `timeout`) for an open connection whose `setup` was accepted and returns
    /// its index. Each connection is returned once, the oldest first, so successive calls hand
    /// out successive calls' connections.
    pub async fn wait_for_session(&self, timeout: Duration) -> Option<usize> {
        self.server.claim(timeout, |c| c.setup.is_some()).await
    }

    /// All caller audio of the connection, decoded (PCM16LE bytes as sent), in order.
    pub fn received_audio(&self, conn: usize) -> Vec<u8> {
        self.server.with_conn(conn, |c| c.audio.clone())
    }

    /// Waits (up to `timeout`) until the connection (which may not exist yet) has received at
    /// least `bytes` of audio.
    pub async fn wait_for_audio(&self, conn: usize, bytes: usize, timeout: Duration) -> bool {
        self.server.wait_for(conn, timeout, |c| c.audio.len() >= bytes).await
    }

    /// The sample rate the connection's last audio blob declared (`audio/pcm;rate=N`).
    pub fn input_rate(&self, conn: usize) -> Option<u32> {
        self.server.with_conn(conn, |c| c.input_rate)
    }

    /// How many `realtimeInput.audioStreamEnd: true` the connection sent.
    pub fn audio_stream_ends(&self, conn: usize) -> usize {
        self.server.with_conn(conn, |c| c.audio_stream_ends)
    }

    /// The accepted `setup`, as the client sent it (keys in its spelling).
    pub fn setup(&self, conn: usize) -> Option<Value> {
        self.server.with_conn(conn, |c| c.setup.clone())
    }

    /// `setup.model`, e.g. `models/gemini-2.0-flash-live-001`.
    pub fn model(&self, conn: usize) -> Option<String> {
        self.server.with_conn(conn, |c| c.setup.as_ref().and_then(setup::model))
    }

    /// The prebuilt voice the setup asked for.
    pub fn voice(&self, conn: usize) -> Option<String> {
        self.server.with_conn(conn, |c| c.setup.as_ref().and_then(setup::voice))
    }

    /// `generationConfig.responseModalities` of the setup (e.g. `["AUDIO"]`).
    pub fn response_modalities(&self, conn: usize) -> Vec<String> {
        self.server
            .with_conn(conn, |c| c.setup.as_ref().map(setup::response_modalities))
            .unwrap_or_default()
    }

    /// The text of the setup's `systemInstruction` (its text parts joined).
    pub fn system_instruction(&self, conn: usize) -> Option<String> {
        self.server.with_conn(conn, |c| c.setup.as_ref().and_then(setup::system_instruction))
    }

    /// The setup's function declarations (of every tool), as sent.
    pub fn function_declarations(&self, conn: usize) -> Vec<Value> {
        self.server
            .with_conn(conn, |c| c.setup.as_ref().map(setup::function_declarations))
            .unwrap_or_default()
    }

    /// The client messages of the connection, in order, parsed (a message that was not JSON
    /// appears as a JSON string of its text).
    pub fn messages(&self, conn: usize) -> Vec<Value> {
        self.server.with_conn(conn, |c| c.messages.iter().map(|m| m.value.clone()).collect())
    }

    /// The client messages of the connection as they arrived on the wire.
    pub fn raw_messages(&self, conn: usize) -> Vec<String> {
        self.server.with_conn(conn, |c| c.messages.iter().map(|m| m.raw.clone()).collect())
    }

    /// The client messages with the member `key` (`toolResponse` or `tool_response`: either
    /// spelling finds both), in order.
    pub fn messages_with(&self, conn: usize, key: &str) -> Vec<Value> {
        self.server.with_conn(conn, |c| {
            c.messages
                .iter()
                .filter(|m| has_member(&m.value, key))
                .map(|m| m.value.clone())
                .collect()
        })
    }

    /// Every `functionResponses[]` entry the connection sent, in order.
    pub fn tool_responses(&self, conn: usize) -> Vec<Value> {
        self.messages_with(conn, "toolResponse")
            .iter()
            .filter_map(|m| field(field(m, "toolResponse")?, "functionResponses")?.as_array())
            .flatten()
            .cloned()
            .collect()
    }

    /// Waits (up to `timeout`) for the first client message with the member `key` (either
    /// spelling) after the first `skip` ones, and returns it.
    pub async fn wait_for_message(
        &self,
        conn: usize,
        key: &str,
        skip: usize,
        timeout: Duration,
    ) -> Option<Value> {
        self.server
            .wait_until(timeout, |conns| {
                let messages = &conns.get(conn)?.messages;
                messages
                    .iter()
                    .filter(|m| has_member(&m.value, key))
                    .nth(skip)
                    .map(|m| m.value.clone())
            })
            .await
    }

    /// How many upgrade requests arrived, refused ones included.
    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// The HTTP status the upgrade was refused with (`None`: accepted).
    pub fn refused(&self, conn: usize) -> Option<u16> {
        self.server.with_conn(conn, |c| c.socket.refused)
    }

    /// The API key each upgrade request carried (`?key=`, else `x-goog-api-key`), in order.
    pub fn presented_keys(&self) -> Vec<Option<String>> {
        self.server.hub.lock().conns.iter().map(|c| c.presented_key.clone()).collect()
    }

    /// The connection is over: the client closed it (close frame or TCP end), the fake closed
    /// or dropped it, or the upgrade was refused.
    pub fn is_closed(&self, conn: usize) -> bool {
        self.server.with_conn(conn, |c| c.socket.closed)
    }

    /// Waits (up to `timeout`) until the connection is over; true if it is.
    pub async fn wait_closed(&self, conn: usize, timeout: Duration) -> bool {
        self.server.wait_closed(conn, timeout).await
    }

    /// The close frame the fake sent (code and reason, as cut for the wire): 1007 and why, after
    /// a violation; 1011 at the end of a connection's lifetime.
    pub fn closed_with(&self, conn: usize) -> Option<(u16, String)> {
        self.server.with_conn(conn, |c| c.socket.closed_with.clone())
    }

    /// The close frame the client sent (code and reason; 1005 when it had no code).
    pub fn client_close(&self, conn: usize) -> Option<(u16, String)> {
        self.server.with_conn(conn, |c| c.socket.client_close.clone())
    }

    /// The query string of the connection's upgrade request, e.g. `key=AIza…`.
    pub fn query(&self, conn: usize) -> String {
        self.server.with_conn(conn, |c| c.query.clone())
    }

    /// The path of the connection's upgrade request.
    pub fn path(&self, conn: usize) -> String {
        self.server.with_conn(conn, |c| c.path.clone())
    }

    /// The connection whose resumption handle this connection's setup named (`None`: a new
    /// session, or no setup yet).
    pub fn resumed_from(&self, conn: usize) -> Option<usize> {
        self.server.with_conn(conn, |c| c.resumed_from)
    }

    /// The resumption handles issued on the connection (`sessionResumptionUpdate.newHandle`),
    /// in order.
    pub fn handles(&self, conn: usize) -> Vec<String> {
        self.server.with_conn(conn, |c| c.handles.clone())
    }

    /// How many `goAway` messages the connection was sent.
    pub fn go_aways(&self, conn: usize) -> usize {
        self.server.with_conn(conn, |c| c.go_aways)
    }
}

/// The message is an object with the member `key`, in either spelling.
fn has_member(message: &Value, key: &str) -> bool {
    let camel = camel_case(key);
    message.get(&camel).or_else(|| message.get(snake_case(&camel))).is_some()
}
