//! Workers: claim a job, run its handler, record the outcome; sleep when there is nothing to do.

use diesel_async::AsyncPgConnection;
use tokio::task::JoinHandle;

use super::queue::{self, ClaimedJob};
use super::{Job, NotYet};
use crate::mods::{call, contact, mail, report, todo};
use crate::state::AppState;

pub fn spawn(state: &AppState) -> Vec<JoinHandle<()>> {
    (0..state.config.job_workers).map(|n| tokio::spawn(run(state.clone(), n))).collect()
}

async fn run(state: AppState, worker: usize) {
    loop {
        match claim(&state).await {
            Ok(Some(job)) => execute(&state, job).await,
            Ok(None) => tokio::time::sleep(state.config.job_poll).await,
            Err(e) => {
                tracing::warn!(
                    worker,
                    error = format!("{e:#}"),
                    "claiming a job failed; will retry"
                );
                tokio::time::sleep(state.config.job_poll * 4).await;
            }
        }
    }
}

async fn claim(state: &AppState) -> anyhow::Result<Option<ClaimedJob>> {
    let mut conn = state.pool.get().await?;
    Ok(queue::claim(&mut conn, state.config.job_lease).await?)
}

#[tracing::instrument(skip_all, fields(job_id = %job.id, kind = %job.kind, attempt = job.attempts))]
async fn execute(state: &AppState, job: ClaimedJob) {
    tracing::info!("job started");
    let outcome = dispatch(state, &job).await;
    let recorded = async {
        let mut conn = state.pool.get().await?;
        match &outcome {
            Ok(()) => {
                queue::complete(&mut conn, &job).await?;
                tracing::info!("job done");
            }
            Err(e) => match NotYet::of(e) {
                Some(later) => {
                    queue::postpone(&mut conn, &job, later.retry_in).await?;
                    tracing::info!(why = %later.why, retry_in = ?later.retry_in, "job not ready; postponed");
                }
                None => record_failure(&mut conn, &job, e).await?,
            },
        }
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = recorded {
        // The lease will lapse and the job run again; handlers are idempotent.
        tracing::error!(error = format!("{e:#}"), "could not record the job's outcome");
    }
}

/// A failure: retried after the backoff, or the job is dead.
async fn record_failure(
    conn: &mut AsyncPgConnection,
    job: &ClaimedJob,
    error: &anyhow::Error,
) -> diesel::QueryResult<()> {
    let message = format!("{error:#}");
    if queue::fail(conn, job, &message).await? {
        tracing::error!(error = %message, "job failed for the last time; it is dead");
    } else {
        tracing::warn!(error = %message, retry_in = ?queue::backoff(job.attempts), "job failed; will retry");
    }
    Ok(())
}

async fn dispatch(state: &AppState, job: &ClaimedJob) -> anyhow::Result<()> {
    match Job::from_columns(&job.kind, &job.payload)? {
        Job::ProcessRecording(work) => call::pipeline::process_recording(state, work).await,
        Job::AnalyzeCall(work) => call::analyze::analyze_call(state, work).await,
        Job::EnrichContact(work) => contact::enrich::enrich_contact(state, work).await,
        Job::SendMail(work) => mail::deliver::send_mail(state, work, job.is_last_attempt()).await,
        Job::ExtractTodos(work) => todo::extract::extract_todos(state, work).await,
        Job::RunTodoAction(work) => {
            todo::action::run_todo_action(state, work, job.is_last_attempt()).await
        }
        Job::SendCallReport(work) => {
            report::call_report::send_call_report(state, work, job.created_at).await
        }
        Job::SendDailyDigest(work) => report::digest::send_daily_digest(state, work).await,
    }
}
