//! A stateful fake of Twilio's REST API v2010, over real HTTP on 127.0.0.1.
//!
//! It speaks the wire protocol of `twilio_api_v2010.json` (Twilio's OpenAPI description) for what
//! Loquent uses: accounts and subaccounts, searching available local numbers, buying, listing,
//! fetching, updating and releasing incoming numbers; TwiML Applications and API Keys; recording
//! media as MP3 or WAV (`RequestedChannels` 1 or 2). Basic auth, form-encoded bodies, Twilio's
//! error bodies and list paging work as on Twilio, so a client that passes against the fake has
//! exercised the same requests it will send to Twilio.
//!
//! ```no_run
//! # async fn example() {
//! use loquent_tests::fakes::twilio::FakeTwilio;
//! let twilio = FakeTwilio::start().await;
//! twilio.add_available_number("+14155550123", "San Francisco", "CA");
//! // point the code under test at `twilio.base_url` with the main account's credentials…
//! assert!(twilio.requests().iter().all(|r| !r.is_write()));
//! # }
//! ```

mod json;
mod routes;
mod state;
#[cfg(test)]
mod tests;
mod voice_apps;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};

pub use state::{Account, CallUpdate, IncomingNumber, RecordedRequest};
pub use voice_apps::{ApiKey, Application};

use state::{AvailableNumber, State, StoredRecording, TwilioError};

pub struct FakeTwilio {
    /// `http://127.0.0.1:PORT/2010-04-01`, without a trailing slash.
    pub base_url: String,
    /// The platform's own account (the one that creates subaccounts).
    pub main_account_sid: String,
    pub main_auth_token: String,
    state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

impl FakeTwilio {
    /// Starts the fake on a free port, with a fresh main account.
    pub async fn start() -> FakeTwilio {
        FakeTwilio::start_on_port(0).await.expect("starting the fake Twilio on 127.0.0.1")
    }

    /// Starts the fake on `port` of 127.0.0.1 (0 for a free one); for the `fake_twilio` binary.
    pub async fn start_on_port(port: u16) -> std::io::Result<FakeTwilio> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let address = listener.local_addr()?;
        let mut state = State::default();
        let main = state.create_account(None, "Loquent".to_string()).account.clone();
        let state = Arc::new(Mutex::new(state));

        let data = web::Data::from(Arc::clone(&state));
        let server = HttpServer::new(move || {
            App::new().app_data(data.clone()).default_service(web::to(routes::handle))
        })
        .listen(listener)?
        .workers(1)
        // The owner stops it (Drop, or the binary's own signal handling), not the process's signals.
        .disable_signals()
        .run();
        let handle = server.handle();
        tokio::spawn(server);

        Ok(FakeTwilio {
            base_url: format!("http://{address}{}", json::API),
            main_account_sid: main.sid,
            main_auth_token: main.auth_token,
            state,
            handle,
        })
    }

    /// Adds a standalone top-level account (a customer's own Twilio account): `(sid, auth_token)`.
    pub fn add_account(&self, friendly_name: &str) -> (String, String) {
        let mut state = routes::lock(&self.state);
        let account = &state.create_account(None, friendly_name.to_string()).account;
        (account.sid.clone(), account.auth_token.clone())
    }

    /// Puts an E.164 number (`+1NPA…`) in the pool that searches find and purchases take from.
    pub fn add_available_number(&self, phone_number: &str, locality: &str, region: &str) {
        routes::lock(&self.state).available.push(AvailableNumber {
            phone_number: phone_number.to_string(),
            locality: locality.to_string(),
            region: region.to_string(),
        });
    }

    /// Gives `account_sid` a number it already owns; returns its PN SID.
    pub fn add_incoming_number(
        &self,
        account_sid: &str,
        phone_number: &str,
        friendly_name: &str,
        voice_url: Option<&str>,
    ) -> String {
        let mut state = routes::lock(&self.state);
        state.add_number(account_sid, phone_number, friendly_name, voice_url).number.sid.clone()
    }

