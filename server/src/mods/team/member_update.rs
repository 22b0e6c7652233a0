use actix_web::{patch, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{ErrorBody, Member, MembershipAction, Role, UpdateMemberRequest};
use uuid::Uuid;

use super::error::TeamError;
use super::lock::lock_team;
use super::queries::{self, MemberRow};
use super::rules::{self, Departure};
use super::trail::{self, NewEvent};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Give a member another role.
///
/// Only an owner may grant the owner role or change an owner's; the organization's last owner
/// keeps it.
#[utoipa::path(
    tag = "team",
    operation_id = "update_member",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Member id")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member with their new role", body = Member),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role lacks `Member:Instance:Update`, held by admins and owners (`forbidden`), or the change grants or takes away `owner` and the caller isn't one (`owner_required`)", body = ErrorBody),
        (status = 404, description = "No such member in the caller's organization", body = ErrorBody),
        (status = 409, description = "The member is the organization's last owner (`last_owner`)", body = ErrorBody),
        (status = 422, description = "The role is missing or unknown (`invalid_body`)", body = ErrorBody),
    )
)]
#[patch("/members/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_member(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdateMemberRequest>,
) -> ApiResult<web::Json<Member>> {
    auth.require(Permission::MemberInstanceUpdate)?;
    let (id, role) = (id.into_inner(), body.into_inner().role);
    let mut conn = state.conn().await?;
    let member = conn
        .transaction::<_, TeamError, _>(async |conn| change_role(conn, &auth, id, role).await)
        .await?;
    tracing::info!(member_id = %member.id, role = %member.role, "member's role changed");
    Ok(web::Json(member.to_dto()?))
}

/// Gives member `id` the role `to`, with the team locked, and records it. Run in a
/// transaction.
async fn change_role(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
    id: Uuid,
    to: Role,
) -> Result<MemberRow, TeamError> {
    let team = lock_team(conn, auth).await?;
    let (member, from) = team.member(conn, id).await?;
    if from == to {
        return Ok(member);
    }
    rules::may_set_role(team.caller_role, from, to)?;
    let owners = queries::owner_count(conn, team.organization.id).await?;
    rules::keeps_an_owner(from, owners, Departure::Demoted)?;
    let changed = queries::set_role(conn, team.organization.id, id, to).await?;
    trail::record(
        conn,
        NewEvent {
            organization_id: team.organization.id,
            actor: (&team.caller).into(),
            action: MembershipAction::RoleChanged,
            subject: (&changed).into(),
            role_before: Some(from),
            role_after: Some(to),
        },
    )
    .await?;
    Ok(changed)
}
