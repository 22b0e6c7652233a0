//! Session resumption: the latest handle Gemini gave, when the connection must be left, and
//! opening the next connection.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::time::Instant;

use super::Endpoint;
use crate::clients::realtime::{ConnectError, Socket};

/// How long the old connection's closing handshake may take before the new one is opened
/// anyway.
const CLOSE_WAIT: Duration = Duration::from_secs(1);
/// Pauses between attempts to resume: a blip passes, an outage ends the call in seconds.
const RETRY_PAUSES: [Duration; 2] = [Duration::from_millis(250), Duration::from_millis(750)];
/// The most of the announced time left kept in reserve for the move itself.
const MOVE_RESERVE: Duration = Duration::from_secs(2);
/// The time left assumed when a `goAway` does not say.
const DEFAULT_TIME_LEFT: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub(super) struct Resumption {
    handle: Option<String>,
    /// The handle is newer than anything the model said or asked: resuming from it loses
    /// nothing.
    fresh: bool,
    /// When the connection must be left at the latest, once Gemini has announced its end.
    leave_by: Option<Instant>,
}

impl Resumption {
    /// A `sessionResumptionUpdate`: the handle, when the session is resumable at this point.
    pub fn update(&mut self, resumable_handle: Option<&str>) {
        match resumable_handle.filter(|h| !h.is_empty()) {
            Some(handle) => {
                self.handle = Some(handle.to_string());
                self.fresh = true;
            }
            None => self.fresh = false,
        }
    }

    /// The model said or asked something the current handle doesn't hold yet.
    pub fn activity(&mut self) {
        self.fresh = false;
    }

    /// `goAway {timeLeft}` (protobuf Duration JSON, e.g. `"10s"`, `"0.500s"`): leave before
    /// then, keeping a reserve for the move.
    pub fn go_away(&mut self, time_left: Option<&str>, now: Instant) {
        let left = time_left.and_then(parse_duration).unwrap_or(DEFAULT_TIME_LEFT);
        let reserve = MOVE_RESERVE.min(left / 5);
        self.leave_by = Some(now + left - reserve);
    }

    pub fn leave_by(&self) -> Option<Instant> {
        self.leave_by
    }

    pub fn is_fresh(&self) -> bool {
        self.fresh && self.handle.is_some()
    }

    pub fn handle(&self) -> Option<String> {
        self.handle.clone()
    }

    pub fn has_handle(&self) -> bool {
        self.handle.is_some()
    }

    /// On the new connection: no end announced yet, and nothing happened since the handle.
    pub fn moved(&mut self) {
        self.leave_by = None;
        self.fresh = true;
    }
}

/// `"10s"`, `"1.5s"`, `"0.500s"` → a duration.
fn parse_duration(text: &str) -> Option<Duration> {
    let seconds: f64 = text.trim().strip_suffix('s')?.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// Closes `old` (Gemini refuses to resume a session while a connection of it is still open),
/// then opens a new connection resuming from `handle`, trying again after short pauses.
pub(super) async fn reconnect(
    endpoint: Endpoint,
    handle: String,
    old: Option<Socket>,
) -> Result<Socket, ConnectError> {
    if let Some(mut old) = old {
        let _ = tokio::time::timeout(CLOSE_WAIT, async {
            let _ = old.close(None).await;
            // The handshake is over when the server's close frame (or the end) arrives.
            while let Some(Ok(_)) = old.next().await {}
        })
        .await;
    }
    let mut attempt = 0;
    loop {
        match endpoint.connect(Some(&handle)).await {
            Ok(socket) => return Ok(socket),
            Err(e) if attempt < RETRY_PAUSES.len() => {
                tracing::warn!(error = %e, "could not resume the Gemini session yet");
                tokio::time::sleep(RETRY_PAUSES[attempt]).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_gemini_writes_them() {
        assert_eq!(parse_duration("10s"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("0.500s"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("ten"), None);
        assert_eq!(parse_duration("-1s"), None);
    }

    #[test]
    fn the_connection_is_left_before_the_time_runs_out() {
        let now = Instant::now();
        let mut r = Resumption::default();
        r.go_away(Some("50s"), now);
        assert_eq!(r.leave_by(), Some(now + Duration::from_secs(48)));
        r.go_away(Some("1s"), now);
        assert_eq!(r.leave_by(), Some(now + Duration::from_millis(800)));
        r.go_away(None, now);
        assert_eq!(r.leave_by(), Some(now + Duration::from_secs(4)));
    }

    #[test]
    fn a_handle_is_fresh_until_the_model_moves_on() {
        let mut r = Resumption::default();
        assert!(!r.is_fresh(), "no handle yet");
        r.update(Some("h1"));
        assert!(r.is_fresh());
        r.activity();
        assert!(!r.is_fresh(), "the model spoke after it");
        r.update(None);
        assert_eq!(
            r.handle().as_deref(),
            Some("h1"),
            "a non-resumable update keeps the last handle"
        );
        r.update(Some("h2"));
        assert_eq!(r.handle().as_deref(), Some("h2"));
        assert!(r.is_fresh());
    }
}
