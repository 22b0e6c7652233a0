//! The dashboard of one range: the range settled (`from` defaults to the organization's first
//! call, `to` to now), the bucket chosen from its length on the local calendar, and the owners'
//! figures read in one read-only snapshot, so the counts agree with each other even while calls
//! arrive.

use chrono::{DateTime, TimeDelta, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::{Dashboard, DashboardBucket, DashboardSetup, DashboardStats};

use super::error::DashboardError;
use crate::mods::call::{calendar, totals};
use crate::mods::organization::OrganizationRow;
use crate::mods::report::clock;
use crate::mods::{agent, analyzer, phone, todo};
use crate::time_range::TimeRange;

/// The organization's dashboard for `asked`, at `now`.
pub async fn dashboard(
    conn: &mut AsyncPgConnection,
    org: &OrganizationRow,
    asked: TimeRange,
    now: DateTime<Utc>,
) -> Result<Dashboard, DashboardError> {
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(async |conn| read(conn, org, asked, now).await)
        .await
}

async fn read(
    conn: &mut AsyncPgConnection,
    org: &OrganizationRow,
    asked: TimeRange,
    now: DateTime<Utc>,
) -> Result<Dashboard, DashboardError> {
    let to = asked.to.unwrap_or(now);
    let from = match asked.from {
        Some(from) => Some(from),
        // The "all" preset: from the first call, which a `to` before it leaves an empty range.
        None => totals::first_call_at(conn, org.id).await?.map(|first| first.min(to)),
    };
    // Without calls and without `from` there is nothing to count: the window is empty, and the
    // same queries answer zeros (and every heatmap cell) as for any empty window.
    let start = from.unwrap_or(to);
    let zone = org.timezone.as_str();
    let bucket = DashboardBucket::for_days(local_days(conn, zone, start, to).await?);
    let sums = totals::totals(conn, org.id, start, to).await?;
    let active_contacts = totals::contacts(conn, org.id, start, to).await?;
    let volume = calendar::volume(conn, org.id, start, to, zone, bucket).await?;
    let heatmap = calendar::heatmap(conn, org.id, start, to, zone).await?;
    let todos = todo::queries::counts_created_between(conn, org.id, start, to).await?;
    // Read here too, so the page asks once rather than listing agents, numbers and analyzers.
    let setup = DashboardSetup {
        has_agent: agent::queries::any(conn, org.id).await?,
        has_number: phone::queries::any(conn, org.id).await?,
        has_answered_number: phone::queries::any_answered(conn, org.id).await?,
        has_analyzer: analyzer::queries::any(conn, org.id).await?,
    };
    Ok(Dashboard {
        timezone: org.timezone.clone(),
        from,
        to,
        stats: DashboardStats {
            calls: sums.calls,
            answered_by_agent: sums.answered_by_agent,
            avg_duration_secs: sums.avg_answered_secs,
            pending_todos: todos.pending_review,
            active_contacts,
        },
        bucket,
        volume,
        heatmap,
        todos,
        setup,
    })
}

/// How many of `zone`'s calendar days the window touches: from the day of its start to the day
/// of its last instant (its end less a microsecond, the end being excluded); 0 when it is empty.
async fn local_days(
    conn: &mut AsyncPgConnection,
    zone: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<i64, DashboardError> {
    if from >= to {
        return Ok(0);
    }
    let last = to - TimeDelta::microseconds(1);
    let local = clock::local_times(conn, &[(from, zone), (last, zone)]).await?;
    match local[..] {
        [first, last] => Ok((last.date() - first.date()).num_days() + 1),
        _ => Err(DashboardError::LocalTimes { got: local.len() }),
    }
}
