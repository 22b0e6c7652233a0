//! Whether Loquent is still working on a call, so pages and integrations know to look again:
//! the call is live, its recording is on its way, or a job for it (transcription, enrichment,
//! analysis, a rerun) is waiting or running.

use std::collections::HashSet;

use diesel::QueryResult;
use diesel::QueryableByName;
use diesel::sql_types::{Array, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::jobs::queue::PENDING_CALL_IDS;

/// The condition on a `call c` row. A call still "live" after four hours lost its end (Twilio
/// ends every call by then); Twilio's recording callback comes seconds after a call ends, so
/// two minutes without one means none is coming (busy, unanswered and cancelled calls have
/// none at all).
fn condition() -> String {
    format!(
        "((c.ended_at IS NULL AND c.status IN ('queued', 'ringing', 'in-progress') \
              AND c.created_at > now() - interval '4 hours') \
          OR (c.ended_at > now() - interval '2 minutes' AND c.recording_key IS NULL \
              AND c.status NOT IN ('busy', 'no-answer', 'canceled')) \
          OR c.id IN ({PENDING_CALL_IDS}))"
    )
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Which of the organization's calls among `ids` are still being processed.
pub async fn calls(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<IdRow> = diesel::sql_query(format!(
        "SELECT c.id FROM call c WHERE c.organization_id = $1 AND c.id = ANY($2) AND {}",
        condition()
    ))
    .bind::<SqlUuid, _>(organization_id)
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Which of the organization's contacts among `contact_ids` have a call still being processed
/// (whose enrichment may yet name them).
pub async fn contacts(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    contact_ids: &[Uuid],
) -> QueryResult<HashSet<Uuid>> {
    if contact_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<IdRow> = diesel::sql_query(format!(
        "SELECT DISTINCT c.contact_id AS id FROM call c \
          WHERE c.organization_id = $1 AND c.contact_id = ANY($2) AND {}",
        condition()
    ))
    .bind::<SqlUuid, _>(organization_id)
    .bind::<Array<SqlUuid>, _>(contact_ids)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
