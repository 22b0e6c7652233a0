//! What an organization's calls in a time window add up to, for its daily digest: totals,
//! counts per number and the calls themselves, computed in PostgreSQL. A window includes its
//! start and excludes its end, so consecutive windows count every call once.

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
    /// Every call's duration, added.
    #[diesel(sql_type = BigInt)]
    pub total_secs: i64,
    /// The answered calls' mean duration, rounded; `None` without any.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub avg_answered_secs: Option<i64>,
}

pub async fn totals(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<CallTotals> {
    diesel::sql_query(
        "SELECT count(*) AS calls,
                count(*) FILTER (WHERE status = 'completed') AS answered,
                coalesce(sum(duration_secs), 0)::bigint AS total_secs,
                round(avg(duration_secs) FILTER (WHERE status = 'completed'))::bigint
                    AS avg_answered_secs
           FROM call
          WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3",
    )
    .bind::<SqlUuid, _>(organization_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
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
