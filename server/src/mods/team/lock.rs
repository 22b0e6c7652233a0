//! Changes to roles and memberships run with the team locked: two owners demoting each other
//! at once must not leave the organization with none.

use diesel_async::AsyncPgConnection;
use loquent_shared::Role;

use super::error::TeamError;
use super::queries::{self, MemberRow};
use crate::mods::auth::Authenticated;
use crate::mods::organization::{self, OrganizationRow};

/// The team, locked until the transaction ends, and the caller as they are now (their role
/// may have changed since their request was authenticated).
pub struct LockedTeam {
    pub organization: OrganizationRow,
    pub caller: MemberRow,
    pub caller_role: Role,
}

/// Locks the caller's organization's row: every change to its members takes this lock first,
/// so they happen one after another. Call it inside a transaction.
pub async fn lock_team(
    conn: &mut AsyncPgConnection,
    auth: &Authenticated,
) -> Result<LockedTeam, TeamError> {
    let organization = organization::queries::find_for_update(conn, auth.organization_id()).await?;
    let caller = queries::find_for_person(conn, organization.id, auth.person_id())
        .await?
        .ok_or(TeamError::CallerRemoved)?;
    let caller_role = caller.role()?;
    Ok(LockedTeam { organization, caller, caller_role })
}

impl LockedTeam {
    /// The organization's member `id` (404 for another organization's).
    pub async fn member(
        &self,
        conn: &mut AsyncPgConnection,
        id: uuid::Uuid,
    ) -> Result<(MemberRow, Role), TeamError> {
        let member = match queries::find(conn, self.organization.id, id).await {
            Ok(member) => member,
            Err(diesel::result::Error::NotFound) => return Err(TeamError::MemberNotFound),
            Err(e) => return Err(e.into()),
        };
        let role = member.role()?;
        Ok((member, role))
    }
}
