//! The organization's Twilio account (platform subaccount or its own), and the number
//! operations that talk to Twilio: search, buy, and import.

pub mod access_token;
pub mod account;
pub mod buy;
pub mod error;
pub mod search;
pub mod settings_delete;
pub mod settings_get;
pub mod settings_put;
pub mod stream;
pub mod sync;
pub mod twiml;
pub mod unsynced;
pub mod voice_app;
pub mod webhooks;

pub use error::TelephonyError;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(settings_get::get_twilio_settings)
        .service(settings_put::put_twilio_settings)
        .service(settings_delete::delete_twilio_settings)
        .service(search::search_available_numbers)
        .service(buy::buy_phone_number)
        .service(unsynced::get_unsynced_numbers)
        .service(sync::sync_numbers)
        .service(access_token::get_voice_access_token);
}
