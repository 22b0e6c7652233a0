use actix_web::{post, web};
use loquent_shared::{ErrorBody, Todo};
use uuid::Uuid;

use super::transition::{self, Transition};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Mark a to-do done: a person did it (to review, approved, or failed).
#[utoipa::path(
    tag = "todo",
    operation_id = "mark_todo_done",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do id")),
    responses(
        (status = 200, description = "The to-do, done", body = Todo),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change to-dos", body = ErrorBody),
        (status = 404, description = "No such to-do in the organization", body = ErrorBody),
        (status = 409, description = "Not from the to-do's status (`wrong_status`), e.g. already done", body = ErrorBody),
    )
)]
#[post("/todos/{id}/done")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn mark_todo_done(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Todo>> {
    auth.require(Permission::TodoInstanceUpdate)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(
        transition::apply(&mut conn, auth.organization_id(), *id, Transition::MarkDone).await?,
    ))
}
