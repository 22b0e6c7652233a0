use actix_web::{get, web};
use loquent_shared::{ErrorBody, TodoCounts};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// How many of the organization's to-dos are in each status.
#[utoipa::path(
    tag = "todo",
    operation_id = "count_todos",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "To-dos per status", body = TodoCounts),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list to-dos", body = ErrorBody),
    )
)]
#[get("/todos/counts")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn count_todos(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<TodoCounts>> {
    auth.require(Permission::TodoCollectionList)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::counts(&mut conn, auth.organization_id()).await?))
}
