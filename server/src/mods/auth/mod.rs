//! Sign-up, sign-in, sessions, API-key authentication and permissions.
//!
//! Handlers get the caller through the [`Authenticated`] extractor (401 without valid
//! credentials) and check a [`Permission`] with one call (403 without it).

pub mod client_ip;
pub mod csrf;
pub mod error;
pub mod extractor;
pub mod login;
pub mod logout;
pub mod me;
pub mod password;
pub mod permission;
pub mod rate_limit;
pub mod session;
pub mod signup;
pub mod switch;
pub mod token;

pub use extractor::{Authenticated, Credential};
pub use permission::Permission;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(signup::sign_up)
        .service(login::log_in)
        .service(logout::log_out)
        .service(me::get_me)
        .service(switch::switch_organization);
}
