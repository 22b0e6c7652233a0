//! The job table's operations: enqueue (idempotent by key), claim (with a lease), finish.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use super::Job;
use crate::db::schema::job;

/// Enqueues a job; with a `dedupe_key` already used, nothing is enqueued and `false` returned,
/// so a retried webhook or a re-run step can't create the same work twice.
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    work: &Job,
    dedupe_key: Option<String>,
) -> QueryResult<bool> {
    enqueue_at(conn, work, dedupe_key, None).await
}

/// [`enqueue`], the job not run before `run_at` (when given; else at once).
pub async fn enqueue_at(
    conn: &mut AsyncPgConnection,
    work: &Job,
    dedupe_key: Option<String>,
    run_at: Option<chrono::DateTime<chrono::Utc>>,
) -> QueryResult<bool> {
    let (kind, payload) = work.to_columns();
    let n = diesel::insert_into(job::table)
        .values((
            job::kind.eq(kind),
            job::payload.eq(payload),
            job::dedupe_key.eq(dedupe_key),
            work.max_attempts().map(|n| job::max_attempts.eq(n)),
            run_at.map(|at| job::run_at.eq(at)),
        ))
        .on_conflict(job::dedupe_key)
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(n > 0)
}

/// A subquery of the calls a job is waiting or running for: post-call work not yet done. For
/// other modules' queries (`… OR call.id IN ({PENDING_CALL_IDS})`); `job_pending_call_idx`
/// keeps it to the pending jobs. The call report only reads the call once the rest is done, so
/// it isn't work on the call: a report waiting to be sent doesn't keep the call "processing".
pub const PENDING_CALL_IDS: &str = "SELECT (payload->>'call_id')::uuid FROM job \
     WHERE status IN ('queued', 'running') AND payload->>'call_id' IS NOT NULL \
       AND kind <> 'send_call_report'";

/// Whether post-call work on the call (see [`PENDING_CALL_IDS`]) is still waiting or running.
pub async fn call_has_pending_work(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Pending {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        pending: bool,
    }
    let row: Pending = diesel::sql_query(format!("SELECT $1 IN ({PENDING_CALL_IDS}) AS pending"))
        .bind::<SqlUuid, _>(call_id)
        .get_result(conn)
        .await?;
    Ok(row.pending)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimedJob {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: Value,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Integer)]
    pub max_attempts: i32,
    /// When it was enqueued: how long a handler that waits ([`super::NotYet`]) has waited.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

impl ClaimedJob {
    /// Whether a failure now makes the job dead (no retry follows): handlers that keep an
    /// outcome of their own record the final failure then.
    pub fn is_last_attempt(&self) -> bool {
        self.attempts >= self.max_attempts
    }
}

/// Claims the next due job: a queued one whose time has come, or a running one whose worker
/// let its lease lapse (it crashed). Other workers skip rows already locked.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    lease: Duration,
) -> QueryResult<Option<ClaimedJob>> {
    diesel::sql_query(
        "UPDATE job SET status = 'running', attempts = attempts + 1, updated_at = now(),
                        locked_until = now() + make_interval(secs => $1)
          WHERE id = (SELECT id FROM job
                       WHERE (status = 'queued' AND run_at <= now())
                          OR (status = 'running' AND locked_until < now())
                       ORDER BY run_at
                       LIMIT 1
                       FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts, max_attempts, created_at",
    )
    .bind::<BigInt, _>(i64::try_from(lease.as_secs()).unwrap_or(i64::MAX))
    .get_result(conn)
    .await
    .optional()
}

/// Marks the claim done. Matching on `attempts` makes a stale worker (whose lease lapsed and
/// whose job was claimed again) unable to overwrite the newer claim's outcome.
pub async fn complete(conn: &mut AsyncPgConnection, claimed: &ClaimedJob) -> QueryResult<()> {
    diesel::update(job::table.find(claimed.id).filter(job::attempts.eq(claimed.attempts)))
        .set((
            job::status.eq("done"),
            job::locked_until.eq(None::<chrono::DateTime<chrono::Utc>>),
            job::last_error.eq(None::<String>),
            job::updated_at.eq(chrono::Utc::now()),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failure: retried later with exponential backoff, or `dead` after the last attempt.
/// Returns whether the job is now dead.
pub async fn fail(
    conn: &mut AsyncPgConnection,
    claimed: &ClaimedJob,
    error: &str,
) -> QueryResult<bool> {
    let dead = claimed.is_last_attempt();
    let retry_in = backoff(claimed.attempts);
    let now = chrono::Utc::now();
    diesel::update(job::table.find(claimed.id).filter(job::attempts.eq(claimed.attempts)))
        .set((
            job::status.eq(if dead { "dead" } else { "queued" }),
            job::run_at
                .eq(now + chrono::Duration::from_std(retry_in).unwrap_or(chrono::Duration::MAX)),
            job::locked_until.eq(None::<chrono::DateTime<chrono::Utc>>),
            job::last_error.eq(error.chars().take(2000).collect::<String>()),
            job::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(dead)
}

/// Puts a claimed job back to run after `delay`, its attempt given back: the handler said it
/// can't run yet ([`super::NotYet`]), which is no failure. `attempts` still counts every claim
/// (so a stale claim stays told apart from a newer one, as in [`complete`]); the attempt is given
/// back by allowing one more.
pub async fn postpone(
    conn: &mut AsyncPgConnection,
    claimed: &ClaimedJob,
    delay: Duration,
) -> QueryResult<()> {
    let now = Utc::now();
    diesel::update(job::table.find(claimed.id).filter(job::attempts.eq(claimed.attempts)))
        .set((
            job::status.eq("queued"),
            job::max_attempts.eq(job::max_attempts + 1),
            job::run_at
                .eq(now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX)),
            job::locked_until.eq(None::<DateTime<Utc>>),
            job::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// 2 s, 4 s, 8 s … capped at 10 minutes.
pub fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 20)).unwrap_or(1);
    Duration::from_secs(2u64.saturating_pow(exp).min(600))
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(3), Duration::from_secs(8));
        assert_eq!(backoff(30), Duration::from_secs(600));
    }
}
