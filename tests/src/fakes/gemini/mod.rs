//! A fake of Google's Gemini Live API (`BidiGenerateContent`) over a real WebSocket on
//! 127.0.0.1: what Loquent's call bridge talks to while a call is live on a Gemini agent. The
//! wire format is `shared/protocols/gemini-live-notes.md`.
//!
//! The client connects to `ws://127.0.0.1:PORT/ws/google.ai.generativelanguage.v1beta.
//! GenerativeService.BidiGenerateContent?key=<api_key>` (the `v1` and `v1alpha` paths and the
//! `x-goog-api-key` header are accepted too; a wrong or missing key gets HTTP 401, another path
//! 404). Its first message must be `setup`, which the fake checks, keeps and answers with
//! `setupComplete`; then it records every client message in order, decodes `realtimeInput` audio
//! (`audio/pcm;rate=N`, or the deprecated `mediaChunks`) per connection, and checks that each
//! `toolResponse` answers one of its calls. Both proto-JSON spellings of keys (`realtimeInput` /
//! `realtime_input`) are accepted. A message the service would refuse (anything before `setup`,
//! not JSON, unknown members, undecodable audio…) ends the session with close code 1007 and a
//! reason, as the service does.
//!
//! Like the service, the fake sends its JSON messages in **binary** frames.
//!
//! What the model does is the test's to script, per connection: [`FakeGemini::speak_pcm`],
//! [`FakeGemini::interrupted`], [`FakeGemini::call_tool`], [`FakeGemini::go_away`],
//! [`FakeGemini::drop_connection`]… Each returns once its messages are on the socket.
//! Connections are numbered from 0 in the order their upgrade requests arrived (refused ones
//! included).
//!
//! ```no_run
//! # async fn example() {
//! use std::time::Duration;
//! use loquent_tests::fakes::gemini::FakeGemini;
//! let gemini = FakeGemini::start().await;
//! // point the code under test at `gemini.base_url` with `gemini.api_key`, start a call…
//! let conn = gemini.wait_for_session(Duration::from_secs(5)).await.expect("a session");
//! gemini.speak_pcm(conn, &[0u8; 4800], 5, None).await;
//! assert!(gemini.setup(conn).is_some());
//! # }
//! ```

mod events;
mod server;
mod setup;
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

use events::{camel_case, field, snake_case};
use state::{Conn, Outgoing, Shared, State};

/// The path of the Live endpoint (v1beta, as the docs have it), without the query.
pub const PATH: &str = server::PATH;

/// The `mimeType` of the model's audio chunks.
pub const OUTPUT_MIME: &str = events::OUTPUT_MIME;

/// The text of every turn the fake speaks (`outputTranscription`, when `setup` asked for
/// `outputAudioTranscription`).
pub const SPOKEN_TRANSCRIPT: &str = state::TRANSCRIPT;

/// The close code the fake (like the service) ends a session with on a protocol violation.
pub const CLOSE_INVALID: u16 = state::INVALID;

pub struct FakeGemini {
    /// `http://127.0.0.1:PORT`, without a trailing slash (what `GEMINI_BASE_URL` takes; the
    /// client turns it into `ws://…/ws/…BidiGenerateContent?key=…`).
    pub base_url: String,
    /// The one key the fake accepts, `AIza` and 35 characters like Google's.
    pub api_key: String,
    shared: Arc<Shared>,
    accept: JoinHandle<()>,
}

impl FakeGemini {
    /// Starts the fake on a free port of 127.0.0.1, with a fresh API key.
    pub async fn start() -> FakeGemini {
        FakeGemini::start_on_port(0).await.expect("starting the fake Gemini Live on 127.0.0.1")
    }

