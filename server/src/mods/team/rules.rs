//! The rules about who may change whose role, as plain functions of roles and counts: the
//! handlers read the facts with the team locked and ask these.

use loquent_shared::Role;

use super::error::TeamError;

/// Owners alone grant, change or take away the owner role: an admin can't make themselves or
/// anyone an owner, nor act on one.
pub fn may_set_role(actor: Role, from: Role, to: Role) -> Result<(), TeamError> {
    if (from == Role::Owner || to == Role::Owner) && actor != Role::Owner {
        return Err(TeamError::OwnerRequired { action: "grant or change the owner role" });
    }
    Ok(())
}

/// Owners alone remove an owner.
pub fn may_remove(actor: Role, target: Role) -> Result<(), TeamError> {
    if target == Role::Owner && actor != Role::Owner {
        return Err(TeamError::OwnerRequired { action: "remove an owner" });
    }
    Ok(())
}

/// Owners alone invite an owner (or send such an invitation again).
pub fn may_invite(actor: Role, role: Role) -> Result<(), TeamError> {
    if role == Role::Owner && actor != Role::Owner {
        return Err(TeamError::OwnerRequired { action: "invite an owner" });
    }
    Ok(())
}

/// What happens to a member whose owner role may be the organization's last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// They get another role.
    Demoted,
    /// Someone removes them.
    Removed,
    /// They leave.
    Leaves,
}

/// Refuses what would leave the organization without an owner: `role` is the member's role
/// now, `owners` how many owners the organization has (read with the team locked).
pub fn keeps_an_owner(role: Role, owners: i64, change: Departure) -> Result<(), TeamError> {
    if role == Role::Owner && owners <= 1 {
        let action = match change {
            Departure::Demoted => "be given another role",
            Departure::Removed => "be removed",
            Departure::Leaves => "leave",
        };
        return Err(TeamError::LastOwner { action });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owners_touch_the_owner_role() {
        assert!(may_set_role(Role::Admin, Role::Viewer, Role::Member).is_ok());
        assert!(may_set_role(Role::Admin, Role::Member, Role::Admin).is_ok());
        assert!(matches!(
            may_set_role(Role::Admin, Role::Member, Role::Owner),
            Err(TeamError::OwnerRequired { .. })
        ));
        assert!(matches!(
            may_set_role(Role::Admin, Role::Owner, Role::Admin),
            Err(TeamError::OwnerRequired { .. })
        ));
        assert!(may_set_role(Role::Owner, Role::Member, Role::Owner).is_ok());
        assert!(may_remove(Role::Admin, Role::Admin).is_ok());
        assert!(may_remove(Role::Admin, Role::Owner).is_err());
        assert!(may_remove(Role::Owner, Role::Owner).is_ok());
        assert!(may_invite(Role::Admin, Role::Admin).is_ok());
        assert!(may_invite(Role::Admin, Role::Owner).is_err());
        assert!(may_invite(Role::Owner, Role::Owner).is_ok());
    }

    #[test]
    fn the_last_owner_stays() {
        assert!(matches!(
            keeps_an_owner(Role::Owner, 1, Departure::Leaves),
            Err(TeamError::LastOwner { action: "leave" })
        ));
        assert!(keeps_an_owner(Role::Owner, 1, Departure::Demoted).is_err());
        assert!(keeps_an_owner(Role::Owner, 2, Departure::Removed).is_ok());
        assert!(keeps_an_owner(Role::Admin, 1, Departure::Leaves).is_ok());
    }
}
