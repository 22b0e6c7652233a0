//! Who is accepting an invitation, and their proof of it. An invitation is bound to the email
//! it was sent to: the person joining is always the one with that email, whoever is signed
//! in in the browser.

use actix_web::HttpRequest;
use diesel_async::AsyncPgConnection;
use loquent_shared::AcceptInvitationRequest;
use loquent_shared::validation::FieldError;
use uuid::Uuid;

use super::error::TeamError;
use super::invitations::Linked;
use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::mods::account::PersonRow;
use crate::mods::account::queries as people;
use crate::mods::auth::session::{self, SESSION_COOKIE};
use crate::mods::auth::{password, rate_limit};
use crate::state::AppState;

pub enum Joiner {
    /// The email has no login yet: the person chose a name and password (hashed here).
    New { name: String, password_hash: String },
    /// The email's login, proven by its password: they get a new session.
    Proven(PersonRow),
    /// The email's login is signed in in this browser already: that session moves to the
    /// new membership, no password asked.
    SignedIn { person: PersonRow, session_id: Uuid },
}

/// Who `body` says is joining, checked. Refuses someone who belongs to the organization
/// already.
pub async fn identify(
    conn: &mut AsyncPgConnection,
    req: &HttpRequest,
    state: &AppState,
    linked: &Linked,
    body: &AcceptInvitationRequest,
) -> ApiResult<Joiner> {
    let email = &linked.invited.row.email;
    let Some((person, stored_hash)) = people::find_credentials(conn, email).await? else {
        let (name, password) = body.validate_new_person()?;
        let password_hash = password::hash(password.to_owned()).await?;
        return Ok(Joiner::New { name: name.to_owned(), password_hash });
    };
    let organization_id = linked.invited.row.organization_id;
    if queries::find_for_person(conn, organization_id, person.id).await?.is_some() {
        return Err(TeamError::AlreadyMember {
            email: email.clone(),
            organization: linked.organization_name.clone(),
        }
        .into());
    }
    if let Some(session_id) = signed_in_session(conn, req, person.id).await? {
        return Ok(Joiner::SignedIn { person, session_id });
    }
    let Some(password) = body.password.as_deref().filter(|p| !p.is_empty()) else {
        return Err(FieldError::new(
            "password",
            "required",
            format!("enter the password of the Loquent login for {email}"),
        )
        .into());
    };
    // The same per-email limit as signing in: accepting must not be a way around it.
    let bucket = format!("login:email:{email}");
    let limit = state.config.login_limit;
    rate_limit::hit(conn, &bucket, limit.per_email, limit.window).await?;
    if !password::verify(password.to_owned(), Some(stored_hash)).await? {
        tracing::info!("invitation accept refused: wrong password");
        return Err(ApiError::InvalidCredentials);
    }
    rate_limit::reset(conn, &bucket).await?;
    Ok(Joiner::Proven(person))
}

/// The browser's live session, if it is `person_id`'s.
async fn signed_in_session(
    conn: &mut AsyncPgConnection,
    req: &HttpRequest,
    person_id: Uuid,
) -> ApiResult<Option<Uuid>> {
    let Some(cookie) = req.cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let live = session::find_live(conn, cookie.value()).await?;
    Ok(live.filter(|(_, member, _)| member.person_id == person_id).map(|(id, _, _)| id))
}
