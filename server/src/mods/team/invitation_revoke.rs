use actix_web::{HttpResponse, delete, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{ErrorBody, MembershipAction};
use uuid::Uuid;

use super::error::TeamError;
use super::invitations;
use super::trail::{self, NewEvent, Subject};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Revoke an open invitation: its link stops working and says it was withdrawn.
#[utoipa::path(
    tag = "team",
    operation_id = "delete_invitation",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `Invitation:Instance:Delete`, held by admins and owners (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No open invitation with this id in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/invitations/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_invitation(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::InvitationInstanceDelete)?;
    let id = id.into_inner();
    let mut conn = state.conn().await?;
    conn.transaction::<_, TeamError, _>(async |conn| revoke(conn, &auth, id).await).await?;
    tracing::info!(invitation_id = %id, "invitation revoked");
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes the invitation and records it. Run in a transaction. Any admin may: withdrawing
/// an offer grants nothing, whatever its role.
async fn revoke(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
    id: Uuid,
) -> Result<(), TeamError> {
    let row = invitations::revoke(conn, auth.organization_id(), id)
        .await?
        .ok_or(TeamError::InvitationNotFound)?;
    trail::record(
        conn,
        NewEvent {
            organization_id: row.organization_id,
            actor: (&auth.member).into(),
            action: MembershipAction::InvitationRevoked,
            subject: Subject { name: None, email: &row.email },
            role_before: None,
            role_after: Some(row.role()?),
        },
    )
    .await?;
    Ok(())
}
