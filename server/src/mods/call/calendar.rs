//! An organization's calls counted on its own calendar, for the dashboard: per local day, week
//! or month, and per local weekday and hour. PostgreSQL does the time-zone arithmetic
//! (`AT TIME ZONE`, with the zone data the organization's zone was checked against), so a call
//! at 23:30 and one at 00:30 on the organization's clocks land on different days, and days
//! when clocks change have their 23 or 25 hours.
//!
//! Converting every call's time to the zone is what made these queries slow (about half a
//! microsecond a call; 90 days of a busy organization are hundreds of thousands of calls). So
//! calls are first counted per quarter hour of UTC time (`date_bin`, integer arithmetic), and
//! only those quarter hours, a few thousand, are converted. That is exact as long as local
//! hours begin on a UTC quarter hour, i.e. the zone's offsets are whole quarter hours and its
//! clock changes happen on one: true of every zone in the time zone database since October 2022
//! (the last changes off that grid were at 00:01 local time: St John's and Goose Bay until 2011,
//! Gaza and Hebron in 2011, Casey in 2022), and so of every call Loquent has. A call within a
//! minute of such a change would be counted in the hour next to its own.
//!
//! A window includes its start and excludes its end, as everywhere in [`super::totals`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{DashboardBucket, HeatCell, VolumeBucket};
use uuid::Uuid;

/// The window's calls per quarter hour of UTC time (`slot`), the common first step of the
/// queries below. Binds: organization id, window start, window end.
macro_rules! slots {
    ($columns:literal) => {
        concat!(
            "SELECT date_bin('15 minutes', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')
                        AS slot, ",
            $columns,
            "
               FROM call
              WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
              GROUP BY 1"
        )
    };
}

/// The query behind [`volume`], public so the dashboard's benchmark can `EXPLAIN` exactly it.
/// Binds: organization id, window start, window end, time zone, bucket (`day`, `week` or
/// `month`, as `date_trunc` names them).
///
/// Every bucket the window touches is generated on the local calendar (where a day is a date,
/// whatever its length) and the calls joined onto them, so empty buckets are there with zeros.
/// The last bucket is the one of the window's last instant, its end less a microsecond; an
/// empty window has none.
pub const VOLUME_SQL: &str = concat!(
    "WITH slots AS (",
    slots!(
        "count(*) AS calls,
         count(*) FILTER (WHERE direction = 'inbound' AND status = 'completed')
             AS answered_by_agent"
    ),
    "), counted AS (
        SELECT date_trunc($5, slot AT TIME ZONE $4) AS start,
               sum(calls) AS calls,
               sum(answered_by_agent) AS answered_by_agent
          FROM slots
         GROUP BY 1
    )
    SELECT to_char(b.start, 'YYYY-MM-DD') AS start,
           coalesce(c.calls, 0)::bigint AS calls,
           coalesce(c.answered_by_agent, 0)::bigint AS answered_by_agent
      FROM generate_series(
               date_trunc($5, $2 AT TIME ZONE $4),
               CASE WHEN $2 < $3
                    THEN date_trunc($5, ($3 - interval '1 microsecond') AT TIME ZONE $4) END,
               ('1 ' || $5)::interval) AS b (start)
      LEFT JOIN counted c ON c.start = b.start
     ORDER BY b.start"
);

#[derive(QueryableByName)]
struct VolumeRow {
    #[diesel(sql_type = Text)]
    start: String,
    #[diesel(sql_type = BigInt)]
    calls: i64,
    #[diesel(sql_type = BigInt)]
    answered_by_agent: i64,
}

/// Calls per `bucket` of `zone`'s calendar over the window, every bucket it touches, oldest
/// first. A bucket is named by its first local day: the day, the week's Monday, the month's 1st.
pub async fn volume(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: &str,
    bucket: DashboardBucket,
) -> QueryResult<Vec<VolumeBucket>> {
    let rows: Vec<VolumeRow> = diesel::sql_query(VOLUME_SQL)
        .bind::<SqlUuid, _>(organization_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Text, _>(zone)
        .bind::<Text, _>(bucket.as_str())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| VolumeBucket {
            start: r.start,
            calls: r.calls,
            answered_by_agent: r.answered_by_agent,
        })
        .collect())
}

/// The query behind [`heatmap`], public so the dashboard's benchmark can `EXPLAIN` exactly it.
/// Binds: organization id, window start, window end, time zone.
///
/// The two hours a clock shows twice when it goes back are one local hour, as they are to the
/// people answering. All 168 cells are generated, so quiet hours are there with zeros.
pub const HEATMAP_SQL: &str = concat!(
    "WITH slots AS (",
    slots!("count(*) AS calls"),
    "), cells AS (
        SELECT extract(isodow FROM local)::int - 1 AS weekday,
               extract(hour FROM local)::int AS hour,
               sum(calls) AS calls
          FROM (SELECT slot AT TIME ZONE $4 AS local, calls FROM slots) AS s
         GROUP BY 1, 2
    )
    SELECT d.weekday, h.hour, coalesce(c.calls, 0)::bigint AS calls
      FROM generate_series(0, 6) AS d (weekday)
     CROSS JOIN generate_series(0, 23) AS h (hour)
      LEFT JOIN cells c ON c.weekday = d.weekday AND c.hour = h.hour
     ORDER BY d.weekday, h.hour"
);

#[derive(QueryableByName)]
struct HeatRow {
    #[diesel(sql_type = Integer)]
    weekday: i32,
    #[diesel(sql_type = Integer)]
    hour: i32,
    #[diesel(sql_type = BigInt)]
    calls: i64,
}

/// Calls per weekday (0 = Monday) and hour of `zone`'s clocks over the window: all 168 cells,
/// Monday 00:00 first.
pub async fn heatmap(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: &str,
) -> QueryResult<Vec<HeatCell>> {
    let rows: Vec<HeatRow> = diesel::sql_query(HEATMAP_SQL)
        .bind::<SqlUuid, _>(organization_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<Text, _>(zone)
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|r| Ok(HeatCell { weekday: small(r.weekday)?, hour: small(r.hour)?, calls: r.calls }))
        .collect()
}

/// The query's weekdays and hours are generated from 0 to 23: one that doesn't fit a `u8` is a
/// value this code can't read, as diesel reports any other.
fn small(n: i32) -> QueryResult<u8> {
    u8::try_from(n).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}
