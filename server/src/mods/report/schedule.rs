//! When digests are due: every minute, each organization with the digest on whose clocks show
//! its digest hour or later today (in its time zone) and whose digest of today isn't sent gets
//! today's digest enqueued. Several servers may check at once, and a check may run again before
//! the digest is out: the job's key (`send_daily_digest:{org}:{date}`) lets one job per day in.

use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use uuid::Uuid;

use super::clock;
use super::digest;
use super::queries::{self, ReportKind};
use crate::db::Pool;
use crate::mods::organization;

const EVERY: Duration = Duration::from_secs(60);

pub async fn run_forever(pool: Pool) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = run_once(&pool, Utc::now()).await {
            tracing::warn!(error = format!("{e:#}"), "checking for due digests failed; will retry");
        }
    }
}

/// Enqueues the digests due at `now`; how many were enqueued.
pub async fn run_once(pool: &Pool, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut conn = pool.get().await?;
    let on = queries::with_digest_on(&mut conn).await?;
    let ids: Vec<Uuid> = on.iter().map(|s| s.organization_id).collect();
    let zones = organization::queries::timezones(&mut conn, &ids).await?;
    let due: Vec<(&queries::SettingsRow, &str)> =
        on.iter().filter_map(|s| Some((s, zones.get(&s.organization_id)?.as_str()))).collect();
    let at: Vec<_> = due.iter().map(|(_, zone)| (now, *zone)).collect();
    let local_nows = clock::local_times(&mut conn, &at).await?;
    // Today's digests (in any zone) were sent within the last two days.
    let since = now - chrono::Duration::days(2);
    let sent = queries::sent_since(&mut conn, &ids, ReportKind::DailyDigest, since).await?;
    let mut enqueued = 0;
    for ((settings, _), local) in due.iter().zip(local_nows) {
        if local.hour() < u32::from(settings.hour()) {
            continue;
        }
        let (org, date) = (settings.organization_id, local.date());
        if sent.contains(&(org, date.to_string())) {
            continue;
        }
        if digest::enqueue(&mut conn, org, date).await? {
            tracing::info!(org_id = %org, %date, "daily digest enqueued");
            enqueued += 1;
        }
    }
    Ok(enqueued)
}
