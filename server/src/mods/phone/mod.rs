//! Phone numbers registered in Loquent: naming, agent assignment, and pointing their Twilio
//! voice webhook at Loquent (with a rollback). The routes for buying and importing live in
//! `twilio`; both register the number here ([`register`]). Other modules read numbers through
//! this module's functions ([`count_by_agent`], [`owned_ids`]).

pub mod assign_agent;
pub mod error;
pub mod get;
pub mod list;
pub mod queries;
pub mod register;
mod twilio_number;
pub mod unassign_agent;
pub mod update;
pub mod voice_url_restore;
pub mod voice_url_take_over;

pub use error::PhoneError;
pub use queries::{count_by_agent, owned_ids};
pub use register::register;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_phones)
        .service(get::get_phone)
        .service(update::update_phone)
        .service(assign_agent::assign_agent)
        .service(unassign_agent::unassign_agent)
        .service(voice_url_take_over::take_over_voice_url)
        .service(voice_url_restore::restore_voice_url);
}
