use actix_web::{get, web};
use loquent_shared::{ErrorBody, Todo};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get one to-do.
#[utoipa::path(
    tag = "todo",
    operation_id = "get_todo",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do id")),
    responses(
        (status = 200, description = "The to-do", body = Todo),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read to-dos", body = ErrorBody),
        (status = 404, description = "No such to-do in the organization", body = ErrorBody),
    )
)]
#[get("/todos/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_todo(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Todo>> {
    auth.require(Permission::TodoInstanceRead)?;
    let mut conn = state.conn().await?;
    let row = queries::find(&mut conn, auth.organization_id(), *id).await?;
    Ok(web::Json(queries::to_dto(&mut conn, row).await?))
}
