//! `send_call_report`: after a call is transcribed, the report of it goes to the organization's
//! recipients, when call reports are on. It waits for the call's other post-call work
//! (enrichment names the caller, analysis and to-dos fill the report) and after
//! [`MAX_WAIT`] goes with what exists.
//!
//! One report per call: the first pass that sends it records it (see [`super::send`]); a second
//! recording of the call, or a job run again, sends nothing.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::CallDirection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::call_report_mail::{self, CallFacts};
use super::queries::{self, ReportKind};
use super::send::{self, Sent};
use super::{clock, recipients};
use crate::jobs::{Job, NotYet, queue};
use crate::mods::call::queries::CallRow;
use crate::mods::mail::NewMail;
use crate::mods::phone::{self, PhoneError};
use crate::mods::{call, organization, todo};
use crate::public_urls::PublicUrls;
use crate::state::AppState;

/// How long a report waits for the call's analysis and to-dos; then it is sent without what
/// isn't ready (a model that is down must not hold reports back for good).
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendCallReport {
    pub call_id: Uuid,
    /// Which pass enqueued it: the recording's SID.
    pub run_key: String,
}

pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    run_key: &str,
) -> diesel::QueryResult<()> {
    let job = Job::SendCallReport(SendCallReport { call_id, run_key: run_key.to_string() });
    queue::enqueue(conn, &job, Some(format!("send_call_report:{call_id}:{run_key}"))).await?;
    Ok(())
}

/// Runs the job; `queued_at` is when it was enqueued, from which its waiting is counted.
#[tracing::instrument(skip_all, fields(call_id = %job.call_id))]
pub async fn send_call_report(
    state: &AppState,
    job: SendCallReport,
    queued_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let Some(call) = call::queries::find_for_job(&mut conn, job.call_id).await? else {
        return Ok(());
    };
    let org_id = call.organization_id;
    let settings = queries::find(&mut conn, org_id).await?;
    if !settings.call_reports {
        return Ok(());
    }
    let key = call.id.to_string();
    if queries::was_sent(&mut conn, org_id, ReportKind::CallReport, &key).await? {
        tracing::info!("the call's report was sent already");
        return Ok(());
    }
    let addresses = recipients::addresses(&mut conn, &settings).await?;
    if addresses.is_empty() {
        tracing::info!("call reports are on, but nobody receives them");
        return Ok(());
    }
    let waited = (Utc::now() - queued_at).to_std().unwrap_or_default();
    if waited < MAX_WAIT && queue::call_has_pending_work(&mut conn, call.id).await? {
        return Err(NotYet::new(poll_after(waited), "the call's analysis and to-dos").into());
    }
    let mail = compose(state.config.public_urls(), &mut conn, &call).await?;
    let sent = send::once(
        &mut conn,
        &state.mailer,
        org_id,
        ReportKind::CallReport,
        &key,
        &addresses,
        &mail,
    )
    .await?;
    match sent {
        Sent::Now(n) => tracing::info!(recipients = n, waited = ?waited, "call report sent"),
        Sent::Before => tracing::info!("the call's report was sent already"),
    }
    Ok(())
}

/// Soon after the call, when analysis is quick, and less often the longer it takes: a quarter
/// of the time waited so far, from 2 to 30 seconds.
fn poll_after(waited: Duration) -> Duration {
    (waited / 4).clamp(Duration::from_secs(2), Duration::from_secs(30))
}

/// The report of `call` as it reads now (its `to` empty: [`send::once`] sets each recipient),
/// linking to the call's page under `urls`. The demo workspace renders its sample reports with
/// it too, so they read exactly like real ones.
pub async fn compose(
    urls: PublicUrls<'_>,
    conn: &mut AsyncPgConnection,
    call: &CallRow,
) -> anyhow::Result<NewMail> {
    let org = organization::queries::find(conn, call.organization_id).await?;
    let contact_name = call::queries::contact_name(conn, call).await?;
    let groups = call::queries::analysis_groups(conn, call).await?;
    let todos = todo::queries::for_call(conn, call.organization_id, call.id).await?;
    let our_number_name = match call.phone_number_id {
        Some(id) => match phone::queries::find(conn, call.organization_id, id).await {
            Ok(phone) => Some(phone.friendly_name),
            Err(PhoneError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let local_time = clock::local_times(conn, &[(call.created_at, org.timezone.as_str())])
        .await?
        .pop()
        .unwrap_or_else(|| call.created_at.naive_utc());
    let direction = CallDirection::parse(&call.direction).unwrap_or(CallDirection::Inbound);
    let (contact_number, our_number) = match direction {
        CallDirection::Inbound => (&call.from_number, &call.to_number),
        CallDirection::Outbound => (&call.to_number, &call.from_number),
    };
    let call_url = urls.call_page(call.id);
    let facts = CallFacts {
        organization: &org.name,
        timezone: &org.timezone,
        direction,
        contact_name: contact_name.as_deref(),
        contact_number,
        our_number,
        our_number_name: our_number_name.as_deref(),
        duration_secs: call.duration_secs.map(i64::from),
        local_time,
        // Runs are newest first: the latest result of each analyzer.
        analyses: groups
            .iter()
            .filter_map(|g| {
                Some((g.analyzer_name.as_str(), g.runs.first()?.analysis_text.as_str()))
            })
            .collect(),
        todos: todos.iter().map(|t| (t.title.as_str(), t.todo_type_name.as_deref())).collect(),
        transcript: call.transcription.as_deref(),
        call_url: &call_url,
    };
    Ok(call_report_mail::compose(&facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_starts_quick_and_slows_down() {
        assert_eq!(poll_after(Duration::ZERO), Duration::from_secs(2));
        assert_eq!(poll_after(Duration::from_secs(40)), Duration::from_secs(10));
        assert_eq!(poll_after(Duration::from_secs(600)), Duration::from_secs(30));
    }
}
