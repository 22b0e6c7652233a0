use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{
    Call, CallAnalysisGroup, CallAnalysisRun, CallDirection, CallStatus, TranscriptTurn,
};
use uuid::Uuid;

use super::error::CallError;
use super::processing;
use crate::db::schema::{call, call_analysis_run};
use crate::mods::{analyzer, contact};
use crate::pagination::Cursor;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = call, check_for_backend(diesel::pg::Pg))]
pub struct CallRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub phone_number_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub call_sid: String,
    pub direction: String,
    pub status: String,
    pub duration_secs: Option<i32>,
    pub recording_sid: Option<String>,
    pub recording_url: Option<String>,
    pub recording_key: Option<String>,
    pub transcription: Option<String>,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub from_number: String,
    pub to_number: String,
    /// `Vec<TranscriptTurn>` as JSON; read it with [`CallRow::transcript_turns`].
    pub transcript_turns: Option<serde_json::Value>,
}

impl CallRow {
    /// The transcript turn by turn, when the recording had one channel per party. A stored
    /// value that no longer reads as today's type is logged and left out: the text transcript
    /// still shows.
    pub fn transcript_turns(&self) -> Option<Vec<TranscriptTurn>> {
        let value = self.transcript_turns.clone()?;
        serde_json::from_value(value)
            .inspect_err(
                |e| tracing::error!(call_id = %self.id, error = %e, "unreadable transcript turns"),
            )
            .ok()
    }

