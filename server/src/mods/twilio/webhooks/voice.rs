//! `POST /twilio/voice`: Twilio asks what to do with an incoming call. A number with an agent
//! gets TwiML that records the call and connects its audio to Loquent's media stream; anything
//! else hears a short message and is hung up on. Asked again about a call in progress (Twilio
//! retrying), it answers the same without opening anything new; asked about a call that is
//! over (a replay), it hangs up and starts nothing.

use actix_web::{HttpResponse, post, web};
use loquent_shared::CallDirection;
use loquent_shared::ErrorBody;
use serde::Deserialize;
use uuid::Uuid;

use super::extractor::{TwilioWebhook, WebhookForm};
use super::verify::Signer;
use crate::error::ApiResult;
use crate::mods::call::{self, Seen};
use crate::mods::phone::queries as phones;
use crate::mods::twilio::stream::early;
use crate::mods::twilio::twiml::{Element, Response};
use crate::public_urls::PublicUrls;
use crate::state::AppState;

pub const NOT_IN_SERVICE: &str = "Sorry, the number you have called is not in service. Goodbye.";
/// Played only if Loquent ends the stream itself without the call having ended or moved: the
/// speech provider failed. Twilio runs TwiML after `</Connect>` once the stream's socket closes.
pub const PROVIDER_FAILED: &str = "Sorry, we're having trouble connecting you right now. Please call again in a few minutes. Goodbye.";
pub const NO_AGENT: &str =
    "Sorry, no one is available to take your call right now. Please try again later. Goodbye.";

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct IncomingCall {
    #[schema(pattern = r"^AC[0-9a-fA-F]{32}$", example = "AC0123456789abcdef0123456789abcdef")]
    account_sid: String,
    #[schema(pattern = r"^CA[0-9a-fA-F]{32}$", example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    from: String,
    to: String,
}

impl WebhookForm for IncomingCall {
    const NAME: &'static str = "voice webhook";

    fn account_sid(&self) -> &str {
        &self.account_sid
    }

    fn call_sid(&self) -> Option<&str> {
        Some(&self.call_sid)
    }

    /// Whoever may have signed this: the organizations holding the dialled number, and those
    /// using the account the call belongs to. The first whose token verifies is the one.
    fn signer(&self) -> Signer<'_> {
        Signer::NumberOrAccount { number: &self.to, account_sid: &self.account_sid }
    }
}

/// Twilio asks what to do with an incoming call: a number with an agent is recorded and connected to the media stream; any other call hears why and is hung up on. Retries for a call in progress get the same answer; a replay of a call that is over is hung up on.
#[utoipa::path(
    post,
    path = "/twilio/voice",
    tag = "twilio_webhooks",
    operation_id = "twilio_incoming_call",
    security(("twilio_signature" = [])),
    request_body(content = IncomingCall, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: what Twilio does with the call", content_type = "text/xml", body = String),
        (status = 400, description = "The body is not this webhook's form, or a SID in it is malformed (`malformed_form`)", body = ErrorBody),
        (status = 403, description = "No organization's auth token signed the request (`invalid_signature`)", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB (`payload_too_large`), refused before it is read", body = ErrorBody),
    )
)]
#[post("/voice")]
#[tracing::instrument(skip_all)]
pub async fn incoming_call(
    state: web::Data<AppState>,
    call: TwilioWebhook<IncomingCall>,
) -> ApiResult<HttpResponse> {
    let org = call.organization_id;
    let mut conn = state.conn().await?;
    let seen = call::seen(&mut conn, org, &call.call_sid, CallDirection::Inbound).await?;
    let numbers = phones::holders_of(&mut conn, &call.to).await?;
    drop(conn);

    let twiml = match (seen, numbers.iter().find(|(o, _, _)| *o == org)) {
        // A replay of a call that is over: hung up on, and nothing opened or written.
        (Seen::Over, _) => {
            tracing::warn!("voice webhook for a call that is over (a replay); hung up");
            Response::new().hangup()
        }
        (_, None) => {
            tracing::info!(to = %call.to, "call to a number Loquent doesn't serve");
            Response::new().say(NOT_IN_SERVICE).hangup()
        }
        (_, Some((_, _, None))) => {
            tracing::info!(to = %call.to, "call to a number without an agent");
            Response::new().say(NO_AGENT).hangup()
        }
        // Twilio asking again about a call whose stream is already up: the same answer, but
        // no second provider session (the stream has its own).
        (Seen::InProgress(call_id), Some((_, phone_id, Some(_)))) => {
            tracing::info!(%call_id, "voice webhook again for a call in progress; same answer");
            connect(state.config.public_urls(), *phone_id, &call.call_sid, &call.from, &call.to)
        }
        (Seen::New, Some((_, phone_id, Some(agent_id)))) => {
            tracing::info!(%phone_id, %agent_id, "connecting the call to its agent");
            early::open(&state, &call.call_sid, *phone_id, org, *agent_id);
            connect(state.config.public_urls(), *phone_id, &call.call_sid, &call.from, &call.to)
        }
    };
    Ok(HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(twiml.render()))
}

/// Record the call (mono; the recording callback feeds the post-call pipeline), then stream its
/// audio both ways over Loquent's media stream. `from` and `to` travel as `<Parameter>`s
/// because Twilio drops query strings from stream URLs; the number's id is in the path, so the
/// stream's upgrade can be verified with the right organization's token, and so is the call's
/// SID, so that signature opens this call's stream and no other.
fn connect(urls: PublicUrls<'_>, phone_id: Uuid, call_sid: &str, from: &str, to: &str) -> Response {
    Response::new()
        .verb(
            Element::new("Start").child(
                Element::new("Recording")
                    .attr("channels", "mono")
                    .attr("recordingStatusCallback", urls.recording_callback())
                    .attr("recordingStatusCallbackMethod", "POST")
                    .attr("recordingStatusCallbackEvent", "completed"),
            ),
        )
        .verb(
            Element::new("Connect").child(
                Element::new("Stream")
                    .attr("url", urls.media_stream(phone_id, call_sid))
                    .child(Element::new("Parameter").attr("name", "from").attr("value", from))
                    .child(Element::new("Parameter").attr("name", "to").attr("value", to)),
            ),
        )
        .say(PROVIDER_FAILED)
        .hangup()
}
