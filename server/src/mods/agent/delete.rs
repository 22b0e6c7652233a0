use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Delete an agent. Numbers it answered are left without an agent.
#[utoipa::path(
    tag = "agent",
    operation_id = "delete_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Agent id")),
    responses(
        (status = 204, description = "Deleted; its numbers are unassigned"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not delete agents", body = ErrorBody),
        (status = 404, description = "No such agent in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/agents/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::AgentInstanceDelete)?;
    let mut conn = state.conn().await?;
    queries::delete(&mut conn, auth.organization_id(), id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
