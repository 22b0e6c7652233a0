use actix_web::{HttpResponse, post, web};
use loquent_shared::{Agent, AgentInput, ErrorBody};

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create an agent.
#[utoipa::path(
    tag = "agent",
    operation_id = "create_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = AgentInput,
    responses(
        (status = 201, description = "The new agent", body = Agent),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not create agents", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[post("/agents")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<AgentInput>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::AgentCollectionCreate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let agent = queries::insert(&mut conn, auth.organization_id(), &body).await?;
    tracing::info!(agent_id = %agent.id, "agent created");
    Ok(HttpResponse::Created().json(agent))
}
