use actix_web::{get, web};
use chrono::Utc;
use loquent_shared::{ErrorBody, Invitation};

use super::invitations;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's open invitations (pending or expired), newest first.
#[utoipa::path(
    tag = "team",
    operation_id = "list_invitations",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Invitations neither accepted nor revoked", body = Vec<Invitation>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `Invitation:Collection:List` (every role has it)", body = ErrorBody),
    )
)]
#[get("/invitations")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_invitations(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<Invitation>>> {
    auth.require(Permission::InvitationCollectionList)?;
    let mut conn = state.conn().await?;
    let now = Utc::now();
    let rows = invitations::list_open(&mut conn, auth.organization_id()).await?;
    let listed = rows.iter().map(|i| i.to_dto(now)).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(listed))
}
