//! Approving a to-do, from a person's click or, for auto-approving types, as soon as it is
//! found: one function, so both start the action the same way.

use diesel_async::AsyncPgConnection;
use loquent_shared::{TodoAction, TodoStatus};

use super::action;
use super::error::TodoError;
use super::queries::{self, TodoRow};

/// Approves `row` inside the caller's transaction (the row locked). With an action, the to-do
/// goes `in_progress` and the job that runs the action is queued with it; without one, it is
/// `approved`, for a person to do and mark done.
pub async fn approve(conn: &mut AsyncPgConnection, row: TodoRow) -> Result<TodoRow, TodoError> {
    let status = row.status()?;
    if !status.can_approve() {
        return Err(TodoError::WrongStatus { status, verb: "approved" });
    }
    let action = queries::type_of(conn, &row).await?.map(|t| t.action()).unwrap_or_default();
    match action {
        TodoAction::None => {
            Ok(queries::set_status(conn, row.id, TodoStatus::Approved, None).await?)
        }
        TodoAction::SendEmailToCaller | TodoAction::SendEmail => {
            let row = queries::start_action(conn, row.id).await?;
            action::enqueue(conn, row.id, row.approvals).await?;
            tracing::info!(todo_id = %row.id, action = action.as_str(), "to-do approved; action queued");
            Ok(row)
        }
    }
}
