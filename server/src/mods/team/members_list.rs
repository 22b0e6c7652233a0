use actix_web::{get, web};
use loquent_shared::{ErrorBody, Member};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's members, by name (to assign to-dos, for example).
#[utoipa::path(
    tag = "team",
    operation_id = "list_members",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's members", body = Vec<Member>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list members", body = ErrorBody),
    )
)]
#[get("/members")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_members(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<Member>>> {
    auth.require(Permission::MemberCollectionList)?;
    let mut conn = state.conn().await?;
    let rows = queries::members(&mut conn, auth.organization_id()).await?;
    let members = rows.iter().map(|m| m.to_dto()).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(members))
}
