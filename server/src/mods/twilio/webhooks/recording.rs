//! `POST /twilio/recording`: Twilio's recording status callback. Verifies, enqueues durable
//! work, and answers at once; the download and transcription happen in the job.

use actix_web::{HttpRequest, HttpResponse, post, web};
use loquent_shared::twilio::is_sid;
use serde::Deserialize;

use super::verify;
use crate::error::{ApiError, ApiResult};
use crate::jobs::{Job, queue};
use crate::mods::call::pipeline::ProcessRecording;
use crate::mods::call::queries as calls;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RecordingCallback {
    account_sid: String,
    call_sid: String,
    recording_sid: String,
    recording_status: String,
    #[serde(default)]
    recording_duration: Option<String>,
}

#[post("/recording")]
#[tracing::instrument(skip_all, fields(call_sid))]
pub async fn recording_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|e| {
        ApiError::bad_request("malformed_form", format!("the body is not a form: {e}"))
    })?;
    let form: RecordingCallback = serde_urlencoded::from_bytes(&body)
        .map_err(|e| ApiError::bad_request("malformed_form", format!("recording callback: {e}")))?;
    for (field, value, prefix) in [
        ("AccountSid", &form.account_sid, "AC"),
        ("CallSid", &form.call_sid, "CA"),
        ("RecordingSid", &form.recording_sid, "RE"),
    ] {
        if !is_sid(value, prefix) {
            return Err(ApiError::bad_request(
                "malformed_form",
                format!("{field}: not a {prefix}… SID"),
            ));
        }
    }
    tracing::Span::current().record("call_sid", form.call_sid.as_str());

    let mut conn = state.conn().await?;
    // The call row (made when the stream started) names the organization whose token signs.
    let Some(call) = calls::find_by_sid(&mut conn, &form.call_sid).await? else {
        tracing::warn!("recording callback for a call Loquent doesn't know; refused");
        return Err(verify::forbidden());
    };
    drop(conn);
    verify::verify(&state, &req, call.organization_id, &params).await?;

    if form.recording_status != "completed" {
        tracing::info!(status = %form.recording_status, "recording not completed; nothing to do");
        return Ok(HttpResponse::NoContent().finish());
    }
    let mut conn = state.conn().await?;
    let work = Job::ProcessRecording(ProcessRecording {
        call_id: call.id,
        recording_sid: form.recording_sid.clone(),
    });
    let created = queue::enqueue(
        &mut conn,
        &work,
        // One job per recording of a call: a retried callback enqueues nothing new.
        Some(format!("process_recording:{}:{}", call.id, form.recording_sid)),
    )
    .await?;
    tracing::info!(recording_sid = %form.recording_sid, duration = ?form.recording_duration, created,
        "recording callback accepted");
    Ok(HttpResponse::NoContent().finish())
}
