//! A fake of Google's Gemini Live API (`BidiGenerateContent`) over a real WebSocket on
//! 127.0.0.1: what Loquent's call bridge talks to while a call is live on a Gemini agent. The
//! wire format is `shared/protocols/gemini-live-notes.md`.
//!
//! The client connects to `ws://127.0.0.1:PORT/ws/google.ai.generativelanguage.v1beta.
//! GenerativeService.BidiGenerateContent?key=<api_key>` (the `v1` and `v1alpha` paths and the
//! `x-goog-api-key` header are accepted too; a wrong or missing key gets HTTP 401, another path
//! 404). Its first message must be `setup`, which the fake checks as strictly as the service's
//! proto-JSON parser (every member a field of its message, every enum value one of its names,
//! function parameters in Gemini's own `Schema` — `additionalProperties` is an unknown name — and
//! the service's rules), keeps and answers with `setupComplete`; then it records every client
//! message in order, decodes `realtimeInput` audio (`audio/pcm;rate=N`, or the deprecated
//! `mediaChunks`) per connection, and checks that each `toolResponse` answers one of the
//! session's pending calls. Both proto-JSON spellings of keys (`realtimeInput` /
//! `realtime_input`) are accepted. A message the service would refuse ends the session with
//! close code 1007 and a reason in the service's words, as the service does.
//!
//! Like the service, the fake hands out session resumption handles when the setup asks for them,
//! resumes a session from one, and — with [`GeminiOptions`] — limits how long a connection and
//! an uncompressed session live (`goAway`, then a 1011 close).
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

mod client_messages;
mod events;
mod limits;
mod records;
mod resumption;
mod script;
mod server;
mod setup;
mod state;
#[cfg(test)]
mod tests;

use state::State;

use crate::fakes::ws::Server;

pub use limits::{DEADLINE_EXPIRED, GeminiOptions};

/// The path of the Live endpoint (v1beta, as the docs have it), without the query.
pub const PATH: &str = server::PATH;

/// The `mimeType` of the model's audio chunks.
pub const OUTPUT_MIME: &str = events::OUTPUT_MIME;

/// The text of every turn the fake speaks (`outputTranscription`, when `setup` asked for
/// `outputAudioTranscription`).
pub const SPOKEN_TRANSCRIPT: &str = state::TRANSCRIPT;

/// The close code the fake (like the service) ends a session with on a protocol violation.
pub const CLOSE_INVALID: u16 = state::INVALID;

/// The close code the fake (like the service) ends a connection with at the end of its lifetime
/// or its session's audio time, or when a resume finds the session still open.
pub const CLOSE_INTERNAL: u16 = state::INTERNAL;

pub struct FakeGemini {
    /// `http://127.0.0.1:PORT`, without a trailing slash (what `GEMINI_BASE_URL` takes; the
    /// client turns it into `ws://…/ws/…BidiGenerateContent?key=…`).
    pub base_url: String,
    /// The one key the fake accepts, `AIza` and 35 characters like Google's.
    pub api_key: String,
    server: Server<State>,
}

impl FakeGemini {
    /// Starts the fake on a free port of 127.0.0.1, with a fresh API key and no time limits.
    pub async fn start() -> FakeGemini {
        FakeGemini::start_with(GeminiOptions::default()).await
    }

    /// Starts the fake on a free port of 127.0.0.1, with a fresh API key and these time limits.
    pub async fn start_with(options: GeminiOptions) -> FakeGemini {
        FakeGemini::bind(0, options).await.expect("starting the fake Gemini Live on 127.0.0.1")
    }

    /// Starts the fake on `port` of 127.0.0.1 (0 for a free one), with no time limits.
    pub async fn start_on_port(port: u16) -> std::io::Result<FakeGemini> {
        FakeGemini::bind(port, GeminiOptions::default()).await
    }

    async fn bind(port: u16, options: GeminiOptions) -> std::io::Result<FakeGemini> {
        let hex = uuid::Uuid::new_v4().simple().to_string();
        let api_key = format!("AIzaTest{}", &hex[..31]);
        let state = State { api_key: api_key.clone(), options, conns: Vec::new() };
        let server = Server::bind(port, state).await?;
        Ok(FakeGemini { base_url: format!("http://{}", server.address), api_key, server })
    }

    /// The WebSocket URL a client should open (`ws://…` with the v1beta path and `?key=`).
    pub fn ws_url(&self) -> String {
        let base = self.base_url.replacen("http://", "ws://", 1);
        format!("{base}{PATH}?key={}", self.api_key)
    }
}
