//! What an organization's calls in a time window add up to, for its daily digest and its
//! dashboard: totals, counts per number and the calls themselves, computed in PostgreSQL. A
//! window includes its start and excludes its end, so consecutive windows count every call once.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::queries::CallRow;
use crate::db::schema::call;

/// The window's calls, added up.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct CallTotals {
    #[diesel(sql_type = BigInt)]
    pub calls: i64,
    /// Calls that ended `completed`: someone (or the agent) talked with the other party.
    #[diesel(sql_type = BigInt)]
    pub answered: i64,
    /// Inbound calls that ended `completed`: the agent answered them. Outbound calls are
    /// placed by people, from the dial pad, so a completed one is no work of the agent's.
    #[diesel(sql_type = BigInt)]
    pub answered_by_agent: i64,
    /// Every call's duration, added.
    #[diesel(sql_type = BigInt)]
    pub total_secs: i64,
    /// The answered calls' mean duration (of those with one), rounded; `None` without any.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub avg_answered_secs: Option<i64>,
}

/// The query behind [`totals`], public so the dashboard's benchmark can `EXPLAIN` exactly it.
/// Binds: organization id, window start, window end.
pub const TOTALS_SQL: &str = "
    SELECT count(*) AS calls,
           count(*) FILTER (WHERE status = 'completed') AS answered,
           count(*) FILTER (WHERE status = 'completed' AND direction = 'inbound')
               AS answered_by_agent,
           coalesce(sum(duration_secs), 0)::bigint AS total_secs,
           round(avg(duration_secs) FILTER (WHERE status = 'completed'))::bigint
               AS avg_answered_secs
      FROM call
     WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3";

pub async fn totals(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<CallTotals> {
    diesel::sql_query(TOTALS_SQL)
        .bind::<SqlUuid, _>(organization_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .get_result(conn)
        .await
}

/// The query behind [`contacts`], public so the dashboard's benchmark can `EXPLAIN` exactly it.
/// Binds: organization id, window start, window end.
///
/// Grouping by contact hashes each call's contact once (a few thousand groups);
/// `count(DISTINCT contact_id)` would sort every call's. A query of its own rather than a
/// column of [`TOTALS_SQL`]: that one adds up in parallel workers, and this can't.
pub const CONTACTS_SQL: &str = "
    SELECT count(*) AS contacts
      FROM (SELECT contact_id
              FROM call
             WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
               AND contact_id IS NOT NULL
             GROUP BY contact_id) AS called";

#[derive(QueryableByName)]
struct Contacts {
    #[diesel(sql_type = BigInt)]
    contacts: i64,
}

/// How many distinct contacts had a call in the window (calls without one don't count).
pub async fn contacts(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<i64> {
    let row: Contacts = diesel::sql_query(CONTACTS_SQL)
        .bind::<SqlUuid, _>(organization_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .get_result(conn)
        .await?;
    Ok(row.contacts)
}

/// When the organization's first call started; `None` before it has any.
pub async fn first_call_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Option<DateTime<Utc>>> {
    call::table
        .filter(call::organization_id.eq(organization_id))
        .select(diesel::dsl::min(call::created_at))
        .get_result(conn)
        .await
}

/// How many of the window's calls one of the organization's numbers had.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct NumberCount {
    /// The organization's side of the call: the number called for an inbound call, the number
    /// calling for an outbound one.
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = BigInt)]
    pub calls: i64,
}

/// Calls per number of the organization's, the busiest first.
pub async fn per_number(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<NumberCount>> {
    diesel::sql_query(
        "SELECT CASE WHEN direction = 'outbound' THEN from_number ELSE to_number END AS number,
                count(*) AS calls
           FROM call
          WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
          GROUP BY 1
          ORDER BY calls DESC, number",
    )
    .bind::<SqlUuid, _>(organization_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .load(conn)
    .await
}

/// The window's first `limit` calls, oldest first.
pub async fn in_window(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<CallRow>> {
    call::table
        .filter(call::organization_id.eq(organization_id))
        .filter(call::created_at.ge(from))
        .filter(call::created_at.lt(to))
        .order((call::created_at, call::id))
        .limit(limit)
        .select(CallRow::as_select())
        .load(conn)
        .await
}
