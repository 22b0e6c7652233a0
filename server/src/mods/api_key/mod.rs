//! Organization API keys: bearer tokens third-party integrations use instead of a session.

pub mod create;
pub mod delete;
pub mod error;
pub mod list;
pub mod queries;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_api_keys)
        .service(create::create_api_key)
        .service(delete::delete_api_key);
}
