//! `POST /twilio/voice/outbound`: a member's browser placed a call with the Voice SDK, and
//! Twilio asks the organization's TwiML Application what it does. The answer records both
//! sides (two channels) and dials the number from one of the organization's own numbers;
//! anything else hears why not and is hung up on, with nothing dialled. Twilio asking again
//! about a call in progress gets the same answer (the call is recorded once); a replay for a
//! call that is over is hung up on.

use actix_web::{HttpResponse, post, web};
use loquent_shared::CallDirection;
use loquent_shared::ErrorBody;
use loquent_shared::validation::dialable_number;
use serde::Deserialize;
use uuid::Uuid;

use super::extractor::{TwilioWebhook, WebhookForm};
use super::verify::Signer;
use crate::error::ApiResult;
use crate::mods::call::{self, Seen, queries::NewCall};
use crate::mods::contact::queries as contacts;
use crate::mods::phone::queries as phones;
use crate::mods::team::queries as members;
use crate::mods::twilio::twiml::{Element, Response};
use crate::public_urls::PublicUrls;
use crate::state::AppState;

pub const NOT_DIALABLE: &str =
    "Sorry, that number can't be dialled. Check it and try again. Goodbye.";
pub const NOT_YOUR_NUMBER: &str =
    "Sorry, calls can only be placed from one of your organization's numbers. Goodbye.";
pub const NOT_A_MEMBER: &str = "Sorry, this call can't be placed. Goodbye.";

/// What Twilio sends for a Voice SDK call: its own fields, and the dial pad's parameters
/// (`To`, `CallerId`, `ContactId`) as it passed them to `device.connect`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct OutboundCall {
    #[schema(pattern = r"^AC[0-9a-fA-F]{32}$", example = "AC0123456789abcdef0123456789abcdef")]
    account_sid: String,
    #[schema(pattern = r"^CA[0-9a-fA-F]{32}$", example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    #[serde(default)]
    #[schema(value_type = String, pattern = r"^AP[0-9a-fA-F]{32}$", example = "AP0123456789abcdef0123456789abcdef")]
    application_sid: Option<String>,
    /// `client:user_{member_id}` for a browser call.
    #[serde(default)]
    #[schema(value_type = String)]
    from: Option<String>,
    #[serde(default)]
    to: String,
    #[serde(default)]
    #[schema(value_type = String)]
    caller_id: Option<String>,
    #[serde(default)]
    #[schema(value_type = String)]
    contact_id: Option<String>,
}

impl OutboundCall {
    /// The number to call from: `CallerId`, or `From` when it is a number.
    fn caller_id(&self) -> &str {
        self.caller_id.as_deref().or(self.from.as_deref()).unwrap_or_default()
    }

    /// The member placing the call, when `From` is a browser client's identity.
    fn member(&self) -> Option<Uuid> {
        let id = self.from.as_deref()?.strip_prefix("client:user_")?;
        Uuid::parse_str(id).ok()
    }
}

impl WebhookForm for OutboundCall {
    const NAME: &'static str = "outbound voice webhook";

    fn account_sid(&self) -> &str {
        &self.account_sid
    }

    fn call_sid(&self) -> Option<&str> {
        Some(&self.call_sid)
    }

    fn other_sids(&self) -> Vec<(&'static str, &str, &'static str)> {
        self.application_sid.iter().map(|sid| ("ApplicationSid", sid.as_str(), "AP")).collect()
    }

    /// The organizations using the account the TwiML Application is in (and any holding the
    /// caller ID): the first whose token verifies is the one.
    fn signer(&self) -> Signer<'_> {
        Signer::NumberOrAccount { number: self.caller_id(), account_sid: &self.account_sid }
    }
}

