use actix_web::{post, web};
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{ErrorBody, Invitation, MembershipAction};
use uuid::Uuid;

use super::error::TeamError;
use super::invitations::{self, Invited};
use super::trail::{self, NewEvent, Subject};
use super::{invitation_mail, rules};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission, token};
use crate::state::AppState;

/// Send an open invitation again: a new link, valid for 7 more days. The previous link stops
/// working.
#[utoipa::path(
    tag = "team",
    operation_id = "resend_invitation",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 200, description = "Sent again, with its new expiry", body = Invitation),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `Invitation:Instance:Resend`, held by admins and owners (`forbidden`), or it invites an owner and the caller isn't one (`owner_required`)", body = ErrorBody),
        (status = 404, description = "No open invitation with this id in the caller's organization", body = ErrorBody),
    )
)]
#[post("/invitations/{id}/resend")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn resend_invitation(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Invitation>> {
    auth.require(Permission::InvitationInstanceResend)?;
    let id = id.into_inner();
    let mut conn = state.conn().await?;
    let invited = conn
        .transaction::<_, TeamError, _>(async |conn| resend(conn, &state, &auth, id).await)
        .await?;
    tracing::info!(invitation_id = %id, send_count = invited.row.send_count, "invitation resent");
    Ok(web::Json(invited.to_dto(Utc::now())?))
}

/// Draws a new secret and week for the invitation, emails the new link and records it. Run
/// in a transaction.
async fn resend(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    auth: &Authenticated,
    id: Uuid,
) -> Result<Invited, TeamError> {
    let org = &auth.organization;
    let found = invitations::find_open(conn, org.id, id).await?;
    let Invited { row, inviter } = found.ok_or(TeamError::InvitationNotFound)?;
    // Sending it again grants its role again.
    rules::may_invite(auth.role, row.role()?)?;
    let link = token::link_token(id).map_err(TeamError::Randomness)?;
    let row = invitations::reissue(conn, org.id, id, &link.secret_hash)
        .await?
        .ok_or(TeamError::InvitationNotFound)?;
    invitation_mail::send(conn, state, &row, &link.token, &org.name, &auth.member.name).await?;
    trail::record(
        conn,
        NewEvent {
            organization_id: org.id,
            actor: (&auth.member).into(),
            action: MembershipAction::InvitationResent,
            subject: Subject { name: None, email: &row.email },
            role_before: None,
            role_after: Some(row.role()?),
        },
    )
    .await?;
    Ok(Invited { row, inviter })
}
