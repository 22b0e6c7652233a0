//! What Twilio calls: `/twilio/*`. Every request must carry a valid `X-Twilio-Signature` made
//! with the auth token of the account the call belongs to.

pub mod recording;
pub mod verify;
pub mod voice;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(recording::recording_status)
        .service(voice::incoming_call)
        .service(crate::mods::twilio::stream::media_stream);
}
