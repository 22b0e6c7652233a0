//! Fixed-window rate limits kept in PostgreSQL, shared by every server.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::error::AuthError;
use crate::db::schema::rate_limit_window as rlw;

/// Counts one hit against `bucket`; past `limit` hits in the current window, refuses with 429
/// and the seconds until the window ends.
pub async fn hit(
    conn: &mut AsyncPgConnection,
    bucket: &str,
    limit: i32,
    window: Duration,
) -> Result<(), AuthError> {
    let now = Utc::now();
    let start = window_start(now, window);
    let hits: i32 = diesel::insert_into(rlw::table)
        .values((rlw::bucket.eq(bucket), rlw::window_start.eq(start), rlw::hits.eq(1)))
        .on_conflict((rlw::bucket, rlw::window_start))
        .do_update()
        .set(rlw::hits.eq(rlw::hits + 1))
        .returning(rlw::hits)
        .get_result(conn)
        .await?;
    if hits > limit {
        // Windows are minutes long; only a window of billions of years fails to convert.
        let end = start + chrono::Duration::from_std(window).unwrap_or(chrono::Duration::days(1));
        let retry_after = (end - now).to_std().unwrap_or(Duration::from_secs(1));
        tracing::warn!(bucket, hits, "rate limit exceeded");
        return Err(AuthError::RateLimited { retry_after });
    }
    Ok(())
}

/// Forgets a bucket's hits, e.g. an email's failed logins once the right password arrives.
pub async fn reset(conn: &mut AsyncPgConnection, bucket: &str) -> Result<(), AuthError> {
    diesel::delete(rlw::table.filter(rlw::bucket.eq(bucket))).execute(conn).await?;
    Ok(())
}

/// Removes windows that ended before `before`.
pub async fn purge_before(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(rlw::table.filter(rlw::window_start.lt(before))).execute(conn).await
}

fn window_start(now: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    let secs = i64::try_from(window.as_secs().max(1)).unwrap_or(i64::MAX);
    let start = now.timestamp() - now.timestamp().rem_euclid(secs);
    Utc.timestamp_opt(start, 0).single().unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned() {
        let t = Utc.with_ymd_and_hms(2026, 11, 21, 12, 7, 31).single().expect("valid date");
        let s = window_start(t, Duration::from_secs(900));
        assert_eq!(s, Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).single().expect("valid date"));
    }
}
