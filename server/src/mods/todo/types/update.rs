use actix_web::{put, web};
use loquent_shared::{ErrorBody, TodoType, TodoTypeInput};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Replace a to-do type. Its to-dos keep what they are; approving one runs the type's action
/// as it is then.
#[utoipa::path(
    tag = "todo",
    operation_id = "update_todo_type",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do type id")),
    request_body = TodoTypeInput,
    responses(
        (status = 200, description = "The updated to-do type", body = TodoType),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change to-do types", body = ErrorBody),
        (status = 404, description = "No such to-do type in the organization", body = ErrorBody),
        (status = 409, description = "Another type has that name (`name`)", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[put("/todo-types/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_todo_type(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<TodoTypeInput>,
) -> ApiResult<web::Json<TodoType>> {
    auth.require(Permission::TodoTypeInstanceUpdate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let row = queries::replace(&mut conn, auth.organization_id(), *id, &body).await?;
    Ok(web::Json(row.to_dto()))
}
