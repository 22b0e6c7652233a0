//! AI agents: the realtime voice model, its instructions and tools, assigned to numbers.

pub mod business_context;
pub mod create;
pub mod delete;
pub mod error;
pub mod for_call;
pub mod get;
pub mod list;
pub mod queries;
pub mod update;

pub use error::AgentError;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_agents)
        .service(create::create_agent)
        .service(get::get_agent)
        .service(update::update_agent)
        .service(delete::delete_agent);
}
