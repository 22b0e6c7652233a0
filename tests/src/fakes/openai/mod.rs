//! A fake of OpenAI's HTTP API, over real HTTP on 127.0.0.1, for what Loquent uses after a call:
//! `POST /v1/audio/transcriptions` (the recording, as `multipart/form-data`) and
//! `POST /v1/chat/completions` (the analyzers and the caller's name/email, with structured
//! outputs). Bearer auth, request validation and error bodies follow `openai_openapi.yaml` and
//! what OpenAI answers, so a client that passes against the fake sends what OpenAI accepts.
//!
//! The answers are the test's to choose: the transcript (or, for WAV uploads of a tone, the text
//! registered for its frequency), and per-prompt chat answers picked by a needle in the messages; without a rule, a structured-output request gets the smallest JSON
//! value its schema accepts. The assistant's answer is always the string
//! `choices[0].message.content` (for `json_schema` requests, JSON to parse from that string).
//!
//! ```no_run
//! # async fn example() {
//! use loquent_tests::fakes::openai::FakeOpenAi;
//! let openai = FakeOpenAi::start().await;
//! openai.set_transcript("Hi, I'm Ada Lovelace, ada@example.com.");
//! openai.respond_when("caller's name", r#"{"name": "Ada Lovelace", "email": null}"#);
//! // point the code under test at `openai.base_url` with `openai.api_key`…
//! assert_eq!(openai.transcription_count(), 0);
//! # }
//! ```

mod json;
mod routes;
mod schema;
mod state;
#[cfg(test)]
mod tests;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};

pub use state::OpenAiRequest;

use state::State;

pub struct FakeOpenAi {
    /// `http://127.0.0.1:PORT/v1`, without a trailing slash (what `OPENAI_BASE_URL` takes).
    pub base_url: String,
    /// The one key the fake accepts, `sk-test-` and 32 hex digits.
    pub api_key: String,
    state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

impl FakeOpenAi {
    /// Starts the fake on a free port, with a fresh API key.
    pub async fn start() -> FakeOpenAi {
        FakeOpenAi::start_on_port(0).await.expect("starting the fake OpenAI on 127.0.0.1")
    }

    /// Starts the fake on `port` of 127.0.0.1 (0 for a free one).
    pub async fn start_on_port(port: u16) -> std::io::Result<FakeOpenAi> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let address = listener.local_addr()?;
        let api_key = format!("sk-test-{}", uuid::Uuid::new_v4().simple());
        let state = Arc::new(Mutex::new(State::new(api_key.clone())));

        let data = web::Data::from(Arc::clone(&state));
        let server = HttpServer::new(move || {
            App::new().app_data(data.clone()).default_service(web::to(routes::handle))
        })
        .listen(listener)?
        .workers(1)
        // The owner stops it (Drop), not the process's signals.
        .disable_signals()
        .run();
        let handle = server.handle();
        tokio::spawn(server);

        Ok(FakeOpenAi {
            base_url: format!("http://{address}{}", json::API),
            api_key,
            state,
            handle,
        })
    }

    /// What `/audio/transcriptions` answers from now on (default "Hello, this is a test call.").
    pub fn set_transcript(&self, text: &str) {
        routes::lock(&self.state).transcript = text.to_string();
    }

    /// Uploads (WAV) whose audible part is a tone of `frequency_hz` (within 3%) are heard as
    /// `text`, whatever order or how many at once they come in; other uploads get the
    /// transcript. The frequency is estimated from zero crossings of the file's loud frames.
    pub fn recognise_tone(&self, frequency_hz: f64, text: &str) {
        routes::lock(&self.state).tones.push((frequency_hz, text.to_string()));
    }

    /// Answers of `/chat/completions`: the first rule whose `needle` occurs in the text of any
    /// message (string content or the `text` of content parts, any role) decides the answer,
    /// returned as the assistant message's `content` exactly as given (JSON for `json_schema`
    /// requests, plain text otherwise). Rules are tried in the order they were first added; a
    /// rule for a needle that already has one replaces its answer. Without a matching rule, a
    /// `json_schema` request gets the smallest value its schema accepts (`""`, `null` where
    /// allowed, `false`, `0`, `[]`, every property present), `json_object` gets `{}`, others "OK".
    pub fn respond_when(&self, needle: &str, content: &str) {
        routes::lock(&self.state).respond_when(needle, content);
    }

    /// The next `times` requests whose path ends with `path_suffix` (e.g. `/chat/completions`)
    /// get `status` with OpenAI's error body for it (429 `rate_limit_exceeded`, 500
    /// `server_error`…), before authentication and validation.
    pub fn fail_next(&self, path_suffix: &str, status: u16, times: u32) {
        routes::lock(&self.state).fail_next(path_suffix, status, times);
    }

    /// Every valid, authenticated chat request whose messages contain `needle` gets `status`
    /// with OpenAI's error body for it, until [`FakeOpenAi::clear_failures`].
    pub fn fail_when(&self, needle: &str, status: u16) {
        routes::lock(&self.state).fail_when(needle, status);
    }

    /// Forgets every `fail_next` and `fail_when` not used up yet.
    pub fn clear_failures(&self) {
        routes::lock(&self.state).clear_failures();
    }

    /// Every request received so far, in order, refused ones included.
    pub fn requests(&self) -> Vec<OpenAiRequest> {
        routes::lock(&self.state).requests.clone()
    }

    /// How many requests reached `/audio/transcriptions`, refused ones included.
    pub fn transcription_count(&self) -> usize {
        routes::lock(&self.state).count("/audio/transcriptions")
    }

    /// How many requests reached `/chat/completions`, refused ones included.
    pub fn chat_count(&self) -> usize {
        routes::lock(&self.state).count("/chat/completions")
    }

    /// Holds every answer (errors too) this long; the request is recorded on arrival, before
    /// the wait. `Duration::ZERO` answers at once again.
    pub fn set_delay(&self, delay: Duration) {
        routes::lock(&self.state).delay = delay;
    }

    /// Stops the server and waits until it has. Dropping the fake stops it too, without waiting.
    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        // `stop` sends the command at once; the returned future only waits for completion,
        // which a synchronous Drop cannot do (and needn't: the port is ours alone).
        drop(self.handle.stop(false));
    }
}