    /// `contact_name` is the contact's display name (see [`contact::display_names`]);
    /// `processing`, whether Loquent is still working on the call (see [`processing`]).
    pub fn to_dto(&self, contact_name: Option<String>, processing: bool) -> Call {
        Call {
            id: self.id,
            phone_number_id: self.phone_number_id,
            contact_id: self.contact_id,
            contact_name,
            call_sid: self.call_sid.clone(),
            from_number: self.from_number.clone(),
            to_number: self.to_number.clone(),
            from_to_number: format!("{} -> {}", self.from_number, self.to_number),
            // The table's checks allow only the values these know.
            direction: CallDirection::parse(&self.direction).unwrap_or(CallDirection::Inbound),
            status: CallStatus::parse(&self.status).unwrap_or(CallStatus::Failed),
            duration_secs: self.duration_secs,
            has_recording: self.recording_key.is_some(),
            has_transcription: self.transcription.is_some(),
            created_at: self.created_at,
            ended_at: self.ended_at,
            processing,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub phone_number_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
}

/// One page, newest first, with each call's contact name (one more query for the page's
/// contacts, through the contact module) and whether it is still being processed (one more).
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    filter: &CallFilter,
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<Call>> {
    let mut query = call::table
        .filter(call::organization_id.eq(organization_id))
        .select(CallRow::as_select())
        .order((call::created_at.desc(), call::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(c) = after {
        query = query.filter(
            call::created_at
                .lt(c.created_at)
                .or(call::created_at.eq(c.created_at).and(call::id.lt(c.id))),
        );
    }
    if let Some(from) = filter.from {
        query = query.filter(call::created_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(call::created_at.lt(to));
    }
    if let Some(phone) = filter.phone_number_id {
        query = query.filter(call::phone_number_id.eq(phone));
    }
    if let Some(contact_id) = filter.contact_id {
        query = query.filter(call::contact_id.eq(contact_id));
    }
    let rows: Vec<CallRow> = query.load(conn).await?;
    let contact_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.contact_id).collect();
    let names = contact::display_names(conn, organization_id, &contact_ids).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let busy = processing::calls(conn, organization_id, &ids).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let name = row.contact_id.and_then(|id| names.get(&id).cloned());
            row.to_dto(name, busy.contains(&row.id))
        })
        .collect())
}

/// The organization's call, or 404 (also for another organization's id).
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<CallRow, CallError> {
    call::table
        .filter(call::id.eq(id))
        .filter(call::organization_id.eq(organization_id))
        .select(CallRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(CallError::NotFound)
}

/// A call by id, whatever its organization: for jobs, which Loquent itself enqueued.
pub async fn find_for_job(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<CallRow>> {
    call::table.find(id).select(CallRow::as_select()).first(conn).await.optional()
}

pub async fn find_by_sid(
    conn: &mut AsyncPgConnection,
    call_sid: &str,
) -> QueryResult<Option<CallRow>> {
    call::table
        .filter(call::call_sid.eq(call_sid))
        .select(CallRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Whether Loquent is still working on the call.
pub async fn is_processing(conn: &mut AsyncPgConnection, row: &CallRow) -> QueryResult<bool> {
    Ok(processing::calls(conn, row.organization_id, &[row.id]).await?.contains(&row.id))
}

/// The call's contact's display name, if it has a contact with a name.
pub async fn contact_name(
    conn: &mut AsyncPgConnection,
    row: &CallRow,
) -> QueryResult<Option<String>> {
    let Some(id) = row.contact_id else { return Ok(None) };
    Ok(contact::display_names(conn, row.organization_id, &[id]).await?.remove(&id))
}

/// One group per analyzer with runs on the call, runs newest first; groups in the order the
/// analyzer module lists analyzers by name.
pub async fn analysis_groups(
    conn: &mut AsyncPgConnection,
    call: &CallRow,
) -> QueryResult<Vec<CallAnalysisGroup>> {
    let rows: Vec<(Uuid, Uuid, String, DateTime<Utc>)> = call_analysis_run::table
        .filter(call_analysis_run::call_id.eq(call.id))
        .order((call_analysis_run::created_at.desc(), call_analysis_run::id))
        .select((
            call_analysis_run::analyzer_id,
            call_analysis_run::id,
            call_analysis_run::analysis_text,
            call_analysis_run::created_at,
        ))
        .load(conn)
        .await?;
    let mut runs: HashMap<Uuid, Vec<CallAnalysisRun>> = HashMap::new();
    for (analyzer_id, id, analysis_text, created_at) in rows {
        runs.entry(analyzer_id).or_default().push(CallAnalysisRun {
            id,
            analysis_text,
            created_at,
        });
    }
    let ids: Vec<Uuid> = runs.keys().copied().collect();
    let names = analyzer::names_by_name(conn, call.organization_id, &ids).await?;
    Ok(names
        .into_iter()
        .filter_map(|(analyzer_id, analyzer_name)| {
            let runs = runs.remove(&analyzer_id)?;
            Some(CallAnalysisGroup { analyzer_id, analyzer_name, runs })
        })
        .collect())
}

/// What a new call starts with, whichever way it goes (the insert says which).
pub struct NewCall<'a> {
    pub organization_id: Uuid,
    pub phone_number_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub call_sid: &'a str,
    pub from_number: &'a str,
    pub to_number: &'a str,
}

/// Inserts the inbound call in progress, or marks the existing call with this SID in progress
/// again (Twilio reconnecting the same call); its id either way. `None` when the SID is a call
/// that has ended, or another organization's: neither is touched.
pub async fn upsert_inbound(
    conn: &mut AsyncPgConnection,
    new: NewCall<'_>,
) -> QueryResult<Option<Uuid>> {
    let upsert = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(new.organization_id),
            call::phone_number_id.eq(new.phone_number_id),
            call::contact_id.eq(new.contact_id),
            call::call_sid.eq(new.call_sid),
            call::from_number.eq(new.from_number),
            call::to_number.eq(new.to_number),
            call::direction.eq(CallDirection::Inbound.as_str()),
            call::status.eq(CallStatus::InProgress.as_str()),
        ))
        .on_conflict(call::call_sid)
        .do_update()
        .set(call::status.eq(CallStatus::InProgress.as_str()));
    // `ON CONFLICT DO UPDATE … WHERE`: only the organization's own inbound call, still going.
    let still_going = call::ended_at
        .is_null()
        .and(call::organization_id.eq(new.organization_id))
        .and(call::direction.eq(CallDirection::Inbound.as_str()));
    diesel::query_dsl::methods::FilterDsl::filter(upsert, still_going)
        .returning(call::id)
        .get_result(conn)
        .await
        .optional()
}

/// Inserts the outbound call in progress, once per CallSid (Twilio asking again finds it);
/// the call's id and organization.
pub async fn insert_outbound(
    conn: &mut AsyncPgConnection,
    new: NewCall<'_>,
) -> QueryResult<(Uuid, Uuid)> {
    let inserted: Option<(Uuid, Uuid)> = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(new.organization_id),
            call::phone_number_id.eq(new.phone_number_id),
            call::contact_id.eq(new.contact_id),
            call::call_sid.eq(new.call_sid),
            call::from_number.eq(new.from_number),
            call::to_number.eq(new.to_number),
            call::direction.eq(CallDirection::Outbound.as_str()),
            call::status.eq(CallStatus::InProgress.as_str()),
        ))
        .on_conflict(call::call_sid)
        .do_nothing()
        .returning((call::id, call::organization_id))
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(found) => Ok(found),
        None => {
            call::table
                .filter(call::call_sid.eq(new.call_sid))
                .select((call::id, call::organization_id))
                .first(conn)
                .await
        }
    }
}