/// Twilio asks what to dial for a call placed from the browser dial pad (the TwiML Application's voice URL).
#[utoipa::path(
    post,
    path = "/twilio/voice/outbound",
    tag = "twilio_webhooks",
    operation_id = "twilio_outbound_call",
    security(("twilio_signature" = [])),
    request_body(content = OutboundCall, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: what Twilio does with the call", content_type = "text/xml", body = String),
        (status = 400, description = "The body is not this webhook's form, or a SID in it is malformed (`malformed_form`)", body = ErrorBody),
        (status = 403, description = "No organization's auth token signed the request (`invalid_signature`)", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB (`payload_too_large`), refused before it is read", body = ErrorBody),
    )
)]
#[post("/voice/outbound")]
#[tracing::instrument(skip_all)]
pub async fn outbound_call(
    state: web::Data<AppState>,
    call: TwilioWebhook<OutboundCall>,
) -> ApiResult<HttpResponse> {
    let org = call.organization_id;
    let mut conn = state.conn().await?;
    let seen = call::seen(&mut conn, org, &call.call_sid, CallDirection::Outbound).await?;
    let twiml = match call.member() {
        // A replay of a call that is over: hung up on, nothing dialled or written.
        _ if seen == Seen::Over => {
            tracing::warn!("outbound voice webhook for a call that is over (a replay); hung up");
            Response::new().hangup()
        }
        Some(member) if members::is_member(&mut conn, org, member).await? => {
            answer(&mut conn, state.config.public_urls(), org, &call).await?
        }
        _ => {
            tracing::warn!(from = ?call.from, "an outbound call not placed by a member");
            Response::new().say(NOT_A_MEMBER).hangup()
        }
    };
    Ok(HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(twiml.render()))
}

async fn answer(
    conn: &mut crate::db::Conn,
    urls: PublicUrls<'_>,
    org: Uuid,
    call: &OutboundCall,
) -> ApiResult<Response> {
    let Some(to) = dialable_number(&call.to) else {
        tracing::info!("an outbound call to a number that can't be dialled");
        return Ok(Response::new().say(NOT_DIALABLE).hangup());
    };
    let from = dialable_number(call.caller_id()).unwrap_or_default();
    let Some((_, phone_id, _)) =
        phones::holders_of(conn, &from).await?.into_iter().find(|(owner, _, _)| *owner == org)
    else {
        tracing::warn!("an outbound call from a number that isn't the organization's");
        return Ok(Response::new().say(NOT_YOUR_NUMBER).hangup());
    };
    // The dial pad's contact, when it is the organization's; otherwise the callee's number
    // finds (or makes) one, as for callers.
    let named = match call.contact_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) {
        Some(id) => contacts::find_row(conn, org, id).await.ok().map(|row| row.id),
        None => None,
    };
    let new = NewCall {
        organization_id: org,
        phone_number_id: phone_id,
        contact_id: named,
        call_sid: &call.call_sid,
        from_number: &from,
        to_number: &to,
    };
    let call_id = call::begin_outbound(conn, new).await?;
    tracing::info!(%call_id, %phone_id, "dialling from the browser");
    Ok(dial(urls, &from, &to))
}

/// Record both sides, each on its own channel (the transcript tells them apart), then dial;
/// `<Dial action>` reports how it ended. `answerOnBridge` keeps the browser's leg unanswered
/// until the callee answers: the dial pad hears the ringing and says "Ringing…" (the SDK's
/// `ringing` event), and the call's timer starts when someone picks up.
fn dial(urls: PublicUrls<'_>, caller_id: &str, to: &str) -> Response {
    Response::new()
        .verb(
            Element::new("Start").child(
                Element::new("Recording")
                    .attr("track", "both")
                    .attr("channels", "dual")
                    .attr("recordingStatusCallback", urls.recording_callback()),
            ),
        )
        .verb(
            Element::new("Dial")
                .attr("callerId", caller_id)
                .attr("action", urls.call_status_callback())
                .attr("answerOnBridge", "true")
                .child(Element::new("Number").text(to)),
        )
}
