use actix_web::{get, web};
use loquent_shared::{ErrorBody, TodoType};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get one to-do type.
#[utoipa::path(
    tag = "todo",
    operation_id = "get_todo_type",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do type id")),
    responses(
        (status = 200, description = "The to-do type", body = TodoType),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read to-do types", body = ErrorBody),
        (status = 404, description = "No such to-do type in the organization", body = ErrorBody),
    )
)]
#[get("/todo-types/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_todo_type(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TodoType>> {
    auth.require(Permission::TodoTypeInstanceRead)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::find(&mut conn, auth.organization_id(), *id).await?.to_dto()))
}
