//! Phone numbers registered in Loquent: naming, agent assignment, and pointing their Twilio
//! voice webhook at Loquent (with a rollback). Buying and importing live in `twilio`.

pub mod assign_agent;
pub mod get;
pub mod list;
pub mod queries;
pub mod unassign_agent;
pub mod update;
pub mod voice_url_restore;
pub mod voice_url_take_over;

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
