use actix_web::{get, web};
use loquent_shared::{Agent, ErrorBody};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's agents, newest first.
#[utoipa::path(
    tag = "agent",
    operation_id = "list_agents",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's agents", body = Vec<Agent>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list agents", body = ErrorBody),
    )
)]
#[get("/agents")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_agents(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<Agent>>> {
    auth.require(Permission::AgentCollectionList)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::list(&mut conn, auth.organization_id()).await?))
}
