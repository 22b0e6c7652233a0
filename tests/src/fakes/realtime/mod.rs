//! A fake of OpenAI's Realtime API, **GA dialect**, over a real WebSocket on 127.0.0.1: what
//! Loquent's call bridge talks to while a call is live. Event names and shapes follow the GA
//! `RealtimeClientEvent*` / `RealtimeServerEvent*` schemas of `shared/specs/openai_openapi.yaml`
//! (see `shared/protocols/openai-realtime-notes.md` for beta vs GA).
//!
//! The client connects to `ws://127.0.0.1:PORT/v1/realtime?model=…` with `Authorization: Bearer
//! <api_key>` (no `OpenAI-Beta` header: that would select the beta dialect, so the fake refuses
//! it with 400; a wrong or missing key gets 401). The fake sends `session.created`, then records
//! every client event in order and answers as OpenAI does: `session.updated` (or an `error` for a
//! session that is not GA-shaped: no `type: "realtime"`, beta field names…),
//! `conversation.item.truncated`, `conversation.item.added`/`done`, a cancelled `response.done`
//! for `response.cancel`; appended audio is decoded and kept per connection. Invalid events get
//! an `error` event and leave the connection open, as on OpenAI.
//!
//! What the model does is the test's to script, per connection: [`FakeRealtime::speak`],
//! [`FakeRealtime::speech_started`], [`FakeRealtime::call_tool`], [`FakeRealtime::drop_connection`]…
//! Each returns once its events are on the socket. Connections are numbered from 0 in the order
//! their upgrade requests arrived (refused ones included).
//!
//! ```no_run
//! # async fn example() {
//! use std::time::Duration;
//! use loquent_tests::fakes::realtime::FakeRealtime;
//! let realtime = FakeRealtime::start().await;
//! // point the code under test at `realtime.base_url` with `realtime.api_key`, start a call…
//! let conn = realtime.wait_for_session(Duration::from_secs(5)).await.expect("a session");
//! realtime.speak(conn, 10, 160, 0x55, None).await;
//! assert!(realtime.session(conn).is_some());
//! # }
//! ```

mod events;
mod server;
mod session;
mod state;
#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use state::{Conn, Finish, Outgoing, Shared, State};

/// The byte `speak_partially` and `finish_speaking` fill their audio frames with.
pub const PARTIAL_SPEECH_BYTE: u8 = 0x2A;

/// The transcript of every response the fake speaks (`response.output_audio_transcript.*`).
pub const SPOKEN_TRANSCRIPT: &str = state::TRANSCRIPT;

