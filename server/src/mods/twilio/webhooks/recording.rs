//! `POST /twilio/recording`: Twilio's recording status callback. Verifies, enqueues durable
//! work, and answers at once; the download and transcription happen in the job.

use actix_web::{HttpResponse, post, web};
use loquent_shared::ErrorBody;
use serde::Deserialize;

use super::extractor::{TwilioWebhook, WebhookForm};
use super::verify::Signer;
use crate::error::{ApiError, ApiResult};
use crate::jobs::{Job, queue};
use crate::mods::call::pipeline::ProcessRecording;
use crate::mods::call::queries as calls;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct RecordingCallback {
    #[schema(pattern = r"^AC[0-9a-fA-F]{32}$", example = "AC0123456789abcdef0123456789abcdef")]
    account_sid: String,
    #[schema(pattern = r"^CA[0-9a-fA-F]{32}$", example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    #[schema(pattern = r"^RE[0-9a-fA-F]{32}$", example = "RE0123456789abcdef0123456789abcdef")]
    recording_sid: String,
    recording_status: String,
    #[serde(default)]
    #[schema(value_type = String)]
    recording_duration: Option<String>,
    /// "2" when each party has its own channel (Twilio sends "1" or "2"); absent: one.
    #[serde(default)]
    recording_channels: RecordingChannels,
}

/// Twilio's `RecordingChannels`; anything but "1" or "2" is a malformed callback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
enum RecordingChannels {
    #[default]
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
}

impl RecordingChannels {
    fn count(self) -> u8 {
        match self {
            RecordingChannels::One => 1,
            RecordingChannels::Two => 2,
        }
    }
}

impl WebhookForm for RecordingCallback {
    const NAME: &'static str = "recording callback";

    fn account_sid(&self) -> &str {
        &self.account_sid
    }

    fn call_sid(&self) -> Option<&str> {
        Some(&self.call_sid)
    }

    fn other_sids(&self) -> Vec<(&'static str, &str, &'static str)> {
        vec![("RecordingSid", &self.recording_sid, "RE")]
    }

    /// The call row (made when the stream started) names the organization whose token signs.
    fn signer(&self) -> Signer<'_> {
        Signer::CallOwner { call_sid: &self.call_sid }
    }
}

/// Twilio's recording status callback: a completed recording queues the post-call pipeline (once, however often Twilio repeats it).
#[utoipa::path(
    post,
    path = "/twilio/recording",
    tag = "twilio_webhooks",
    operation_id = "twilio_recording_status",
    security(("twilio_signature" = [])),
    request_body(content = RecordingCallback, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 204, description = "Received"),
        (status = 400, description = "The body is not this webhook's form, or a SID in it is malformed (`malformed_form`)", body = ErrorBody),
        (status = 403, description = "No organization's auth token signed the request (`invalid_signature`)", body = ErrorBody),
        (status = 413, description = "The body is over 64 KiB (`payload_too_large`), refused before it is read", body = ErrorBody),
    )
)]
#[post("/recording")]
#[tracing::instrument(skip_all)]
pub async fn recording_status(
    state: web::Data<AppState>,
    form: TwilioWebhook<RecordingCallback>,
) -> ApiResult<HttpResponse> {
    if form.recording_status != "completed" {
        tracing::info!(status = %form.recording_status, "recording not completed; nothing to do");
        return Ok(HttpResponse::NoContent().finish());
    }
    let mut conn = state.conn().await?;
    // The call whose owner signed (the extractor found the organization through it).
    let call = calls::find_by_sid(&mut conn, &form.call_sid)
        .await?
        .filter(|call| call.organization_id == form.organization_id)
        .ok_or(ApiError::InvalidSignature)?;
    let work = Job::ProcessRecording(ProcessRecording {
        call_id: call.id,
        recording_sid: form.recording_sid.clone(),
        channels: form.recording_channels.count(),
    });
    let created = queue::enqueue(
        &mut conn,
        &work,
        // One job per recording of a call: a retried callback enqueues nothing new.
        Some(format!("process_recording:{}:{}", call.id, form.recording_sid)),
    )
    .await?;
    tracing::info!(recording_sid = %form.recording_sid, duration = ?form.recording_duration,
        channels = form.recording_channels.count(), created, "recording callback accepted");
    Ok(HttpResponse::NoContent().finish())
}
