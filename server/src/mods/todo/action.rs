//! `run_todo_action`: what Loquent does itself for an approved to-do, as a durable job. Each
//! approval is its own job (keyed by the approval count), so a to-do approved again after a
//! failure runs again, and a job run twice sends once: the to-do leaves `in_progress` in the
//! same transaction as its email is queued.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{CallDirection, TodoAction, TodoStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::action_mail::{self, TodoNotice};
use super::queries::{self, TodoRow};
use super::types::TodoTypeRow;
use crate::jobs::{Job, queue};
use crate::mods::mail::{self, MailError, NewMail};
use crate::mods::{call, contact, organization};
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunTodoAction {
    pub todo_id: Uuid,
    /// Which approval of the to-do this runs (its `approvals` count then).
    pub approval: i32,
}

pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    todo_id: Uuid,
    approval: i32,
) -> diesel::QueryResult<()> {
    enqueue_at(conn, todo_id, approval, None).await
}

/// [`enqueue`], the action not run before `run_at` (the demo workspace's to-do whose email is
/// "on its way" when the month is seeded).
pub async fn enqueue_at(
    conn: &mut AsyncPgConnection,
    todo_id: Uuid,
    approval: i32,
    run_at: Option<chrono::DateTime<chrono::Utc>>,
) -> diesel::QueryResult<()> {
    let job = Job::RunTodoAction(RunTodoAction { todo_id, approval });
    let key = Some(format!("run_todo_action:{todo_id}:{approval}"));
    queue::enqueue_at(conn, &job, key, run_at).await?;
    Ok(())
}

/// Why an action can't run, in words for the to-do's `failure_reason`.
struct Refused(String);

pub async fn run_todo_action(
    state: &AppState,
    job: RunTodoAction,
    last_attempt: bool,
) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let outcome = conn
        .transaction::<_, anyhow::Error, _>(async |conn| {
            let Some(row) = queries::find_for_job(conn, job.todo_id).await? else {
                return Ok(());
            };
            if row.status()? != TodoStatus::InProgress || row.approvals != job.approval {
                tracing::info!(todo_id = %row.id, status = %row.status, "not this approval's to run");
                return Ok(());
            }
            let kind = queries::type_of(conn, &row).await?;
            let mail = match compose(state, conn, &row, kind.as_ref()).await? {
                Ok(Some(mail)) => mail,
                // The type lost its action since the approval: a person does it now.
                Ok(None) => {
                    queries::set_status(conn, row.id, TodoStatus::Approved, None).await?;
                    return Ok(());
                }
                Err(Refused(reason)) => return fail(conn, &row, &reason).await,
            };
            match mail::queue(conn, &state.mailer, row.organization_id, &mail).await {
                Ok(message) => {
                    queries::set_status(conn, row.id, TodoStatus::Completed, None).await?;
                    tracing::info!(todo_id = %row.id, message_id = %message.id, "to-do action done");
                    Ok(())
                }
                Err(e @ MailError::InvalidRecipient { .. }) => fail(conn, &row, &e.to_string()).await,
                Err(e) => Err(e.into()),
            }
        })
        .await;
    if let Err(e) = &outcome
        && last_attempt
    {
        // No retry follows: say so on the to-do rather than leave it in progress forever.
        let reason = format!("Loquent could not run the action: {e}");
        conn.transaction::<_, anyhow::Error, _>(async |conn| {
            if let Some(row) = queries::find_for_job(conn, job.todo_id).await?
                && row.approvals == job.approval
                && row.status()? == TodoStatus::InProgress
            {
                fail(conn, &row, &reason).await?;
            }
            Ok(())
        })
        .await?;
    }
    outcome
}

async fn fail(conn: &mut AsyncPgConnection, row: &TodoRow, reason: &str) -> anyhow::Result<()> {
    queries::set_status(conn, row.id, TodoStatus::Failed, Some(reason)).await?;
    tracing::warn!(todo_id = %row.id, reason, "to-do action failed");
    Ok(())
}

/// The email the to-do's type sends, `Ok(None)` when it has no action now, or why it can't.
async fn compose(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    row: &TodoRow,
    kind: Option<&TodoTypeRow>,
) -> anyhow::Result<Result<Option<NewMail>, Refused>> {
    let Some(kind) = kind else { return Ok(Ok(None)) };
    let org = organization::queries::find(conn, row.organization_id).await?;
    match kind.action() {
        TodoAction::None => Ok(Ok(None)),
        TodoAction::SendEmailToCaller => {
            let Some(contact_id) = row.contact_id else {
                return Ok(Err(Refused("the to-do has no contact to email".into())));
            };
            let Some(address) =
                contact::queries::email_address(conn, row.organization_id, contact_id).await?
            else {
                return Ok(Err(Refused("the contact has no email".into())));
            };
            Ok(action_mail::to_caller(
                &address,
                &org.name,
                row.email_subject.as_deref(),
                row.email_body.as_deref(),
            )
            .map(Some)
            .map_err(|reason| Refused(reason.into())))
        }
        TodoAction::SendEmail => {
            let Some(address) = kind.action_email.as_deref() else {
                return Ok(Err(Refused("the to-do type has no address to email".into())));
            };
            let urls = state.config.public_urls();
            let call = match row.call_id {
                Some(id) => call::queries::find_for_job(conn, id).await?,
                None => None,
            };
            let name = match row.contact_id {
                Some(id) => {
                    contact::display_names(conn, row.organization_id, &[id]).await?.remove(&id)
                }
                None => None,
            };
            let number = call.as_ref().map(|c| match CallDirection::parse(&c.direction) {
                Some(CallDirection::Outbound) => c.to_number.clone(),
                _ => c.from_number.clone(),
            });
            let caller = match (name, number) {
                (Some(name), Some(number)) => Some(format!("{name}, {number}")),
                (name, number) => name.or(number),
            };
            let notice = TodoNotice {
                organization: &org.name,
                type_name: &kind.name,
                title: &row.title,
                description: &row.description,
                due_hint: row.due_hint.as_deref(),
                caller,
                call_url: call.as_ref().map(|c| urls.call_page(c.id)),
                todos_url: urls.todos_page(),
            };
            Ok(Ok(Some(action_mail::notice(address, &notice))))
        }
    }
}
