use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::validation::normalize_email;
use loquent_shared::{CreateInvitationRequest, ErrorBody, Invitation, MembershipAction, Role};
use uuid::Uuid;

use super::error::TeamError;
use super::invitations::{self, Invited, NewInvitation};
use super::trail::{self, NewEvent, Subject};
use super::{invitation_mail, queries, rules};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission, token};
use crate::state::AppState;

/// Invite someone by email to join the organization with a role.
///
/// Emails them a link, valid for 7 days, that only this email address can accept.
#[utoipa::path(
    tag = "team",
    operation_id = "create_invitation",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, description = "Invited; the email is on its way", body = Invitation),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `Invitation:Collection:Create`, held by admins and owners (`forbidden`), or the role is `owner` and the caller isn't one (`owner_required`)", body = ErrorBody),
        (status = 409, description = "The email is a member already (`already_member`) or has an open invitation (`already_invited`; resend it instead)", body = ErrorBody),
        (status = 422, description = "A field is missing or invalid; the message names it", body = ErrorBody),
    )
)]
#[post("/invitations")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_invitation(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<CreateInvitationRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::InvitationCollectionCreate)?;
    body.validate()?;
    rules::may_invite(auth.role, body.role)?;
    let (email, role) = (normalize_email(&body.email), body.role);
    let mut conn = state.conn().await?;
    let invited = conn
        .transaction::<_, TeamError, _>(async |conn| {
            invite(conn, &state, &auth, &email, role).await
        })
        .await?;
    tracing::info!(invitation_id = %invited.row.id, "invitation sent");
    Ok(HttpResponse::Created().json(invited.to_dto(Utc::now())?))
}

/// Stores the invitation, queues its email and records it. Run in a transaction.
async fn invite(
    conn: &mut AsyncPgConnection,
    state: &AppState,
    auth: &Authenticated,
    email: &str,
    role: Role,
) -> Result<Invited, TeamError> {
    let org = &auth.organization;
    if queries::find_by_email(conn, org.id, email).await?.is_some() {
        return Err(TeamError::AlreadyMember {
            email: email.into(),
            organization: org.name.clone(),
        });
    }
    // Checked first for a clear answer; the unique index settles two invitations at once.
    let already = || TeamError::AlreadyInvited { email: email.into() };
    if invitations::has_open_for(conn, org.id, email).await? {
        return Err(already());
    }
    let id = Uuid::new_v4();
    let link = token::link_token(id).map_err(TeamError::Randomness)?;
    let new = NewInvitation {
        id,
        organization_id: org.id,
        email,
        role,
        secret_hash: &link.secret_hash,
        invited_by: auth.member.id,
    };
    let row = invitations::insert(conn, new).await.map_err(|e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => already(),
        other => other.into(),
    })?;
    invitation_mail::send(conn, state, &row, &link.token, &org.name, &auth.member.name).await?;
    trail::record(
        conn,
        NewEvent {
            organization_id: org.id,
            actor: (&auth.member).into(),
            action: MembershipAction::Invited,
            subject: Subject { name: None, email },
            role_before: None,
            role_after: Some(role),
        },
    )
    .await?;
    Ok(Invited { row, inviter: Some(auth.member.name.clone()) })
}
