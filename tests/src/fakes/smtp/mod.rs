//! A fake SMTP server on 127.0.0.1: enough of RFC 5321 for a real client to deliver to it
//! (EHLO/HELO, AUTH PLAIN and LOGIN when it requires them, MAIL FROM, RCPT TO, DATA with dot
//! stuffing, RSET, NOOP, QUIT), as strict as a real server (see [`session`]). It records every
//! message it accepts, and can be told to refuse recipients with a 4xx or 5xx reply.
//!
//! No TLS: Loquent reaches it with `SMTP_URL=smtp://127.0.0.1:PORT?tls=none` ([`FakeSmtp::url`]).
//!
//! ```no_run
//! # async fn example() {
//! use loquent_tests::fakes::smtp::FakeSmtp;
//! let smtp = FakeSmtp::start().await;
//! // start Loquent with SMTP_URL=smtp.url(), send something…
//! let received = smtp.wait_for_messages(1).await;
//! assert_eq!(received[0].rcpt_to, vec!["grace@example.com".to_string()]);
//! # }
//! ```

pub mod auth;
pub mod mime;
pub mod session;
#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

pub use auth::{AuthConfig, Mechanism};
pub use mime::Entity;
use session::{Output, Session};

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as received, dot-stuffing undone, CRLF line ends.
    pub data: Vec<u8>,
    /// The user who signed in with AUTH, if any.
    pub authenticated_as: Option<String>,
}

impl Received {
    /// The message's headers and body.
    pub fn entity(&self) -> Entity {
        Entity::parse(&self.data)
    }
}

/// How the server answers `RCPT TO`: `451 4.3.0 …` to defer, `550 5.1.1 …` to refuse for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reply: String,
}

#[derive(Default)]
struct State {
    auth: Option<AuthConfig>,
    refusal: Option<Refusal>,
    received: Vec<Received>,
    /// Every reply of 400 or above, in order: what the client was told.
    refusals: Vec<String>,
    connections: usize,
}

pub struct FakeSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
    changed: Arc<Notify>,
    accept: tokio::task::JoinHandle<()>,
}

impl FakeSmtp {
    /// A server that takes mail from anyone.
    pub async fn start() -> FakeSmtp {
        FakeSmtp::start_with(None).await
    }

    /// A server that requires `auth` before MAIL FROM (when given).
    pub async fn start_with(auth: Option<AuthConfig>) -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding the fake SMTP");
        let port = listener.local_addr().expect("local address").port();
        let state = Arc::new(Mutex::new(State { auth, ..State::default() }));
        let changed = Arc::new(Notify::new());
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&state), Arc::clone(&changed)));
        FakeSmtp { port, state, changed, accept }
    }

    /// `SMTP_URL` for Loquent: plain SMTP to this server, with no credentials.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// `SMTP_URL` with `user` and `password`, percent-encoded as a URL needs.
    pub fn url_with(&self, user: &str, password: &str) -> String {
        let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!("smtp://{}:{}@127.0.0.1:{}?tls=none", enc(user), enc(password), self.port)
    }

    /// Refuse every recipient with `reply` on connections opened from now on (`None`: accept
    /// again).
    pub fn refuse_recipients(&self, reply: Option<&str>) {
        self.lock().refusal = reply.map(|r| Refusal { reply: r.to_string() });
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// Error replies sent so far (`451 4.3.0 …`).
    pub fn refusals(&self) -> Vec<String> {
        self.lock().refusals.clone()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.lock().connections
    }

    /// Waits (up to 10 s) until at least `n` messages have arrived; returns them all.
    pub async fn wait_for_messages(&self, n: usize) -> Vec<Received> {
        self.wait_until(|s| s.received.len() >= n, &format!("{n} message(s)")).await;
        self.received()
    }

    /// Waits (up to 10 s) until at least `n` error replies have been sent.
    pub async fn wait_for_refusals(&self, n: usize) -> Vec<String> {
        self.wait_until(|s| s.refusals.len() >= n, &format!("{n} refusal(s)")).await;
        self.refusals()
    }

    async fn wait_until(&self, done: impl Fn(&State) -> bool, what: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let notified = self.changed.notified();
            if done(&self.lock()) {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("the fake SMTP server did not see {what} within 10 s");
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("fake SMTP state")
    }
}

impl Drop for FakeSmtp {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>, changed: Arc<Notify>) {
    while let Ok((stream, _)) = listener.accept().await {
        let (auth, refusal) = {
            let mut s = state.lock().expect("fake SMTP state");
            s.connections += 1;
            (s.auth.clone(), s.refusal.clone())
        };
        let session = Session::new(auth, refusal);
        tokio::spawn(converse(stream, session, Arc::clone(&state), Arc::clone(&changed)));
    }
}

/// Reads lines (never more than 64 KiB of one) and answers them until QUIT or the client goes.
async fn converse(
    stream: TcpStream,
    mut session: Session,
    state: Arc<Mutex<State>>,
    changed: Arc<Notify>,
) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    if write.write_all(format!("{}\r\n", Session::greeting()).as_bytes()).await.is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut read).take(64 * 1024).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let (lines, close) = match session.line(&line) {
            Output::Nothing => continue,
            Output::Reply(lines) => (lines, false),
            Output::Close(lines) => (lines, true),
            Output::Delivered(received, lines) => {
                state.lock().expect("fake SMTP state").received.push(received);
                (lines, false)
            }
        };
        let refused: Vec<String> = lines
            .iter()
            .filter(|l| l.as_bytes().first().is_some_and(|d| *d >= b'4'))
            .cloned()
            .collect();
        if !refused.is_empty() {
            state.lock().expect("fake SMTP state").refusals.extend(refused);
        }
        changed.notify_waiters();
        let mut out = String::new();
        for l in &lines {
            out.push_str(l);
            out.push_str("\r\n");
        }
        if write.write_all(out.as_bytes()).await.is_err() || close {
            return;
        }
    }
}
