use actix_web::{put, web};
use loquent_shared::{ErrorBody, Phone};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::agent;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Assign an agent to answer a phone number.
#[utoipa::path(
    tag = "phone",
    operation_id = "assign_phone_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    params(
        ("phone_number_id" = Uuid, Path, description = "Phone number id"),
        ("agent_id" = Uuid, Path, description = "Agent id"),
    ),
    responses(
        (status = 200, description = "The number, with its agent", body = Phone),
        (status = 400, description = "An id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number or agent in the caller's organization", body = ErrorBody),
    )
)]
#[put("/phones/{phone_number_id}/agent/{agent_id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn assign_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    let (phone_id, agent_id) = path.into_inner();
    let org = auth.organization_id();
    let mut conn = state.conn().await?;
    queries::find(&mut conn, org, phone_id).await?;
    agent::queries::find(&mut conn, org, agent_id).await?;
    Ok(web::Json(queries::set_agent(&mut conn, org, phone_id, Some(agent_id)).await?.into()))
}
