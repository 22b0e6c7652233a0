use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use loquent_shared::{AcceptInvitationRequest, ErrorBody, Me, MembershipAction};
use uuid::Uuid;

use super::error::{LinkProblem, TeamError};
use super::invitations::{self, Linked};
use super::joiner::{self, Joiner};
use super::queries::{self, MemberRow, NewMember};
use super::trail::{self, NewEvent};
use super::{link, link_limit};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::account::queries::{self as people, NewPerson};
use crate::mods::auth::login::start_session;
use crate::mods::auth::me::{self, Memberships};
use crate::mods::auth::session;
use crate::mods::organization;
use crate::state::AppState;

/// Accept an invitation and join its organization, signed in there.
///
/// A new person gives a name and a password. Someone with a Loquent login gives its password,
/// unless this browser is signed in to it already. Either way the login is the invited
/// email's. Each link works once. Attempts are limited per client address.
#[utoipa::path(
    tag = "team",
    operation_id = "accept_invitation",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Joined with an existing login; signed in to the organization (a new session cookie, unless the browser's session moved)", body = Me),
        (status = 201, description = "Login created and joined; session cookie set", body = Me),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "The password isn't the invited email's login's (`invalid_credentials`)", body = ErrorBody),
        (status = 404, description = "The link isn't valid: malformed, unknown, or replaced by a newer one (`invitation_not_found`)", body = ErrorBody),
        (status = 409, description = "The invited email is a member already (`already_member`), or got a login meanwhile (`email_taken`)", body = ErrorBody),
        (status = 410, description = "The invitation expired (`invitation_expired`), was used (`invitation_used`) or was withdrawn (`invitation_revoked`); the message says what to do", body = ErrorBody),
        (status = 422, description = "A field is missing or invalid; the message names it (`name` and `password` for a new person, `password` for a login)", body = ErrorBody),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may succeed"))),
    )
)]
#[post("/auth/invitation/accept")]
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<AcceptInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.conn().await?;
    link_limit::hit(&mut conn, &req, &state).await?;
    let linked = link::open(&mut conn, &body.token).await?;
    // Passwords are hashed and checked here, before the transaction, which stays short.
    let joiner = joiner::identify(&mut conn, &req, &state, &linked, &body).await?;
    let (status, session_id) = match &joiner {
        Joiner::New { .. } => (StatusCode::CREATED, None),
        Joiner::Proven(_) => (StatusCode::OK, None),
        Joiner::SignedIn { session_id, .. } => (StatusCode::OK, Some(*session_id)),
    };
    let member = conn
        .transaction::<_, TeamError, _>(async |conn| join(conn, &linked, &joiner).await)
        .await?;
    tracing::info!(
        org_id = %member.organization_id,
        invitation_id = %linked.invited.row.id,
        "invitation accepted"
    );
    // Signing in follows joining, as it would on the sign-in page: the membership stands even
    // if this fails, and the person can sign in.
    match session_id {
        Some(session_id) => {
            let me = move_session(&mut conn, session_id, &member).await?;
            Ok(HttpResponse::build(status).json(me))
        }
        None => {
            let (token, me) = start_session(
                &req,
                &state,
                &mut conn,
                member.person_id,
                Some(member.organization_id),
            )
            .await?;
            session::signed_in_response(status, token, &me, &state.config)
        }
    }
}

/// Uses the invitation up (once, however many accept it at the same moment) and adds the
/// person (and their login, if new) to the organization. Run in a transaction.
async fn join(
    conn: &mut AsyncPgConnection,
    linked: &Linked,
    joiner: &Joiner,
) -> Result<MemberRow, TeamError> {
    let invitation = &linked.invited.row;
    if !invitations::claim(conn, invitation.id, &invitation.secret_hash).await? {
        return Err(why_not_claimed(conn, invitation.id).await?.into());
    }
    let email = &invitation.email;
    let person_id = match joiner {
        Joiner::New { name, password_hash } => {
            let new = NewPerson { name, email, password_hash };
            let person = people::insert(conn, new).await.map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    TeamError::LoginCreatedMeanwhile
                }
                other => other.into(),
            })?;
            person.id
        }
        Joiner::Proven(person) | Joiner::SignedIn { person, .. } => person.id,
    };
    let organization_id = invitation.organization_id;
    let new = NewMember { organization_id, person_id, role: invitation.role()? };
    let member = queries::insert_member(conn, new).await.map_err(|e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            TeamError::AlreadyMember {
                email: email.clone(),
                organization: linked.organization_name.clone(),
            }
        }
        other => other.into(),
    })?;
    record_joined(conn, &member).await?;
    Ok(member)
}

/// Why an invitation that was open a moment ago couldn't be claimed: accepted by someone
/// else, revoked, expired, or sent again with a new link.
async fn why_not_claimed(conn: &mut AsyncPgConnection, id: Uuid) -> Result<LinkProblem, TeamError> {
    let now = invitations::find_linked(conn, id).await?;
    Ok(match now.as_ref().map(link::usable) {
        Some(Err(problem)) => problem,
        // Still open: its secret changed under us.
        Some(Ok(())) | None => LinkProblem::NotFound,
    })
}

async fn record_joined(conn: &mut AsyncPgConnection, member: &MemberRow) -> Result<(), TeamError> {
    let event = NewEvent {
        organization_id: member.organization_id,
        actor: member.into(),
        action: MembershipAction::Joined,
        subject: member.into(),
        role_before: None,
        role_after: Some(member.role()?),
    };
    trail::record(conn, event).await?;
    Ok(())
}

/// Moves the browser's session (already the joiner's) to the new membership.
async fn move_session(
    conn: &mut AsyncPgConnection,
    session_id: Uuid,
    member: &MemberRow,
) -> ApiResult<Me> {
    if !session::switch_membership(conn, session_id, member.person_id, member.id).await? {
        // Signed out between the check and now.
        return Err(ApiError::Unauthenticated);
    }
    let organization = organization::queries::find(conn, member.organization_id).await?;
    me::load(conn, member, &organization, Memberships::All).await
}
