//! The dashboard (`GET /api/dashboard`): what an organization's calls and to-dos add up to over
//! a range, on its own calendar. It owns no table and writes nothing: the figures come from the
//! tables' owners, `call` ([`crate::mods::call::totals`], [`crate::mods::call::calendar`]) and
//! `todo` ([`crate::mods::todo::queries::counts_created_between`]), each computed in PostgreSQL.

pub mod compose;
pub mod error;
pub mod get;

pub use error::DashboardError;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get::get_dashboard);
}
