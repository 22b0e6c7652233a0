use actix_web::{get, web};
use loquent_shared::{Agent, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get one agent.
#[utoipa::path(
    tag = "agent",
    operation_id = "get_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Agent id")),
    responses(
        (status = 200, description = "The agent", body = Agent),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read agents", body = ErrorBody),
        (status = 404, description = "No such agent in the caller's organization", body = ErrorBody),
    )
)]
#[get("/agents/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Agent>> {
    auth.require(Permission::AgentInstanceRead)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::get(&mut conn, auth.organization_id(), id.into_inner()).await?))
}
