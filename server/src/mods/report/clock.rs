//! Wall-clock time in an organization's time zone, computed by PostgreSQL (whose zone data the
//! organization's time zone was checked against), so reports show times as staff read clocks
//! and days start at the organization's midnight, daylight saving time included.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::QueryResult;
use diesel::QueryableByName;
use diesel::sql_types::{Array, Text, Timestamp, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(QueryableByName)]
struct Local {
    #[diesel(sql_type = Timestamp)]
    local: NaiveDateTime,
}

#[derive(QueryableByName)]
struct Instant {
    #[diesel(sql_type = Timestamptz)]
    instant: DateTime<Utc>,
}

/// What clocks in each zone show at each instant, pair by pair, in the order given.
pub async fn local_times(
    conn: &mut AsyncPgConnection,
    at: &[(DateTime<Utc>, &str)],
) -> QueryResult<Vec<NaiveDateTime>> {
    if at.is_empty() {
        return Ok(Vec::new());
    }
    let (instants, zones): (Vec<DateTime<Utc>>, Vec<&str>) = at.iter().copied().unzip();
    let rows: Vec<Local> = diesel::sql_query(
        "SELECT (t AT TIME ZONE z) AS local
           FROM unnest($1::timestamptz[], $2::text[]) WITH ORDINALITY AS u (t, z, n)
          ORDER BY n",
    )
    .bind::<Array<Timestamptz>, _>(instants)
    .bind::<Array<Text>, _>(zones)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.local).collect())
}

/// The instants `zone`'s clocks show each time in `locals`. A time clocks skip (going forward)
/// or show twice (going back) is read in standard time, as PostgreSQL does; what matters is that
/// the same local time always gives the same instant, so a day's end is the next day's start.
pub async fn instants(
    conn: &mut AsyncPgConnection,
    zone: &str,
    locals: &[NaiveDateTime],
) -> QueryResult<Vec<DateTime<Utc>>> {
    if locals.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Instant> = diesel::sql_query(
        "SELECT (t AT TIME ZONE $2) AS instant
           FROM unnest($1::timestamp[]) WITH ORDINALITY AS u (t, n)
          ORDER BY n",
    )
    .bind::<Array<Timestamp>, _>(locals)
    .bind::<Text, _>(zone)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.instant).collect())
}
