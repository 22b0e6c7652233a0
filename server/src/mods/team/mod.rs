//! The people of an organization: memberships and their roles, invitations, and the trail of
//! who changed the team.
//!
//! Every change to roles and memberships takes the team's lock first ([`lock`]) and asks
//! [`rules`] whether it may happen; every change is recorded in the [`trail`] in the same
//! transaction. Invitations are emailed links (`<id>.<secret>`, the secret stored hashed)
//! that [`link`] checks; accepting one signs the person in to the organization.

pub mod error;
pub mod events_list;
pub mod invitation_accept;
pub mod invitation_create;
pub mod invitation_mail;
pub mod invitation_preview;
pub mod invitation_resend;
pub mod invitation_revoke;
pub mod invitations;
pub mod invitations_list;
pub mod joiner;
pub mod link;
pub mod link_limit;
pub mod lock;
pub mod member_remove;
pub mod member_update;
pub mod members_list;
pub mod ownership_transfer;
pub mod queries;
pub mod rules;
pub mod trail;

pub use error::TeamError;
pub use queries::{MemberRow, Membership};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(members_list::list_members)
        .service(member_update::update_member)
        .service(member_remove::delete_member)
        .service(ownership_transfer::transfer_ownership)
        .service(invitations_list::list_invitations)
        .service(invitation_create::create_invitation)
        .service(invitation_resend::resend_invitation)
        .service(invitation_revoke::delete_invitation)
        .service(invitation_preview::preview_invitation)
        .service(invitation_accept::accept_invitation)
        .service(events_list::list_membership_events);
}
