//! [`NotYet`]: how a handler says "I can't run yet, try me again later" without failing. The
//! worker puts the job back for `retry_in`, and gives the attempt back: waiting for other work to
//! finish is no failure, so it must not bring the job closer to dead.
//!
//! A handler that waits this way sets its own limit (e.g. from the job's `created_at`): the
//! queue would reschedule it for ever.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("not ready yet ({why}); again in {} s", retry_in.as_secs())]
pub struct NotYet {
    pub retry_in: Duration,
    /// What it waits for, in words, for the log.
    pub why: String,
}

impl NotYet {
    pub fn new(retry_in: Duration, why: impl Into<String>) -> NotYet {
        NotYet { retry_in, why: why.into() }
    }

    /// The `NotYet` a handler's error is, if it is one.
    pub fn of(error: &anyhow::Error) -> Option<&NotYet> {
        error.downcast_ref::<NotYet>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handler_error_is_recognised_as_not_yet_even_with_context() {
        let err = anyhow::Error::new(NotYet::new(Duration::from_secs(5), "analysis"))
            .context("sending the call report");
        assert_eq!(NotYet::of(&err).map(|n| n.retry_in), Some(Duration::from_secs(5)));
        assert!(NotYet::of(&anyhow::anyhow!("boom")).is_none());
    }
}
