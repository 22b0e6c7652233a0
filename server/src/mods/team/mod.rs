//! The people of an organization: memberships and their roles, invitations, and the trail of
//! who changed the team.

pub mod error;
pub mod members_list;
pub mod queries;

pub use error::TeamError;
pub use queries::{MemberRow, Membership};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(members_list::list_members);
}
