//! Who may do what to whom on the Team page: the server's rules, mirrored so the page only
//! offers what will be allowed (the server decides either way).

use loquent_shared::{MembershipAction, MembershipEvent, Role};

/// Whether someone with role `me` may change or remove a member with role `them` (not
/// themselves): admins manage admins, members and viewers; only owners touch owners.
pub fn can_manage(me: Role, them: Role) -> bool {
    me >= Role::Admin && (them < Role::Owner || me == Role::Owner)
}

/// The roles `me` may give, highest first.
pub fn grantable(me: Role) -> Vec<Role> {
    let mut roles: Vec<Role> = Role::ALL.into_iter().rev().collect();
    roles.retain(|&r| r != Role::Owner || me == Role::Owner);
    roles
}

pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Owner => "Owner",
        Role::Admin => "Admin",
        Role::Member => "Member",
        Role::Viewer => "Viewer",
    }
}

/// What each role does, for the invitation dialog.
pub fn role_summary(role: Role) -> &'static str {
    match role {
        Role::Owner => "Everything, including the team and ownership.",
        Role::Admin => "Configures numbers, agents, integrations and the team.",
        Role::Member => "Works calls, contacts and to-dos.",
        Role::Viewer => "Reads everything, changes nothing.",
    }
}

/// One line of the trail: "Ada invited grace@example.com as admin".
pub fn describe(event: &MembershipEvent) -> String {
    let who = event.subject_name.clone().unwrap_or_else(|| event.subject_email.clone());
    let role = |r: Option<Role>| r.map(Role::as_str).unwrap_or_default();
    let actor = &event.actor_name;
    match event.action {
        MembershipAction::Invited => {
            format!("{actor} invited {} as {}", event.subject_email, role(event.role_after))
        }
        MembershipAction::InvitationResent => {
            format!("{actor} resent the invitation to {}", event.subject_email)
        }
        MembershipAction::InvitationRevoked => {
            format!("{actor} revoked the invitation to {}", event.subject_email)
        }
        MembershipAction::Joined => format!("{who} joined as {}", role(event.role_after)),
        MembershipAction::RoleChanged => format!(
            "{actor} changed {who} from {} to {}",
            role(event.role_before),
            role(event.role_after)
        ),
        MembershipAction::Removed => format!("{actor} removed {who}"),
        MembershipAction::Left => format!("{who} left the organization"),
        MembershipAction::OwnershipTransferred => {
            format!("{actor} transferred ownership to {who}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_manage_everyone_but_owners() {
        assert!(can_manage(Role::Admin, Role::Admin));
        assert!(can_manage(Role::Admin, Role::Viewer));
        assert!(!can_manage(Role::Admin, Role::Owner));
        assert!(can_manage(Role::Owner, Role::Owner));
        assert!(!can_manage(Role::Member, Role::Viewer));
        assert_eq!(grantable(Role::Admin), [Role::Admin, Role::Member, Role::Viewer]);
        assert_eq!(grantable(Role::Owner).first(), Some(&Role::Owner));
    }

    #[test]
    fn the_trail_reads_as_sentences() {
        let event = MembershipEvent {
            id: uuid::Uuid::nil(),
            at: chrono::DateTime::UNIX_EPOCH,
            actor_name: "Ada".into(),
            action: MembershipAction::RoleChanged,
            subject_name: Some("Grace".into()),
            subject_email: "grace@example.com".into(),
            role_before: Some(Role::Viewer),
            role_after: Some(Role::Admin),
        };
        assert_eq!(describe(&event), "Ada changed Grace from viewer to admin");
        let invited = MembershipEvent {
            action: MembershipAction::Invited,
            subject_name: None,
            role_before: None,
            ..event
        };
        assert_eq!(describe(&invited), "Ada invited grace@example.com as admin");
    }
}