pub struct FakeRealtime {
    /// `http://127.0.0.1:PORT/v1`, without a trailing slash (what `OPENAI_BASE_URL` takes; the
    /// client turns it into `ws://…/v1/realtime?model=…`).
    pub base_url: String,
    /// The one key the fake accepts, `sk-test-` and 32 hex digits.
    pub api_key: String,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl FakeRealtime {
    /// Starts the fake on a free port of 127.0.0.1, with a fresh API key.
    pub async fn start() -> FakeRealtime {
        FakeRealtime::start_on_port(0)
            .await
            .expect("starting the fake OpenAI Realtime on 127.0.0.1")
    }

    /// Starts the fake on `port` of 127.0.0.1 (0 for a free one).
    pub async fn start_on_port(port: u16) -> std::io::Result<FakeRealtime> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let api_key = format!("sk-test-{}", uuid::Uuid::new_v4().simple());
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                api_key: api_key.clone(),
                conns: Vec::new(),
                tasks: Vec::new(),
                stopped: false,
            }),
            changed: tokio::sync::Notify::new(),
        });
        let accept = tokio::spawn(server::accept(listener, Arc::clone(&shared)));
        Ok(FakeRealtime { base_url: format!("http://{address}/v1"), api_key, shared, accept })
    }

    /// Waits (up to `timeout`) for an open connection whose session is configured (a
    /// `session.update` accepted) and returns its index. Each connection is returned once, the
    /// oldest first, so successive calls hand out successive calls' connections.
    pub async fn wait_for_session(&self, timeout: Duration) -> Option<usize> {
        self.wait_until(timeout, |conns| {
            let (i, conn) = conns
                .iter_mut()
                .enumerate()
                .find(|(_, c)| c.configured && !c.closed && !c.claimed)?;
            conn.claimed = true;
            Some(i)
        })
        .await
    }

    /// Speaks a whole response: `response.created`, `response.output_item.added`,
    /// `conversation.item.added`, `response.content_part.added`, then `frames` ×
    /// `response.output_audio.delta` (each `delta` the base64 of `frame_bytes` bytes of `byte`,
    /// all with the same `response_id` / `item_id`; a transcript delta follows the first), then
    /// `response.output_audio.done`, `response.output_audio_transcript.done`,
    /// `response.content_part.done`, `response.output_item.done`, `conversation.item.done`,
    /// `response.done` (completed) and `rate_limits.updated`. With `pace`, sleeps that long
    /// between deltas; a `response.cancel` from the client meanwhile ends it early (cancelled).
    /// Returns the item ID. Panics if the connection is still speaking another response.
    pub async fn speak(
        &self,
        conn: usize,
        frames: usize,
        frame_bytes: usize,
        byte: u8,
        pace: Option<Duration>,
    ) -> String {
        let item_id = self.with_conn(conn, |c| c.begin_audio(frame_bytes, byte));
        self.deltas(conn, &item_id, frames, pace).await;
        self.with_conn(conn, |c| c.finish_audio(Some(&item_id), Finish::Completed));
        self.flush(conn).await;
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
        let item_id = self.with_conn(conn, |c| c.begin_audio(frame_bytes, PARTIAL_SPEECH_BYTE));
        self.deltas(conn, &item_id, frames_before, None).await;
        item_id
    }

    /// Sends `frames` more deltas of the open response, then its done events (completed).
    /// False (and nothing sent) when no response is open, e.g. the client cancelled it.
    pub async fn finish_speaking(&self, conn: usize, frames: usize) -> bool {
        let Some(item_id) = self.with_conn(conn, |c| c.open.as_ref().map(|o| o.item_id.clone()))
        else {
            return false;
        };
        self.deltas(conn, &item_id, frames, None).await;
        let finished = self.with_conn(conn, |c| c.finish_audio(Some(&item_id), Finish::Completed));
        self.flush(conn).await;
        finished
    }

    /// The caller barges in: `input_audio_buffer.speech_started {audio_start_ms, item_id}`, with
    /// `audio_start_ms` the length of the audio received so far. The open response, if any,
    /// stays open (see [`FakeRealtime::barge_in`]).
    pub async fn speech_started(&self, conn: usize) {
        self.with_conn(conn, Conn::speech_started);
        self.flush(conn).await;
    }

    /// What OpenAI's server VAD does with `interrupt_response` on (the default):
    /// `speech_started`, then the open response, if any, ends cancelled (`status_details.reason`
    /// `turn_detected`). A client `response.cancel` after this gets `response_cancel_not_active`.
    pub async fn barge_in(&self, conn: usize) {
        self.with_conn(conn, |c| {
            c.speech_started();
            c.finish_audio(None, Finish::Cancelled("turn_detected"));
        });
        self.flush(conn).await;
    }

    /// The caller stops talking: `input_audio_buffer.speech_stopped`, `input_audio_buffer.committed`,
    /// `conversation.item.added` / `done` (the user's audio message).
    pub async fn speech_stopped(&self, conn: usize) {
        self.with_conn(conn, Conn::speech_stopped);
        self.flush(conn).await;
    }

    /// A tool call: `response.created`, `response.output_item.added` (`function_call`),
    /// `conversation.item.added`, `response.function_call_arguments.delta` (all of it at once),
    /// `response.function_call_arguments.done {name, call_id, arguments}` (`arguments` a JSON
    /// string), `response.output_item.done`, `conversation.item.done`, `response.done`,
    /// `rate_limits.updated`. Returns the `call_id`, which a `function_call_output` must carry.
    pub async fn call_tool(&self, conn: usize, name: &str, arguments: Value) -> String {
        let call_id = self.with_conn(conn, |c| c.tool_call(name, &arguments));
        self.flush(conn).await;
        call_id
    }

    /// A provider crash: an `error` event (`server_error`), then the TCP connection ends without
    /// a close frame. Returns once the connection is over.
    pub async fn drop_connection(&self, conn: usize) {
        self.with_conn(conn, |c| {
            c.send([events::server_error()]);
            c.abort();
        });
        self.wait_closed(conn, Duration::from_secs(5)).await;
    }

    /// All audio appended on the connection, decoded, in order.
    pub fn received_audio(&self, conn: usize) -> Vec<u8> {
        self.with_conn(conn, |c| c.audio.clone())
    }

    /// Waits (up to `timeout`) until the connection (which may not exist yet) has received at
    /// least `bytes` of audio.
    pub async fn wait_for_audio(&self, conn: usize, bytes: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |conns| {
            conns.get(conn).filter(|c| c.audio.len() >= bytes).map(|_| ())
        })
        .await
        .is_some()
    }

    /// The client events of the connection, in order, parsed (an event that was not JSON
    /// appears as a JSON string of its text).
    pub fn events(&self, conn: usize) -> Vec<Value> {
        self.with_conn(conn, |c| c.events.iter().map(|e| e.value.clone()).collect())
    }

    /// The client events of the connection as they arrived on the wire.
    pub fn raw_events(&self, conn: usize) -> Vec<String> {
        self.with_conn(conn, |c| c.events.iter().map(|e| e.raw.clone()).collect())
    }

    /// The client events of type `kind` (e.g. `conversation.item.truncate`), in order.
    pub fn events_of_type(&self, conn: usize, kind: &str) -> Vec<Value> {
        self.with_conn(conn, |c| {
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
        self.wait_until(timeout, |conns| {
            let events = &conns.get(conn)?.events;
            events.iter().filter(|e| e.value["type"] == kind).nth(skip).map(|e| e.value.clone())
        })
        .await
    }

    /// The `session` of the last accepted `session.update`, as the client sent it.
    pub fn session(&self, conn: usize) -> Option<Value> {
        self.with_conn(conn, |c| c.session.clone())
    }

    /// The effective session (defaults with every accepted update applied), as
    /// `session.updated` reports it.
    pub fn effective_session(&self, conn: usize) -> Value {
        self.with_conn(conn, |c| c.effective.clone())
    }

    /// How many upgrade requests arrived, refused ones included.
    pub fn connections(&self) -> usize {
        self.shared.lock().conns.len()
    }

    /// The HTTP status the upgrade was refused with (`None`: accepted).
    pub fn refused(&self, conn: usize) -> Option<u16> {
        self.with_conn(conn, |c| c.refused)
    }

    /// The connection is over: the client closed it (close frame or TCP end), the fake dropped
    /// it, or the upgrade was refused.
    pub fn is_closed(&self, conn: usize) -> bool {
        self.with_conn(conn, |c| c.closed)
    }

    /// Waits (up to `timeout`) until the connection is over; true if it is.
    pub async fn wait_closed(&self, conn: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |conns| conns.get(conn).filter(|c| c.closed).map(|_| ()))
            .await
            .is_some()
    }

    /// The `Authorization` header of each upgrade request, in order.
    pub fn auth_headers(&self) -> Vec<Option<String>> {
        self.shared.lock().conns.iter().map(|c| c.authorization.clone()).collect()
    }

    /// The query string of the connection's upgrade request, e.g. `model=gpt-realtime`.
    pub fn query(&self, conn: usize) -> String {
        self.with_conn(conn, |c| c.query.clone())
    }

    /// Sends the open response's next `frames` deltas, pacing them; stops if it ends meanwhile.
    async fn deltas(&self, conn: usize, item_id: &str, frames: usize, pace: Option<Duration>) {
        for i in 0..frames {
            if let Some(pace) = pace.filter(|_| i > 0) {
                tokio::time::sleep(pace).await;
            }
            if !self.with_conn(conn, |c| c.audio_delta(item_id)) {
                break;
            }
            self.flush(conn).await;
        }
    }

    fn with_conn<T>(&self, conn: usize, f: impl FnOnce(&mut Conn) -> T) -> T {
        let mut state = self.shared.lock();
        let result = f(conn_mut(&mut state.conns, conn));
        drop(state);
        self.shared.changed.notify_waiters();
        result
    }

    /// Returns once everything queued for the connection is on the socket (or it is over).
    async fn flush(&self, conn: usize) {
        let (ack, done) = oneshot::channel();
        let sent = self.with_conn(conn, |c| {
            c.tx.as_ref().is_some_and(|tx| tx.send(Outgoing::Flush(ack)).is_ok())
        });
        if sent {
            let _ = done.await;
        }
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&mut Vec<Conn>) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(found) = check(&mut self.shared.lock().conns) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return check(&mut self.shared.lock().conns);
            }
        }
    }
}

fn conn_mut(conns: &mut [Conn], conn: usize) -> &mut Conn {
    let count = conns.len();
    conns.get_mut(conn).unwrap_or_else(|| panic!("no connection {conn} (the fake has {count})"))
}

impl Drop for FakeRealtime {
    fn drop(&mut self) {
        self.accept.abort();
        let mut state = self.shared.lock();
        state.stopped = true;
        for task in state.tasks.drain(..) {
            task.abort();
        }
    }
}
