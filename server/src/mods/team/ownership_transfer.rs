use actix_web::{post, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{ErrorBody, Member, MembershipAction, Role, TransferOwnershipRequest};
use uuid::Uuid;

use super::error::TeamError;
use super::lock::lock_team;
use super::queries::{self, MemberRow};
use super::trail::{self, NewEvent};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Hand the organization to another member: they become an owner, the caller an admin.
#[utoipa::path(
    tag = "team",
    operation_id = "transfer_ownership",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = TransferOwnershipRequest,
    responses(
        (status = 200, description = "The organization's members, by name, with their new roles", body = Vec<Member>),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller lacks `Organization:Ownership:Transfer`, held by owners only (`forbidden`; `owner_required` if they stopped being one meanwhile)", body = ErrorBody),
        (status = 404, description = "No such member in the caller's organization", body = ErrorBody),
        (status = 422, description = "`member_id` is missing (`invalid_body`) or is the caller (`same_member`)", body = ErrorBody),
    )
)]
#[post("/organization/transfer-ownership")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn transfer_ownership(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<TransferOwnershipRequest>,
) -> ApiResult<web::Json<Vec<Member>>> {
    auth.require(Permission::OrganizationOwnershipTransfer)?;
    let to = body.into_inner().member_id;
    let mut conn = state.conn().await?;
    conn.transaction::<_, TeamError, _>(async |conn| transfer(conn, &auth, to).await).await?;
    tracing::info!(to_member_id = %to, "ownership transferred");
    let rows = queries::members(&mut conn, auth.organization_id()).await?;
    let members = rows.iter().map(MemberRow::to_dto).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(members))
}

/// Makes member `to` an owner and the caller an admin, with the team locked, and records
/// both. Run in a transaction.
async fn transfer(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
    to: Uuid,
) -> Result<(), TeamError> {
    let team = lock_team(conn, auth).await?;
    if team.caller_role != Role::Owner {
        return Err(TeamError::OwnerRequired { action: "transfer ownership" });
    }
    let (member, before) = team.member(conn, to).await?;
    if member.id == team.caller.id {
        return Err(TeamError::TransferToSelf);
    }
    let org = team.organization.id;
    let new_owner = queries::set_role(conn, org, member.id, Role::Owner).await?;
    let former = queries::set_role(conn, org, team.caller.id, Role::Admin).await?;
    for (subject, action, from, to) in [
        (&new_owner, MembershipAction::OwnershipTransferred, before, Role::Owner),
        (&former, MembershipAction::RoleChanged, Role::Owner, Role::Admin),
    ] {
        let event = NewEvent {
            organization_id: org,
            actor: (&team.caller).into(),
            action,
            subject: subject.into(),
            role_before: Some(from),
            role_after: Some(to),
        };
        trail::record(conn, event).await?;
    }
    Ok(())
}
