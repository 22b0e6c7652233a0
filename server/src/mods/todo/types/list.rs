use actix_web::{get, web};
use loquent_shared::{ErrorBody, TodoType};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's to-do types, by name.
#[utoipa::path(
    tag = "todo",
    operation_id = "list_todo_types",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's to-do types", body = Vec<TodoType>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list to-do types", body = ErrorBody),
    )
)]
#[get("/todo-types")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_todo_types(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<TodoType>>> {
    auth.require(Permission::TodoTypeCollectionList)?;
    let mut conn = state.conn().await?;
    let rows = queries::list(&mut conn, auth.organization_id()).await?;
    Ok(web::Json(rows.iter().map(|r| r.to_dto()).collect()))
}