    /// Starts the fake on `port` of 127.0.0.1 (0 for a free one).
    pub async fn start_on_port(port: u16) -> std::io::Result<FakeGemini> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let address = listener.local_addr()?;
        let hex = uuid::Uuid::new_v4().simple().to_string();
        let api_key = format!("AIzaTest{}", &hex[..31]);
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
        Ok(FakeGemini { base_url: format!("http://{address}"), api_key, shared, accept })
    }

    /// The WebSocket URL a client should open (`ws://…` with the v1beta path and `?key=`).
    pub fn ws_url(&self) -> String {
        let base = self.base_url.replacen("http://", "ws://", 1);
        format!("{base}{PATH}?key={}", self.api_key)
    }

    /// Waits (up to `timeout`) for an open connection whose `setup` was accepted and returns
    /// its index. Each connection is returned once, the oldest first, so successive calls hand
    /// out successive calls' connections.
    pub async fn wait_for_session(&self, timeout: Duration) -> Option<usize> {
        self.wait_until(timeout, |conns| {
            let (i, conn) = conns
                .iter_mut()
                .enumerate()
                .find(|(_, c)| c.setup.is_some() && !c.closed && !c.closing && !c.claimed)?;
            conn.claimed = true;
            Some(i)
        })
        .await
    }

    /// The model speaks `pcm` (PCM16LE, 24 kHz): `chunks` ×
    /// `serverContent.modelTurn.parts[].inlineData {mimeType: "audio/pcm;rate=24000", data}`
    /// (the audio split into `chunks` nearly equal, sample-aligned pieces; empty pieces are not
    /// sent), then `serverContent.generationComplete` and `serverContent.turnComplete` (with
    /// `usageMetadata` beside it). When the setup asked for `outputAudioTranscription`, an
    /// `outputTranscription` of [`SPOKEN_TRANSCRIPT`] follows the first chunk. With `pace`,
    /// sleeps that long between chunks; an [`FakeGemini::interrupted`] meanwhile ends the turn
    /// (no more chunks, no `generationComplete` / `turnComplete`). Panics if the connection is
    /// already speaking.
    pub async fn speak_pcm(&self, conn: usize, pcm: &[u8], chunks: usize, pace: Option<Duration>) {
        let turn = self.with_conn(conn, Conn::begin_turn);
        for (i, chunk) in split(pcm, chunks).into_iter().enumerate() {
            if let Some(pace) = pace.filter(|_| i > 0) {
                tokio::time::sleep(pace).await;
            }
            if !self.with_conn(conn, |c| c.audio_chunk(turn, chunk)) {
                break;
            }
            self.flush(conn).await;
        }
        self.with_conn(conn, |c| c.finish_turn(turn));
        self.flush(conn).await;
    }

    /// The caller barged in: `serverContent {interrupted: true}`. A turn being spoken ends.
    pub async fn interrupted(&self, conn: usize) {
        self.with_conn(conn, Conn::interrupt);
        self.flush(conn).await;
    }

    /// A tool call: `toolCall {functionCalls: [{id, name, args}]}` (`args` a JSON object).
    /// Returns the `id`, which the `toolResponse` must echo with the `name`.
    pub async fn call_tool(&self, conn: usize, name: &str, args: Value) -> String {
        assert!(args.is_object(), "Gemini's function call args are a JSON object, not {args}");
        let id = self.with_conn(conn, |c| c.tool_call(name, &args));
        self.flush(conn).await;
        id
    }

    /// `toolCallCancellation {ids}`: what the service sends when the caller interrupts before
    /// the tools answered.
    pub async fn cancel_tool_calls(&self, conn: usize, ids: &[String]) {
        self.with_conn(conn, |c| c.send([events::tool_call_cancellation(ids)]));
        self.flush(conn).await;
    }

    /// `serverContent.inputTranscription {text}`: what the caller said.
    pub async fn transcribe_input(&self, conn: usize, text: &str) {
        self.with_conn(conn, |c| c.send([events::input_transcription(text)]));
        self.flush(conn).await;
    }

    /// `{"goAway": {"timeLeft": "10s"}}`: the service will end the session soon. The
    /// connection stays open (follow with [`FakeGemini::close`] or `drop_connection`).
    pub async fn go_away(&self, conn: usize) {
        self.with_conn(conn, |c| c.send([events::go_away("10s")]));
        self.flush(conn).await;
    }

    /// Ends the session cleanly: a close frame with `code` and `reason` (cut to 123 bytes),
    /// then the closing handshake. Returns once the connection is over.
    pub async fn close(&self, conn: usize, code: u16, reason: &str) {
        self.with_conn(conn, |c| c.close(code, reason));
        self.wait_closed(conn, Duration::from_secs(10)).await;
    }

    /// A provider crash: the TCP connection ends without a close frame. Returns once the
    /// connection is over.
    pub async fn drop_connection(&self, conn: usize) {
        self.with_conn(conn, Conn::abort);
        self.wait_closed(conn, Duration::from_secs(5)).await;
    }

    /// All caller audio of the connection, decoded (PCM16LE bytes as sent), in order.
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

    /// The sample rate the connection's last audio blob declared (`audio/pcm;rate=N`).
    pub fn input_rate(&self, conn: usize) -> Option<u32> {
        self.with_conn(conn, |c| c.input_rate)
    }

    /// How many `realtimeInput.audioStreamEnd: true` the connection sent.
    pub fn audio_stream_ends(&self, conn: usize) -> usize {
        self.with_conn(conn, |c| c.audio_stream_ends)
    }

    /// The accepted `setup`, as the client sent it (keys in its spelling).
    pub fn setup(&self, conn: usize) -> Option<Value> {
        self.with_conn(conn, |c| c.setup.clone())
    }

    /// `setup.model`, e.g. `models/gemini-2.0-flash-live-001`.
    pub fn model(&self, conn: usize) -> Option<String> {
        self.with_conn(conn, |c| c.setup.as_ref().and_then(setup::model))
    }

    /// The prebuilt voice the setup asked for.
    pub fn voice(&self, conn: usize) -> Option<String> {
        self.with_conn(conn, |c| c.setup.as_ref().and_then(setup::voice))
    }

    /// `generationConfig.responseModalities` of the setup (e.g. `["AUDIO"]`).
    pub fn response_modalities(&self, conn: usize) -> Vec<String> {
        self.with_conn(conn, |c| c.setup.as_ref().map(setup::response_modalities))
            .unwrap_or_default()
    }

    /// The text of the setup's `systemInstruction` (its text parts joined).
    pub fn system_instruction(&self, conn: usize) -> Option<String> {
        self.with_conn(conn, |c| c.setup.as_ref().and_then(setup::system_instruction))
    }

    /// The setup's function declarations (of every tool), as sent.
    pub fn function_declarations(&self, conn: usize) -> Vec<Value> {
        self.with_conn(conn, |c| c.setup.as_ref().map(setup::function_declarations))
            .unwrap_or_default()
    }

    /// The client messages of the connection, in order, parsed (a message that was not JSON
    /// appears as a JSON string of its text).
    pub fn messages(&self, conn: usize) -> Vec<Value> {
        self.with_conn(conn, |c| c.messages.iter().map(|m| m.value.clone()).collect())
    }

    /// The client messages of the connection as they arrived on the wire.
    pub fn raw_messages(&self, conn: usize) -> Vec<String> {
        self.with_conn(conn, |c| c.messages.iter().map(|m| m.raw.clone()).collect())
    }

    /// The client messages with the member `key` (`toolResponse` or `tool_response`: either
    /// spelling finds both), in order.
    pub fn messages_with(&self, conn: usize, key: &str) -> Vec<Value> {
        self.with_conn(conn, |c| {
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
        self.wait_until(timeout, |conns| {
            let messages = &conns.get(conn)?.messages;
            messages.iter().filter(|m| has_member(&m.value, key)).nth(skip).map(|m| m.value.clone())
        })
        .await
    }

    /// How many upgrade requests arrived, refused ones included.
    pub fn connections(&self) -> usize {
        self.shared.lock().conns.len()
    }

    /// The HTTP status the upgrade was refused with (`None`: accepted).
    pub fn refused(&self, conn: usize) -> Option<u16> {
        self.with_conn(conn, |c| c.refused)
    }

    /// The API key each upgrade request carried (`?key=`, else `x-goog-api-key`), in order.
    pub fn presented_keys(&self) -> Vec<Option<String>> {
        self.shared.lock().conns.iter().map(|c| c.presented_key.clone()).collect()
    }

    /// The connection is over: the client closed it (close frame or TCP end), the fake closed
    /// or dropped it, or the upgrade was refused.
    pub fn is_closed(&self, conn: usize) -> bool {
        self.with_conn(conn, |c| c.closed)
    }

    /// Waits (up to `timeout`) until the connection is over; true if it is.
    pub async fn wait_closed(&self, conn: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |conns| conns.get(conn).filter(|c| c.closed).map(|_| ()))
            .await
            .is_some()
    }

    /// The close frame the fake sent (code and reason): 1007 and why, after a violation.
    pub fn closed_with(&self, conn: usize) -> Option<(u16, String)> {
        self.with_conn(conn, |c| c.closed_with.clone())
    }

    /// The close frame the client sent (code and reason; 1005 when it had no code).
    pub fn client_close(&self, conn: usize) -> Option<(u16, String)> {
        self.with_conn(conn, |c| c.client_close.clone())
    }

    /// The query string of the connection's upgrade request, e.g. `key=AIza…`.
    pub fn query(&self, conn: usize) -> String {
        self.with_conn(conn, |c| c.query.clone())
    }

    /// The path of the connection's upgrade request.
    pub fn path(&self, conn: usize) -> String {
        self.with_conn(conn, |c| c.path.clone())
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

/// `pcm` in `chunks` (at least one) nearly equal pieces cut between samples; no empty ones.
fn split(pcm: &[u8], chunks: usize) -> Vec<&[u8]> {
    let chunks = chunks.max(1);
    let samples = pcm.len() / 2;
    let mut out = Vec::with_capacity(chunks);
    let mut start = 0;
    for i in 1..=chunks {
        let end = if i == chunks { pcm.len() } else { samples * i / chunks * 2 };
        if end > start {
            out.push(&pcm[start..end]);
            start = end;
        }
    }
    out
}

/// The message is an object with the member `key`, in either spelling.
fn has_member(message: &Value, key: &str) -> bool {
    let camel = camel_case(key);
    message.get(&camel).or_else(|| message.get(snake_case(&camel))).is_some()
}

fn conn_mut(conns: &mut [Conn], conn: usize) -> &mut Conn {
    let count = conns.len();
    conns.get_mut(conn).unwrap_or_else(|| panic!("no connection {conn} (the fake has {count})"))
}

impl Drop for FakeGemini {
    fn drop(&mut self) {
        self.accept.abort();
        let mut state = self.shared.lock();
        state.stopped = true;
        for task in state.tasks.drain(..) {
            task.abort();
        }
    }
}
