//! Analyzers: prompts run over the transcripts of calls to the numbers they're assigned to.

pub mod create;
pub mod delete;
pub mod error;
pub mod get;
pub mod list;
pub mod queries;
pub mod update;

pub use error::AnalyzerError;
pub use queries::{AnalyzerRow, active_for_number, assign_defaults, names_by_name};

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_analyzers)
        .service(create::create_analyzer)
        .service(get::get_analyzer)
        .service(update::update_analyzer)
        .service(delete::delete_analyzer);
}
