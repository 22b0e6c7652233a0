//! What Twilio calls: `/twilio/*`. Every request must carry a valid `X-Twilio-Signature` made
//! with the auth token of the account the call belongs to: webhooks read their request through
//! [`TwilioWebhook`], the media stream's upgrade checks it with [`verify::verify`].

pub mod body;
pub mod call_status;
pub mod extractor;
pub mod outbound;
pub mod recording;
pub mod verify;
pub mod voice;

use actix_web::web;

pub use extractor::{TwilioWebhook, WebhookForm};

/// The webhooks' part of the API reference: every public entry point is in the spec, these
/// tagged `twilio_webhooks` (they are mounted outside `/api`, so listed here by hand).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    voice::incoming_call,
    outbound::outbound_call,
    recording::recording_status,
    call_status::call_status,
    crate::mods::twilio::stream::media_stream,
))]
pub struct WebhooksDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(recording::recording_status)
        .service(voice::incoming_call)
        .service(outbound::outbound_call)
        .service(call_status::call_status)
        .service(crate::mods::twilio::stream::media_stream);
}
