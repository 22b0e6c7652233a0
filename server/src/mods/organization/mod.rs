//! Organizations: the tenancy every other module filters by, and each one's profile.

pub mod demo;
pub mod error;
pub mod for_call;
pub mod queries;
pub mod update;

pub use error::OrganizationError;
pub use queries::OrganizationRow;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(update::update_organization);
}
