use actix_web::{post, web};
use loquent_shared::{ErrorBody, Todo};
use uuid::Uuid;

use super::transition::{self, Transition};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Approve a to-do (to review, or failed before): with an action, it goes `in_progress` and Loquent runs the action as a job (then `completed`, or `failed` with the reason); without one, it is `approved` for a person to do.
#[utoipa::path(
    tag = "todo",
    operation_id = "approve_todo",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do id")),
    responses(
        (status = 200, description = "The to-do, approved", body = Todo),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change to-dos", body = ErrorBody),
        (status = 404, description = "No such to-do in the organization", body = ErrorBody),
        (status = 409, description = "Not from the to-do's status (`wrong_status`), e.g. already done", body = ErrorBody),
    )
)]
#[post("/todos/{id}/approve")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn approve_todo(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Todo>> {
    auth.require(Permission::TodoInstanceUpdate)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(
        transition::apply(&mut conn, auth.organization_id(), *id, Transition::Approve).await?,
    ))
}