pub async fn started_at(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<DateTime<Utc>> {
    call::table.find(id).select(call::created_at).first(conn).await
}

/// Ends the call unless it already ended.
pub async fn mark_ended(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: CallStatus,
    ended_at: DateTime<Utc>,
    duration_secs: i32,
) -> QueryResult<()> {
    diesel::update(call::table.find(id).filter(call::ended_at.is_null()))
        .set((
            call::status.eq(status.as_str()),
            call::ended_at.eq(ended_at),
            call::duration_secs.eq(duration_secs),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// A call inserted whole, already over, with the id and times the caller chose: the demo
/// workspace's sample calls, whose ids are derived from their organization.
pub struct CallAt<'a> {
    pub id: Uuid,
    pub phone_number_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub call_sid: &'a str,
    pub direction: CallDirection,
    pub status: CallStatus,
    pub from_number: &'a str,
    pub to_number: &'a str,
    pub created_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_secs: i32,
    /// Where its recording is stored, and the recording's SID, when it has one.
    pub recording_key: Option<&'a str>,
    pub recording_sid: Option<&'a str>,
    pub transcription: Option<&'a str>,
    pub transcript_turns: Option<&'a [TranscriptTurn]>,
}

/// Rows per insert statement: well inside PostgreSQL's 65,535 bound parameters.
const ROWS_PER_INSERT: usize = 1_000;

/// Inserts `calls` of the organization, a thousand per statement.
pub async fn insert_many_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    calls: &[CallAt<'_>],
) -> Result<(), CallError> {
    for chunk in calls.chunks(ROWS_PER_INSERT) {
        let mut rows = Vec::with_capacity(chunk.len());
        for c in chunk {
            let turns = c
                .transcript_turns
                .map(serde_json::to_value)
                .transpose()
                .map_err(CallError::Turns)?;
            rows.push((
                call::id.eq(c.id),
                call::organization_id.eq(organization_id),
                call::phone_number_id.eq(c.phone_number_id),
                call::contact_id.eq(c.contact_id),
                call::call_sid.eq(c.call_sid),
                call::direction.eq(c.direction.as_str()),
                call::status.eq(c.status.as_str()),
                call::from_number.eq(c.from_number),
                call::to_number.eq(c.to_number),
                call::created_at.eq(c.created_at),
                call::ended_at.eq(c.ended_at),
                call::duration_secs.eq(c.duration_secs),
                call::recording_key.eq(c.recording_key),
                call::recording_sid.eq(c.recording_sid),
                call::transcription.eq(c.transcription),
                call::transcript_turns.eq(turns),
            ));
        }
        diesel::insert_into(call::table).values(rows).execute(conn).await?;
    }
    Ok(())
}

/// One analyzer's result on a call, with the time the caller chose.
pub struct AnalysisRunAt<'a> {
    pub call_id: Uuid,
    pub analyzer_id: Uuid,
    /// Which pass made it (see `analyze`).
    pub run_key: &'a str,
    pub analysis_text: &'a str,
    pub created_at: DateTime<Utc>,
}

/// Inserts analysis runs on the organization's calls, a thousand per statement.
pub async fn insert_runs_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    runs: &[AnalysisRunAt<'_>],
) -> QueryResult<()> {
    for chunk in runs.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|r| {
                (
                    call_analysis_run::organization_id.eq(organization_id),
                    call_analysis_run::call_id.eq(r.call_id),
                    call_analysis_run::analyzer_id.eq(r.analyzer_id),
                    call_analysis_run::run_key.eq(r.run_key),
                    call_analysis_run::analysis_text.eq(r.analysis_text),
                    call_analysis_run::created_at.eq(r.created_at),
                )
            })
            .collect();
        diesel::insert_into(call_analysis_run::table).values(rows).execute(conn).await?;
    }
    Ok(())
}

/// Whether the organization has any call.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        call::table.filter(call::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// A call [`delete_many`] deleted: what its stored files are found by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedCall {
    pub call_sid: String,
    pub recording_key: Option<String>,
}

/// Deletes those of `ids` that are the organization's calls, with their analysis runs (their
/// to-dos stay, without the call); the deleted calls, whose stored recordings and transcripts
/// are the caller's to remove (see `recording_files`) once the transaction commits.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<Vec<DeletedCall>> {
    diesel::delete(
        call_analysis_run::table
            .filter(call_analysis_run::organization_id.eq(organization_id))
            .filter(call_analysis_run::call_id.eq_any(ids)),
    )
    .execute(conn)
    .await?;
    let deleted: Vec<(String, Option<String>)> = diesel::delete(
        call::table.filter(call::organization_id.eq(organization_id)).filter(call::id.eq_any(ids)),
    )
    .returning((call::call_sid, call::recording_key))
    .get_results(conn)
    .await?;
    Ok(deleted
        .into_iter()
        .map(|(call_sid, recording_key)| DeletedCall { call_sid, recording_key })
        .collect())
}
