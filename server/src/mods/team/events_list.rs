use actix_web::{get, web};
use loquent_shared::{ErrorBody, MembershipEvent};

use super::trail::{self, EventRow};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// The trail of changes to the team, newest first (the latest 200): who invited, removed or
/// changed whom, and when.
#[utoipa::path(
    tag = "team",
    operation_id = "list_membership_events",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The latest changes to the team, newest first", body = Vec<MembershipEvent>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `MembershipEvent:Collection:List`, held by owners only (`forbidden`)", body = ErrorBody),
    )
)]
#[get("/membership-events")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_membership_events(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<MembershipEvent>>> {
    auth.require(Permission::MembershipEventCollectionList)?;
    let mut conn = state.conn().await?;
    let rows = trail::latest(&mut conn, auth.organization_id(), trail::SHOWN).await?;
    let events = rows.iter().map(EventRow::to_dto).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(events))
}
