use actix_web::{HttpResponse, delete, web};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{ErrorBody, MembershipAction};
use uuid::Uuid;

use super::error::TeamError;
use super::lock::lock_team;
use super::queries;
use super::rules::{self, Departure};
use super::trail::{self, NewEvent};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Credential, Permission, session};
use crate::state::AppState;

/// Remove a member from the organization, or leave it (your own id).
///
/// Their sessions in the organization end and the API keys they made stop working at once.
/// Removing someone else needs an admin, and an owner to remove an owner; anyone may leave
/// (signed in, not with an API key) except the organization's last owner.
#[utoipa::path(
    tag = "team",
    operation_id = "delete_member",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Member id; the caller's own to leave")),
    responses(
        (status = 204, description = "Removed; or left: the session moves to the person's most recent other organization, or, without one, ends and its cookie is cleared"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "Removing someone else needs `Member:Instance:Delete`, held by admins and owners (`forbidden`), the member is an owner and the caller isn't (`owner_required`), or an API key tried to leave (`session_required`)", body = ErrorBody),
        (status = 404, description = "No such member in the caller's organization", body = ErrorBody),
        (status = 409, description = "The member is the organization's last owner (`last_owner`)", body = ErrorBody),
    )
)]
#[delete("/members/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_member(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let leaving = id == auth.member.id;
    if leaving {
        if let Credential::ApiKey { .. } = auth.credential {
            return Err(TeamError::LeaveNeedsSession.into());
        }
    } else {
        auth.require(Permission::MemberInstanceDelete)?;
    }
    let mut conn = state.conn().await?;
    let moved = conn
        .transaction::<_, TeamError, _>(async |conn| {
            // Someone leaving one of their organizations stays signed in to another: the
            // session moves before the membership it worked in (and with it the session) goes.
            let moved = if leaving { move_session_elsewhere(conn, &auth).await? } else { false };
            remove(conn, &auth, id).await?;
            Ok(moved)
        })
        .await?;
    tracing::info!(member_id = %id, leaving, "member removed");
    let mut response = HttpResponse::NoContent();
    if leaving && !moved {
        // Their session went with the membership; the browser may forget its cookie too.
        response.cookie(session::removal_cookie(&state.config));
    }
    Ok(response.finish())
}

/// Moves the caller's session to their most recent other organization; false when they have
/// none (leaving then signs them out).
async fn move_session_elsewhere(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
) -> Result<bool, TeamError> {
    let Credential::Session { session_id } = auth.credential else { return Ok(false) };
    let elsewhere =
        queries::most_recent_elsewhere(conn, auth.person_id(), auth.organization_id()).await?;
    Ok(match elsewhere {
        Some(member_id) => {
            session::switch_membership(conn, session_id, auth.person_id(), member_id).await?
        }
        None => false,
    })
}

/// Deletes member `id` with the team locked, and records who removed them (or that they
/// left). Run in a transaction.
async fn remove(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
    id: Uuid,
) -> Result<(), TeamError> {
    let team = lock_team(conn, auth).await?;
    let (member, role) = team.member(conn, id).await?;
    let leaving = member.id == team.caller.id;
    if !leaving {
        rules::may_remove(team.caller_role, role)?;
    }
    let owners = queries::owner_count(conn, team.organization.id).await?;
    let departure = if leaving { Departure::Leaves } else { Departure::Removed };
    rules::keeps_an_owner(role, owners, departure)?;
    // The event first: it names the member, whose row (and so the event's link to it) goes next.
    trail::record(
        conn,
        NewEvent {
            organization_id: team.organization.id,
            actor: (&team.caller).into(),
            action: if leaving { MembershipAction::Left } else { MembershipAction::Removed },
            subject: (&member).into(),
            role_before: Some(role),
            role_after: None,
        },
    )
    .await?;
    queries::delete(conn, team.organization.id, id).await?;
    Ok(())
}
