//! `GET /twilio/stream/{phone_number_id}/{call_sid}`: Twilio Media Streams over WebSocket.
//!
//! The upgrade carries no parameters, so what it is for is in the path (Twilio keeps a stream
//! URL's path; it drops query strings). The phone number's id names the organization whose auth
//! token must have signed the upgrade, so a forged upgrade is refused before any WebSocket
//! exists. The call's SID makes that signature good for one call: a captured upgrade replayed
//! with another call's `start` is closed before anything is recorded or any agent answers.

pub mod bridge;
pub mod early;
pub mod playback;
pub mod protocol;
pub mod provider;
pub mod relay;
pub mod session;
pub mod tools;

use actix_web::{HttpRequest, HttpResponse, get, web};
use loquent_shared::ErrorBody;
use loquent_shared::twilio::is_sid;
use uuid::Uuid;

use super::error::TelephonyError;
use super::webhooks::verify;
use crate::error::{ApiError, ApiResult};
use crate::mods::phone::queries as phones;
use crate::state::AppState;

/// Twilio's media stream for a call: a WebSocket (Twilio Media Streams' messages) carrying the
/// caller's audio in and the agent's out. The upgrade is refused unless the number's
/// organization's auth token signed its URL.
#[utoipa::path(
    get,
    path = "/twilio/stream/{phone_number_id}/{call_sid}",
    tag = "twilio_webhooks",
    operation_id = "twilio_media_stream",
    security(("twilio_signature" = [])),
    params(
        ("phone_number_id" = Uuid, Path, description = "The number the call came in on (from the TwiML `<Stream>` URL)"),
        ("call_sid" = String, Path, pattern = r"^CA[0-9a-fA-F]{32}$", description = "The call the stream carries (from the TwiML `<Stream>` URL); the stream's `start` must name the same call"),
    ),
    responses(
        (status = 101, description = "Switching to the WebSocket of the call's media stream"),
        (status = 400, description = "The id is not a UUID (`invalid_path`), the call SID is malformed (`malformed_call_sid`), or the request is not a WebSocket upgrade (`not_a_websocket`)", body = ErrorBody),
        (status = 403, description = "The number's organization didn't sign the URL, or there is no such number (`invalid_signature`)", body = ErrorBody),
    )
)]
#[get("/stream/{phone_number_id}/{call_sid}")]
#[tracing::instrument(skip_all, fields(phone_number_id = %path.0))]
pub async fn media_stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, String)>,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    let (phone_number_id, call_sid) = path.into_inner();
    if !is_sid(&call_sid, "CA") {
        return Err(ApiError::bad_request(
            "malformed_call_sid",
            "call_sid: must be `CA` and 32 hexadecimal digits",
        )
        .on_field("call_sid"));
    }
    let mut conn = state.conn().await?;
    let Some(phone) = phones::find_for_stream(&mut conn, phone_number_id).await? else {
        return Err(TelephonyError::InvalidSignature.into());
    };
    drop(conn);
    let url = verify::request_ws_url(state.config.public_urls(), &req);
    let signer = verify::Signer::Organization(phone.organization_id);
    verify::verify(&verify::Stored(&state), signer, &url, &[], verify::signature_of(&req)).await?;
    let (response, ws, messages) = actix_ws::handle(&req, body).map_err(|e| {
        ApiError::bad_request("not_a_websocket", format!("expected a WebSocket upgrade: {e}"))
    })?;
    let state = state.into_inner();
    actix_web::rt::spawn(session::run(state, phone, call_sid, ws, messages));
    Ok(response)
}
