//! The status changes people make (approve, reject, mark done): each reads the to-do locked,
//! checks the move is allowed from where it is, and writes it, in one transaction.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{Todo, TodoStatus};
use uuid::Uuid;

use super::approval;
use super::error::TodoError;
use super::queries;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Approve,
    Reject,
    MarkDone,
}

pub async fn apply(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    transition: Transition,
) -> Result<Todo, TodoError> {
    let row = conn
        .transaction::<_, TodoError, _>(async move |conn| {
            let row = queries::find_for_update(conn, organization_id, id).await?;
            let status = row.status()?;
            let (allowed, verb, next) = match transition {
                Transition::Approve => return approval::approve(conn, row).await,
                Transition::Reject => (status.can_reject(), "rejected", TodoStatus::Rejected),
                Transition::MarkDone => (status.can_mark_done(), "marked done", TodoStatus::Done),
            };
            if !allowed {
                return Err(TodoError::WrongStatus { status, verb });
            }
            Ok(queries::set_status(conn, row.id, next, None).await?)
        })
        .await?;
    tracing::info!(todo_id = %row.id, status = %row.status, ?transition, "to-do status changed");
    queries::to_dto(conn, row).await
}
