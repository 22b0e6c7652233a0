use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Delete a to-do type. Its to-dos stay, without a type (approving one then runs no action).
#[utoipa::path(
    tag = "todo",
    operation_id = "delete_todo_type",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "To-do type id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not delete to-do types", body = ErrorBody),
        (status = 404, description = "No such to-do type in the organization", body = ErrorBody),
    )
)]
#[delete("/todo-types/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_todo_type(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::TodoTypeInstanceDelete)?;
    let mut conn = state.conn().await?;
    queries::delete(&mut conn, auth.organization_id(), *id).await?;
    tracing::info!(todo_type_id = %id, "to-do type deleted");
    Ok(HttpResponse::NoContent().finish())
}
