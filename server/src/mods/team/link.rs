//! An invitation link's token, checked: the invitation it opens, or why it opens none.

use chrono::Utc;
use diesel_async::AsyncPgConnection;

use super::error::{LinkProblem, TeamError};
use super::invitations::{self, Linked};
use crate::mods::auth::token;

/// The open, unexpired invitation `token` belongs to. The secret is compared (in constant
/// time) before anything about the invitation is told, so a guessed id learns nothing.
pub async fn open(conn: &mut AsyncPgConnection, token: &str) -> Result<Linked, TeamError> {
    let (id, secret) = token::parse_link_token(token).ok_or(LinkProblem::NotFound)?;
    let linked = invitations::find_linked(conn, id).await?.ok_or(LinkProblem::NotFound)?;
    if !token::secret_matches(secret, &linked.invited.row.secret_hash) {
        return Err(LinkProblem::NotFound.into());
    }
    usable(&linked)?;
    Ok(linked)
}

/// Why the (authentic) invitation can't be used now, if it can't.
pub fn usable(linked: &Linked) -> Result<(), LinkProblem> {
    let row = &linked.invited.row;
    // Whom to ask for a new link: the inviter while they are a member.
    let ask = || match &linked.invited.inviter {
        Some(name) => name.clone(),
        None => format!("an admin of {}", linked.organization_name),
    };
    if row.accepted_at.is_some() {
        return Err(LinkProblem::Used { organization: linked.organization_name.clone() });
    }
    if row.revoked_at.is_some() {
        return Err(LinkProblem::Revoked { ask: ask() });
    }
    if row.is_expired(Utc::now()) {
        return Err(LinkProblem::Expired { expired_at: row.expires_at, ask: ask() });
    }
    Ok(())
}
