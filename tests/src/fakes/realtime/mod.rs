//! A fake of OpenAI's Realtime API, **GA dialect**, over a real WebSocket on 127.0.0.1: what
//! Loquent's call bridge talks to while a call is live. Event names and shapes follow the GA
//! `RealtimeClientEvent*` / `RealtimeServerEvent*` schemas of `shared/specs/openai_openapi.yaml`
//! (see `shared/protocols/openai-realtime-notes.md` for beta vs GA).
//!
//! The client connects to `ws://127.0.0.1:PORT/v1/realtime?model=…` with `Authorization: Bearer
//! <api_key>` (no `OpenAI-Beta` header: that would select the beta dialect, so the fake refuses
//! it with 400; a wrong or missing key gets 401). The fake sends `session.created`, then records
//! every client event in order and answers as OpenAI does: `session.updated` (or an `error` for a
//! session that is not GA-shaped: no `type: "realtime"`, beta field names, members a turn
//! detection type does not have, a voice the fake does not offer, tool parameters that are not
//! a JSON Schema of an object…), `conversation.item.truncated`, `conversation.item.added`/`done`,
//! a cancelled `response.done` for `response.cancel`; appended audio is decoded and kept per
//! connection. Invalid events get an `error` event and leave the connection open, as on OpenAI.
//! As on OpenAI, a conversation has at most one response in progress: a `response.create`
//! meanwhile is refused (`conversation_already_has_active_response`).
//!
//! What the model does is the test's to script, per connection: [`FakeRealtime::speak`],
//! [`FakeRealtime::speech_started`], [`FakeRealtime::call_tool`],
//! [`FakeRealtime::begin_tool_call`], [`FakeRealtime::fail_response`],
//! [`FakeRealtime::expire_session`], [`FakeRealtime::drop_connection`]… Each returns once its
//! events are on the socket. Connections are numbered from 0 in the order their upgrade requests
//! arrived (refused ones included).
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

mod client_events;
mod events;
mod records;
mod response;
mod script;
mod server;
mod session;
mod state;
#[cfg(test)]
mod tests;
mod turns;

use state::State;

use crate::fakes::ws::Server;

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
    server: Server<State>,
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
        let api_key = format!("sk-test-{}", uuid::Uuid::new_v4().simple());
        let state = State {
            api_key: api_key.clone(),
            voices: state::VOICES.iter().map(|v| v.to_string()).collect(),
            conns: Vec::new(),
        };
        let server = Server::bind(port, state).await?;
        Ok(FakeRealtime { base_url: format!("http://{}/v1", server.address), api_key, server })
    }

    /// Replaces the voices `session.update` accepts (by default OpenAI's ten): an update
    /// naming another voice is refused (`invalid_value` on `session.audio.output.voice`) and
    /// changes nothing. A custom voice object (`{"id": …}`) is still accepted.
    pub fn set_voices(&self, voices: &[&str]) {
        self.server.hub.with(|s| s.voices = voices.iter().map(|v| v.to_string()).collect());
    }
}
