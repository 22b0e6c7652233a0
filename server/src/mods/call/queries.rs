use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Call, CallAnalysisGroup, CallAnalysisRun, CallDirection};
use uuid::Uuid;

use crate::db::schema::{analyzer, call, call_analysis_run, contact, phone_number_analyzer};
use crate::error::{ApiError, ApiResult};
use crate::pagination::Cursor;

pub const NOT_FOUND: ApiError = ApiError::NotFound { resource: "call" };

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = call, check_for_backend(diesel::pg::Pg))]
pub struct CallRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub phone_number_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub call_sid: String,
    pub from_to_number: String,
    pub direction: String,
    pub status: String,
    pub duration_secs: Option<i32>,
    pub recording_sid: Option<String>,
    pub recording_url: Option<String>,
    pub recording_key: Option<String>,
    pub transcription: Option<String>,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl CallRow {
    pub fn to_dto(&self, contact_name: Option<(String, String)>) -> Call {
        let contact_name = contact_name
            .map(|(f, l)| format!("{} {}", f.trim(), l.trim()).trim().to_string())
            .filter(|n| !n.is_empty());
        Call {
            id: self.id,
            phone_number_id: self.phone_number_id,
            contact_id: self.contact_id,
            contact_name,
            call_sid: self.call_sid.clone(),
            from_to_number: self.from_to_number.clone(),
            direction: if self.direction == "outbound" {
                CallDirection::Outbound
            } else {
                CallDirection::Inbound
            },
            status: self.status.clone(),
            duration_secs: self.duration_secs,
            has_recording: self.recording_key.is_some(),
            has_transcription: self.transcription.is_some(),
            created_at: self.created_at,
            ended_at: self.ended_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub phone_number_id: Option<Uuid>,
}

/// One page, newest first, with each call's contact name.
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    filter: &CallFilter,
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<Call>> {
    let mut query = call::table
        .left_join(contact::table.on(contact::id.nullable().eq(call::contact_id)))
        .filter(call::organization_id.eq(organization_id))
        .select((CallRow::as_select(), (contact::first_name, contact::last_name).nullable()))
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
    let rows: Vec<(CallRow, Option<(String, String)>)> = query.load(conn).await?;
    Ok(rows.into_iter().map(|(row, name)| row.to_dto(name)).collect())
}

/// The organization's call, or 404 (also for another organization's id).
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> ApiResult<CallRow> {
    call::table
        .filter(call::id.eq(id))
        .filter(call::organization_id.eq(organization_id))
        .select(CallRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(NOT_FOUND)
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

pub async fn contact_name(
    conn: &mut AsyncPgConnection,
    contact_id: Option<Uuid>,
) -> QueryResult<Option<(String, String)>> {
    let Some(id) = contact_id else { return Ok(None) };
    contact::table
        .find(id)
        .select((contact::first_name, contact::last_name))
        .first(conn)
        .await
        .optional()
}

/// One group per analyzer with runs on the call, runs newest first.
pub async fn analysis_groups(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
) -> QueryResult<Vec<CallAnalysisGroup>> {
    let rows: Vec<(Uuid, String, Uuid, String, DateTime<Utc>)> = call_analysis_run::table
        .inner_join(analyzer::table)
        .filter(call_analysis_run::call_id.eq(call_id))
        .order((
            analyzer::name,
            analyzer::id,
            call_analysis_run::created_at.desc(),
            call_analysis_run::id,
        ))
        .select((
            analyzer::id,
            analyzer::name,
            call_analysis_run::id,
            call_analysis_run::analysis_text,
            call_analysis_run::created_at,
        ))
        .load(conn)
        .await?;
    let mut groups: Vec<CallAnalysisGroup> = Vec::new();
    for (analyzer_id, analyzer_name, id, analysis_text, created_at) in rows {
        let run = CallAnalysisRun { id, analysis_text, created_at };
        match groups.last_mut() {
            Some(g) if g.analyzer_id == analyzer_id => g.runs.push(run),
            _ => groups.push(CallAnalysisGroup { analyzer_id, analyzer_name, runs: vec![run] }),
        }
    }
    Ok(groups)
}

/// The active analyzers assigned to a number: (id, name, prompt).
pub async fn active_analyzers(
    conn: &mut AsyncPgConnection,
    phone_number_id: Option<Uuid>,
) -> QueryResult<Vec<(Uuid, String, String)>> {
    let Some(phone) = phone_number_id else { return Ok(Vec::new()) };
    analyzer::table
        .inner_join(phone_number_analyzer::table)
        .filter(phone_number_analyzer::phone_number_id.eq(phone))
        .filter(analyzer::is_active.eq(true))
        .order((analyzer::name, analyzer::id))
        .select((analyzer::id, analyzer::name, analyzer::prompt))
        .load(conn)
        .await
}
