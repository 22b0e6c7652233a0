//! Organizations and their members: the tenancy every other module filters by.

pub mod demo;
pub mod error;
pub mod members;
pub mod queries;
pub mod update;

pub use error::OrganizationError;
pub use queries::{MemberRow, OrganizationRow};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(update::update_organization).service(members::list_members);
}
