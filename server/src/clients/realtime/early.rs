//! Provider sessions opened before their call's media stream, waiting for it, by CallSid.
//!
//! Twilio fetches the TwiML, then opens the media stream. Opening the agent's provider session
//! as soon as the webhook has answered means the caller's first words wait for no connection to
//! the provider. It is only an optimisation: with several servers behind a load balancer the
//! stream may reach another one, which opens a session of its own; a session no stream picks up
//! is closed after the configured time (providers bill by the minute).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::oneshot;
use uuid::Uuid;

use super::RealtimeSession;

/// Sessions being opened or open, by CallSid.
pub struct EarlySessions {
    waiting: Mutex<HashMap<String, Waiting>>,
    next_ticket: AtomicU64,
    /// How long an opened session waits for its stream; zero opens none early.
    unclaimed_ttl: Duration,
}

struct Waiting {
    /// Tells this entry from a later one for the same call (a retried webhook).
    ticket: u64,
    phone_id: Uuid,
    /// The agent it was opened for: reassigning the number in between makes it useless.
    agent_id: Uuid,
    /// The session once open; `None` if it could not be opened.
    session: oneshot::Receiver<Option<RealtimeSession>>,
}

impl EarlySessions {
    pub fn new(unclaimed_ttl: Duration) -> EarlySessions {
        EarlySessions {
            waiting: Mutex::new(HashMap::new()),
            next_ticket: AtomicU64::new(0),
            unclaimed_ttl,
        }
    }

    /// Calls whose sessions are being opened or wait for their stream.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The session opened for this call on this server, once it is open; `None` if there is
    /// none (the stream then opens its own).
    pub async fn take(
        &self,
        call_sid: &str,
        phone_id: Uuid,
        agent_id: Uuid,
    ) -> Option<RealtimeSession> {
        // Only the stream of the number the webhook answered for: any other (whoever signed
        // it) neither gets this call's session nor disturbs it.
        let waiting = {
            let mut waiting = self.lock();
            match waiting.get(call_sid) {
                Some(w) if w.phone_id == phone_id => waiting.remove(call_sid),
                _ => None,
            }
        }?;
        let session = waiting.session.await.ok().flatten()?;
        if waiting.agent_id != agent_id {
            // The number was given another agent since the webhook: this one's voice and
            // instructions are not wanted.
            session.close();
            return None;
        }
        tracing::debug!("picked up the provider session opened at the webhook");
        Some(session)
    }

    /// How long an opened session waits for its stream; zero when none are opened early.
    pub fn unclaimed_ttl(&self) -> Duration {
        self.unclaimed_ttl
    }

    /// Registers a session about to be opened for the call (replacing a retried webhook's,
    /// which then closes): returns its ticket and where to hand the session over once open.
    pub fn expect(
        &self,
        call_sid: &str,
        phone_id: Uuid,
        agent_id: Uuid,
    ) -> (u64, oneshot::Sender<Option<RealtimeSession>>) {
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        let (opened, session) = oneshot::channel();
        let waiting = Waiting { ticket, phone_id, agent_id, session };
        self.lock().insert(call_sid.to_string(), waiting);
        (ticket, opened)
    }

    /// The unclaimed-session time is up: closes the session registered with `ticket` if no
    /// stream took it.
    pub fn expire(&self, call_sid: &str, ticket: u64) {
        let unclaimed = self.remove(call_sid, ticket);
        if let Some(Ok(Some(session))) = unclaimed.map(|mut w| w.session.try_recv()) {
            tracing::info!("no media stream came for the call: its provider session is closed");
            session.close();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Waiting>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Removes the entry for `call_sid` if it is still the one with `ticket`.
    fn remove(&self, call_sid: &str, ticket: u64) -> Option<Waiting> {
        let mut waiting = self.lock();
        if waiting.get(call_sid).is_some_and(|w| w.ticket == ticket) {
            waiting.remove(call_sid)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_stream_of_the_answered_number_takes_a_session() {
        let early = EarlySessions::new(Duration::from_secs(30));
        let (phone, other) = (Uuid::new_v4(), Uuid::new_v4());
        let (opened, session) = oneshot::channel();
        let agent = Uuid::new_v4();
        let waiting = Waiting { ticket: 0, phone_id: phone, agent_id: agent, session };
        early.lock().insert("CA1".into(), waiting);
        assert!(early.take("CA1", other, agent).await.is_none());
        assert_eq!(early.len(), 1, "another number's stream leaves it waiting");
        let _ = opened.send(None);
        assert!(early.take("CA1", phone, agent).await.is_none(), "it could not be opened");
        assert!(early.is_empty(), "taken");
        assert!(early.take("CA2", phone, agent).await.is_none(), "none opened for this call");
    }

    #[test]
    fn a_retried_webhook_replaces_the_entry_and_the_first_expiry_leaves_it() {
        let early = EarlySessions::new(Duration::from_secs(30));
        for ticket in [0, 1] {
            let (_opened, session) = oneshot::channel();
            let waiting = Waiting { ticket, phone_id: Uuid::nil(), agent_id: Uuid::nil(), session };
            early.lock().insert("CA1".into(), waiting);
        }
        assert!(early.remove("CA1", 0).is_none(), "the first entry's expiry");
        assert!(early.remove("CA1", 1).is_some(), "the second's");
    }
}