    /// Stores a mono recording's MP3 in `account_sid`; returns its SID (`RE…`). Its `.mp3` is
    /// served; its `.wav` isn't (the fake can't decode the MP3): use
    /// [`FakeTwilio::add_recording_with_wav`] for a recording fetched as WAV.
    pub fn add_recording(&self, account_sid: &str, audio: &[u8]) -> String {
        self.store_recording(account_sid, StoredRecording { mp3: audio.to_vec(), pcm: None })
    }

    /// Stores a recording given in both formats Twilio serves: `mp3` for `.mp3`, and a 16-bit
    /// PCM `wav` for `.wav` whose channel count is the recording's (two: a dual-channel
    /// recording, each call leg on its own channel). Panics if `wav` isn't such a file.
    pub fn add_recording_with_wav(&self, account_sid: &str, mp3: &[u8], wav: &[u8]) -> String {
        let (rate, channels) = crate::audio::read_wav(wav)
            .unwrap_or_else(|e| panic!("add_recording_with_wav needs a PCM16 WAV: {e}"));
        assert!(matches!(channels.len(), 1 | 2), "Twilio records one or two channels");
        self.store_recording(
            account_sid,
            StoredRecording { mp3: mp3.to_vec(), pcm: Some((rate, channels)) },
        )
    }

    fn store_recording(&self, account_sid: &str, recording: StoredRecording) -> String {
        let sid = state::new_sid("RE");
        routes::lock(&self.state)
            .recordings
            .insert((account_sid.to_string(), sid.clone()), recording);
        sid
    }

    /// Every live-call update received (hang-ups, transfers), in order.
    pub fn call_updates(&self) -> Vec<CallUpdate> {
        routes::lock(&self.state).call_updates.clone()
    }

    /// The numbers `account_sid` owns now, oldest first.
    pub fn incoming_numbers(&self, account_sid: &str) -> Vec<IncomingNumber> {
        let state = routes::lock(&self.state);
        state.numbers_of(account_sid, None, None).into_iter().map(|r| r.number.clone()).collect()
    }

    /// The TwiML Applications created in `account_sid`, oldest first.
    pub fn applications(&self, account_sid: &str) -> Vec<Application> {
        let state = routes::lock(&self.state);
        state
            .voice_apps
            .applications
            .iter()
            .map(|(a, _)| a)
            .filter(|a| a.account_sid == account_sid)
            .cloned()
            .collect()
    }

    /// The API Keys created in `account_sid`, oldest first (with their secrets, for the tests
    /// that check what they sign).
    pub fn api_keys(&self, account_sid: &str) -> Vec<ApiKey> {
        let state = routes::lock(&self.state);
        state
            .voice_apps
            .keys
            .iter()
            .map(|(k, _)| k)
            .filter(|k| k.account_sid == account_sid)
            .cloned()
            .collect()
    }

    /// Every account, subaccounts included, in creation order (the main account first).
    pub fn accounts(&self) -> Vec<Account> {
        routes::lock(&self.state).accounts.iter().map(|row| row.account.clone()).collect()
    }

    /// Every request received so far, in order, including refused ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        routes::lock(&self.state).requests.clone()
    }

    /// Every answer from now on takes `latency` (recorded on arrival, answered after it).
    pub fn set_latency(&self, latency: std::time::Duration) {
        routes::lock(&self.state).latency = latency;
    }

    /// The next request with this method whose path ends with `path_suffix` gets this Twilio
    /// error instead of its answer (once; before authentication, so it fires whatever the
    /// credentials). Planned failures are used in the order they were planned.
    pub fn fail_next(
        &self,
        method: &str,
        path_suffix: &str,
        status: u16,
        code: u32,
        message: &str,
    ) {
        routes::lock(&self.state).fail_next(
            method,
            path_suffix,
            TwilioError::new(status, code, message),
        );
    }
}

impl FakeTwilio {
    /// Stops the server and waits until it has. Dropping the fake stops it too, without waiting.
    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

impl Drop for FakeTwilio {
    fn drop(&mut self) {
        // `stop` sends the command at once; the returned future only waits for completion,
        // which a synchronous Drop cannot do (and needn't: the port is ours alone).
        drop(self.handle.stop(false));
    }
}
