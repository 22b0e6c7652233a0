//! `analyze_call`: each active analyzer assigned to the call's number reads the transcript and
//! appends one run. A run is keyed by (call, analyzer, run_key), so a retry redoes only the
//! analyzers that failed, and one failing analyzer doesn't stop the others.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::queries;
use crate::db::schema::call_analysis_run as runs;
use crate::jobs::{Job, queue};
use crate::mods::analyzer;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzeCall {
    pub call_id: Uuid,
    /// Which pass this is: the recording's SID, or `rerun:<uuid>`.
    pub run_key: String,
}

pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    run_key: &str,
) -> anyhow::Result<()> {
    let work = Job::AnalyzeCall(AnalyzeCall { call_id, run_key: run_key.to_string() });
    queue::enqueue(conn, &work, Some(format!("analyze_call:{call_id}:{run_key}"))).await?;
    Ok(())
}

pub async fn analyze_call(state: &AppState, job: AnalyzeCall) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let Some(call) = queries::find_for_job(&mut conn, job.call_id).await? else {
        return Ok(());
    };
    let Some(transcript) = call.transcription.clone() else {
        anyhow::bail!("call {} has no transcription yet", call.id);
    };
    let analyzers = analyzer::active_for_number(&mut conn, call.phone_number_id).await?;
    let done: Vec<Uuid> = runs::table
        .filter(runs::call_id.eq(call.id))
        .filter(runs::run_key.eq(&job.run_key))
        .select(runs::analyzer_id)
        .load(&mut conn)
        .await?;
    let mut failures = Vec::new();
    for analyzer in analyzers.into_iter().filter(|a| !done.contains(&a.id)) {
        let (analyzer_id, name, prompt) = (analyzer.id, analyzer.name, analyzer.prompt);
        let system = format!(
            "You analyze transcripts of phone calls to a business. Answer the analyst's request \
             below about the transcript the user sends, concisely, in plain text.\n\n{prompt}"
        );
        let user = format!(
            "Call {} -> {} ({}).\n\nTranscript:\n{transcript}",
            call.from_number,
            call.to_number,
            call.created_at.to_rfc3339()
        );
        match state.llm.complete(&state.config.analysis_model, &system, &user).await {
            Ok(text) => {
                diesel::insert_into(runs::table)
                    .values((
                        runs::organization_id.eq(call.organization_id),
                        runs::call_id.eq(call.id),
                        runs::analyzer_id.eq(analyzer_id),
                        runs::run_key.eq(&job.run_key),
                        runs::analysis_text.eq(text.trim()),
                    ))
                    .on_conflict((runs::call_id, runs::analyzer_id, runs::run_key))
                    .do_nothing()
                    .execute(&mut conn)
                    .await?;
                tracing::info!(%analyzer_id, analyzer = %name, "analysis run stored");
            }
            Err(e) => {
                tracing::warn!(%analyzer_id, analyzer = %name, error = %e, "analyzer failed");
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} analyzer(s) failed: {}", failures.len(), failures.join("; "))
    }
}
