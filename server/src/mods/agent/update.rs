use actix_web::{put, web};
use loquent_shared::{Agent, AgentInput, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Replace an agent's name, instructions, realtime configuration and tools.
#[utoipa::path(
    tag = "agent",
    operation_id = "update_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Agent id")),
    request_body = AgentInput,
    responses(
        (status = 200, description = "The updated agent", body = Agent),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change agents", body = ErrorBody),
        (status = 404, description = "No such agent in the caller's organization", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[put("/agents/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AgentInput>,
) -> ApiResult<web::Json<Agent>> {
    auth.require(Permission::AgentInstanceUpdate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    Ok(web::Json(
        queries::replace(&mut conn, auth.organization_id(), id.into_inner(), &body).await?,
    ))
}
