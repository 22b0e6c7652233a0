//! `POST /twilio/call-status`: how a call dialled from the browser ended (`<Dial action>`).
//! The call takes Twilio's outcome and the dialled leg's length, once; Twilio gets an empty
//! `<Response/>` at once, which ends the browser's leg. The recording callback comes on its own
//! and runs the usual pipeline.

use actix_web::{HttpResponse, post, web};
use loquent_shared::CallStatus;
use loquent_shared::ErrorBody;
use loquent_shared::twilio::parse_seconds;
use serde::Deserialize;

use super::extractor::{TwilioWebhook, WebhookForm};
use super::verify::Signer;
use crate::error::{ApiError, ApiResult};
use crate::mods::call::{self, queries as calls};
use crate::mods::twilio::twiml::Response;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DialStatus {
    #[schema(pattern = r"^AC[0-9a-fA-F]{32}$", example = "AC0123456789abcdef0123456789abcdef")]
    account_sid: String,
    #[schema(pattern = r"^CA[0-9a-fA-F]{32}$", example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    /// The browser leg's status.
    #[serde(default)]
    #[schema(value_type = String)]
    call_status: Option<String>,
    /// The dialled leg's outcome, which is the call's: `completed`, `busy`, `no-answer`,
    /// `failed`, `canceled`.
    #[serde(default)]
    #[schema(value_type = String)]
    dial_call_status: Option<String>,
    /// Seconds the dialled leg lasted; empty or absent when it never connected.
    #[serde(default)]
    #[schema(value_type = String, pattern = r"^([0-9]{1,9})?$")]
    dial_call_duration: Option<String>,
}

impl WebhookForm for DialStatus {
    const NAME: &'static str = "call status callback";

    fn account_sid(&self) -> &str {
        &self.account_sid
    }

    fn call_sid(&self) -> Option<&str> {
        Some(&self.call_sid)
    }

    /// The call row (made when Twilio asked what to dial) names the organization.
    fn signer(&self) -> Signer<'_> {
        Signer::CallOwner { call_sid: &self.call_sid }
    }
}

/// Twilio's terminal statuses; anything else (a call still going) is not an end.
fn terminal(status: &str) -> Option<CallStatus> {
    CallStatus::parse(status).filter(|s| {
        matches!(
            s,
            CallStatus::Completed
                | CallStatus::Busy
                | CallStatus::NoAnswer
                | CallStatus::Failed
                | CallStatus::Canceled
        )
    })
}

/// Twilio's status callback for a call placed from the dial pad: its outcome and duration.
#[utoipa::path(
    post,
    path = "/twilio/call-status",
    tag = "twilio_webhooks",
    operation_id = "twilio_call_status",
    security(("twilio_signature" = [])),
    request_body(content = DialStatus, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: what Twilio does with the call", content_type = "text/xml", body = String),
        (status = 400, description = "The body is not this webhook's form, or a SID in it is malformed (`malformed_form`)", body = ErrorBody),
        (status = 403, description = "No organization's auth token signed the request (`invalid_signature`)", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB (`payload_too_large`), refused before it is read", body = ErrorBody),
    )
)]
#[post("/call-status")]
#[tracing::instrument(skip_all)]
pub async fn call_status(
    state: web::Data<AppState>,
    form: TwilioWebhook<DialStatus>,
) -> ApiResult<HttpResponse> {
    let outcome = form.dial_call_status.as_deref().or(form.call_status.as_deref()).unwrap_or("");
    let duration =
        parse_seconds(form.dial_call_duration.as_deref().unwrap_or("")).ok_or_else(|| {
            ApiError::bad_request("malformed_form", "DialCallDuration: not a number of seconds")
        })?;
    let mut conn = state.conn().await?;
    let found = calls::find_by_sid(&mut conn, &form.call_sid)
        .await?
        .filter(|c| c.organization_id == form.organization_id)
        .ok_or(ApiError::InvalidSignature)?;
    match terminal(outcome) {
        Some(status) => {
            call::finish_dialed(&mut conn, found.id, status, duration).await?;
            tracing::info!(status = status.as_str(), duration, "dialled call ended");
        }
        None => tracing::info!(outcome, "call status that isn't an end; nothing to record"),
    }
    let twiml = Response::new();
    Ok(HttpResponse::Ok().content_type("text/xml; charset=utf-8").body(twiml.render()))
}
