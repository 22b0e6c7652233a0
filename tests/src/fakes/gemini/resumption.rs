//! Session resumption as the service does it: with `setup.sessionResumption` set, the session
//! gets a fresh handle (`sessionResumptionUpdate {newHandle, resumable: true}`) whenever it can be
//! resumed — right after `setupComplete`, after each completed turn, after a `toolResponse` that
//! leaves no call unanswered — and none while a turn is being spoken or a call awaits its
//! response. A later setup naming one of those handles continues that session on the new
//! connection: its function calls and its audio time.

use serde_json::Value;
use tokio::time::Instant;

use super::client_messages::Refusal;
use super::events;
use super::setup;
use super::state::{Conn, INTERNAL, INVALID, Session, State};

/// The reason the service closes a setup with a handle it never issued.
const UNKNOWN_HANDLE: &str = "Invalid session handle";

/// The reason the fake closes a resume while an earlier connection of the session is still
/// open (the service refuses it with 1011).
const STILL_OPEN: &str =
    "Session resumption failed: an earlier connection of this session is still open";

impl Conn {
    /// A fresh resumption handle, when the setup asked for them and the session can be resumed
    /// at this point.
    pub fn offer_handle(&mut self) {
        let wanted = self.setup.as_ref().and_then(setup::resumption).is_some();
        if !wanted || self.turn.is_some() || self.awaits_tool_response() || !self.socket.is_live() {
            return;
        }
        let handle = events::new_handle();
        self.handles.push(handle.clone());
        self.send([events::session_resumption_update(&handle)]);
    }
}

impl State {
    /// Takes connection `index`'s valid `setup`: a new session, or, when it names a handle the
    /// fake issued, that handle's session resumed. Answers `setupComplete`, then a handle when
    /// one is due.
    pub fn begin_session(&mut self, index: usize, setup: Value) -> Result<(), Refusal> {
        let now = Instant::now();
        let resumed = match setup::resumption(&setup).flatten() {
            Some(handle) => Some(self.resumable(index, &handle)?),
            None => None,
        };
        let session = match resumed {
            Some(from) => {
                let (session, calls, answered) = {
                    let old = &self.conns[from];
                    (old.session, old.calls.clone(), old.answered.clone())
                };
                let conn = &mut self.conns[index];
                conn.resumed_from = Some(from);
                conn.calls = calls;
                conn.answered = answered;
                session
            }
            None => Some(Session { first: index, started: now }),
        };
        let conn = &mut self.conns[index];
        conn.session = session;
        conn.setup = Some(setup);
        conn.setup_at = Some(now);
        conn.send([events::setup_complete()]);
        conn.offer_handle();
        Ok(())
    }

    /// The connection that issued `handle`, if connection `index` may resume its session: the
    /// handle is the fake's, and no connection of that session is still open.
    fn resumable(&self, index: usize, handle: &str) -> Result<usize, Refusal> {
        let Some(issuer) = self.conns.iter().position(|c| c.handles.iter().any(|h| h == handle))
        else {
            return Err(Refusal { code: INVALID, reason: UNKNOWN_HANDLE.into() });
        };
        let session = self.conns[issuer].session.map(|s| s.first);
        let open = self.conns.iter().enumerate().any(|(i, c)| {
            i != index && c.session.map(|s| s.first) == session && c.socket.is_live()
        });
        if open {
            return Err(Refusal { code: INTERNAL, reason: STILL_OPEN.into() });
        }
        Ok(issuer)
    }
}
