//! Periodic clean-up of rows that only matter for a while: expired or revoked sessions and
//! finished rate-limit windows.

use std::time::Duration;

use chrono::Utc;

use crate::db::Pool;
use crate::mods::auth::{rate_limit, session};

const EVERY: Duration = Duration::from_secs(3600);
/// Dead sessions are kept a week, for "where was I signed in" questions, then removed.
const KEEP_DEAD_SESSIONS: chrono::Duration = chrono::Duration::days(7);

pub async fn run_forever(pool: Pool) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = run_once(&pool).await {
            tracing::warn!(error = format!("{e:#}"), "housekeeping failed; will retry");
        }
    }
}

pub async fn run_once(pool: &Pool) -> anyhow::Result<()> {
    let mut conn = pool.get().await?;
    let cutoff = Utc::now() - KEEP_DEAD_SESSIONS;
    let sessions = session::purge_dead_before(&mut conn, cutoff).await?;
    let windows =
        rate_limit::purge_before(&mut conn, Utc::now() - chrono::Duration::days(1)).await?;
    tracing::debug!(sessions, windows, "housekeeping done");
    Ok(())
}
