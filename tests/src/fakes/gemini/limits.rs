//! The service's time limits, as a test configures them: a connection lives a fixed time after
//! its setup (warned by `goAway` shortly before, then closed with 1011), and a session without
//! context window compression may only last so long in total, across resumed connections.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::events;
use super::setup;
use super::state::{INTERNAL, State};
use crate::fakes::ws::{Hub, Watch};

/// The reason the service closes a connection at the end of its lifetime.
pub const DEADLINE_EXPIRED: &str = "Deadline expired before operation could complete.";

/// How long a connection may wait for its setup: the whole life of a test.
const FOREVER: Duration = Duration::from_secs(24 * 3600);

/// The time behaviour of [`super::FakeGemini`].
#[derive(Clone, Debug)]
pub struct GeminiOptions {
    /// How long each connection lives after its setup was accepted (the service's is about ten
    /// minutes); `None`: for ever.
    pub connection_lifetime: Option<Duration>,
    /// How long before the end of its lifetime a connection gets `goAway {timeLeft}`.
    pub go_away_notice: Duration,
    /// How long a session whose setup has no `contextWindowCompression` may last, counted from
    /// its first setup across the connections resumed from each other (the service allows 15
    /// minutes of audio); `None`: for ever.
    pub audio_session_limit: Option<Duration>,
}

impl Default for GeminiOptions {
    fn default() -> GeminiOptions {
        GeminiOptions {
            connection_lifetime: None,
            go_away_notice: Duration::from_secs(1),
            audio_session_limit: None,
        }
    }
}

/// When the connection's setup was accepted, when its session started, whether the setup
/// compresses the context; `None` when it ended without a setup.
fn accepted(state: &State, index: usize) -> Option<Option<(Instant, Instant, bool)>> {
    let conn = &state.conns[index];
    if conn.socket.closed {
        return Some(None);
    }
    let setup_at = conn.setup_at?;
    let session = conn.session?;
    let compresses = conn.setup.as_ref().is_some_and(setup::compresses_context);
    Some(Some((setup_at, session.started, compresses)))
}

/// The timers of connection `index`, when the options set any: `goAway` at
/// `lifetime - notice` after the setup, and the 1011 close at the lifetime's end or at the
/// session's audio limit, whichever comes first.
pub(super) fn watch(hub: Arc<Hub<State>>, index: usize) -> Option<Watch> {
    let options = hub.lock().options.clone();
    if options.connection_lifetime.is_none() && options.audio_session_limit.is_none() {
        return None;
    }
    Some(Box::pin(async move {
        let Some(Some((setup_at, session_started, compresses))) =
            hub.wait_until(FOREVER, |state| accepted(state, index)).await
        else {
            return;
        };
        let lifetime_end = options.connection_lifetime.map(|lifetime| setup_at + lifetime);
        let audio_end = options
            .audio_session_limit
            .filter(|_| !compresses)
            .map(|limit| session_started + limit);
        let end = match (lifetime_end, audio_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(lifetime), Some(end)) = (options.connection_lifetime, end) {
            let notice = options.go_away_notice.min(lifetime);
            let warn_at = setup_at + (lifetime - notice);
            if warn_at < end {
                tokio::time::sleep_until(warn_at).await;
                let time_left = events::duration(notice);
                hub.with(|state| state.conns[index].go_away(&time_left));
            }
        }
        if let Some(end) = end {
            tokio::time::sleep_until(end).await;
            hub.with(|state| state.conns[index].close(INTERNAL, DEADLINE_EXPIRED));
        }
    }))
}
