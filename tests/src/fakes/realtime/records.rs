//! What a test reads back from the fake: the connections, what each client sent, and how the
//! fake answered.

use std::time::Duration;

use serde_json::Value;

use super::FakeRealtime;

impl FakeRealtime {
    /// Waits (up to `timeout`) for an open connection whose session is configured (a
    /// `session.update` accepted) and returns its index. Each connection is returned once, the
    /// oldest first, so successive calls hand out successive calls' connections.
    pub async fn wait_for_session(&self, timeout: Duration) -> Option<usize> {
        self.server.claim(timeout, |c| c.configured).await
    }

    /// All audio appended on the connection, decoded, in order.
    pub fn received_audio(&self, conn: usize) -> Vec<u8> {
        self.server.with_conn(conn, |c| c.audio.clone())
    }

    /// Waits (up to `timeout`) until the connection (which may not exist yet) has received at
    /// least `bytes` of audio.
    pub async fn wait_for_audio(&self, conn: usize, bytes: usize, timeout: Duration) -> bool {
        self.server.wait_for(conn, timeout, |c| c.audio.len() >= bytes).await
    }

    /// The client events of the connection, in order, parsed (an event that was not JSON
    /// appears as a JSON string of its text).
    pub fn events(&self, conn: usize) -> Vec<Value> {
        self.server.with_conn(conn, |c| c.events.iter().map(|e| e.value.clone()).collect())
    }

    /// The client events of the connection as they arrived on the wire.
    pub fn raw_events(&self, conn: usize) -> Vec<String> {
        self.server.with_conn(conn, |c| c.events.iter().map(|e| e.raw.clone()).collect())
    }

    /// The client events of type `kind` (e.g. `conversation.item.truncate`), in order.
    pub fn events_of_type(&self, conn: usize, kind: &str) -> Vec<Value> {
        self.server.with_conn(conn, |c| {
            c.events.iter().filter(|e| e.value["type"] == kind).map(|e| e.value.clone()).collect()
        })
    }

    /// Waits (up to `timeout`) for the first client event of type `kind` after the first
    /// `skip` ones, and returns it.
    pub async fn wait_for_event(
        &self,
        conn: usize,
        kind: &str,
        skip: usize,
        timeout: Duration,
    ) -> Option<Value> {
        self.server
            .wait_until(timeout, |conns| {
                let events = &conns.get(conn)?.events;
                events.iter().filter(|e| e.value["type"] == kind).nth(skip).map(|e| e.value.clone())
            })
            .await
    }

    /// How many `response.create` events the fake accepted on the connection (refused ones,
    /// sent while a response was in progress, not counted).
    pub fn response_creates(&self, conn: usize) -> usize {
        self.server.with_conn(conn, |c| c.response_creates)
    }

    /// The `error` events the fake sent in answer to the connection's client events, in order
    /// (not those a test sent with `send_error` or `expire_session`).
    pub fn rejected(&self, conn: usize) -> Vec<Value> {
        self.server.with_conn(conn, |c| c.rejected.clone())
    }

    /// The `function_call_output`s the fake accepted on the connection: call ID and output (a
    /// string, as sent), in order.
    pub fn tool_outputs(&self, conn: usize) -> Vec<(String, String)> {
        self.server.with_conn(conn, |c| c.tool_outputs.clone())
    }

    /// The `session` of the last accepted `session.update`, as the client sent it.
    pub fn session(&self, conn: usize) -> Option<Value> {
        self.server.with_conn(conn, |c| c.session.clone())
    }

    /// The effective session (defaults with every accepted update applied), as
    /// `session.updated` reports it.
    pub fn effective_session(&self, conn: usize) -> Value {
        self.server.with_conn(conn, |c| c.effective.clone())
    }

    /// How many upgrade requests arrived, refused ones included.
    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// The HTTP status the upgrade was refused with (`None`: accepted).
    pub fn refused(&self, conn: usize) -> Option<u16> {
        self.server.with_conn(conn, |c| c.socket.refused)
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

    /// The close frame the fake sent (code and reason): 1001 after `expire_session`.
    pub fn closed_with(&self, conn: usize) -> Option<(u16, String)> {
        self.server.with_conn(conn, |c| c.socket.closed_with.clone())
    }

    /// The `Authorization` header of each upgrade request, in order.
    pub fn auth_headers(&self) -> Vec<Option<String>> {
        self.server.hub.lock().conns.iter().map(|c| c.authorization.clone()).collect()
    }

    /// The query string of the connection's upgrade request, e.g. `model=gpt-realtime`.
    pub fn query(&self, conn: usize) -> String {
        self.server.with_conn(conn, |c| c.query.clone())
    }
}
