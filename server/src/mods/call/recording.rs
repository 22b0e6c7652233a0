use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::queries;
use super::recording_format::RecordingFormat;
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// The call's recording. Honours `Range` (one range), so players can seek.
///
/// MP3 as Twilio recorded it, or WAV for the demo workspace's synthesized recordings: the
/// `Content-Type` says which. A call recorded with one channel per party (placed from the
/// browser) is stereo: the member on the left, the other party on the right.
#[utoipa::path(
    tag = "call",
    operation_id = "get_call_recording",
    security(("session_cookie" = []), ("api_key" = [])),
    params(
        ("id" = Uuid, Path, description = "Call id"),
        ("Range" = Option<String>, Header, description = "`bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX`"),
    ),
    responses(
        (status = 200, description = "The whole recording", content(("audio/mpeg"), ("audio/wav"))),
        (status = 206, description = "The requested part", content(("audio/mpeg"), ("audio/wav"))),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read calls", body = ErrorBody),
        (status = 404, description = "No such call, or it has no recording", body = ErrorBody),
        (status = 416, description = "The range is outside the recording", body = ErrorBody),
    )
)]
#[get("/calls/{id}/recording")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_call_recording(
    req: HttpRequest,
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::CallInstanceRead)?;
    let mut conn = state.conn().await?;
    let call = queries::find(&mut conn, auth.organization_id(), id.into_inner()).await?;
    drop(conn);
    let no_recording = ApiError::NotFound { resource: "recording" };
    let key = call.recording_key.ok_or(no_recording)?;
    let size = state.store.size(&key).await?.ok_or(ApiError::NotFound { resource: "recording" })?;
    let content_type = RecordingFormat::of_key(&key).content_type();
    let range = req.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
    let Some(range) = range else {
        let body = state.store.get(&key).await?;
        return Ok(audio(HttpResponse::Ok(), content_type).body(body));
    };
    let Some((start, end)) = parse_range(range, size) else {
        return Err(ApiError::RangeNotSatisfiable {
            message: format!("Range {range:?} is outside the recording's {size} bytes"),
        });
    };
    let body = state.store.get_range(&key, start..end + 1).await?;
    Ok(audio(HttpResponse::PartialContent(), content_type)
        .insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")))
        .body(body))
}

fn audio(
    mut builder: actix_web::HttpResponseBuilder,
    content_type: &'static str,
) -> actix_web::HttpResponseBuilder {
    builder
        .content_type(content_type)
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        // Recordings don't change once stored; the browser may keep them for the session.
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"));
    builder
}

/// One `bytes=` range as inclusive (start, end), clamped to the object; `None` if unsatisfiable
/// or malformed. (Multiple ranges are not supported; players ask for one.)
fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || size == 0 {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = match (start.trim(), end.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            if n == 0 {
                return None;
            }
            (size.saturating_sub(n), size - 1)
        }
        (start, "") => (start.parse().ok()?, size - 1),
        (start, end) => (start.parse().ok()?, end.parse::<u64>().ok()?.min(size - 1)),
    };
    (start <= end && start < size).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(parse_range("bytes=500-", 1000), Some((500, 999)));
        assert_eq!(parse_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=900-5000", 1000), Some((900, 999)));
        assert_eq!(parse_range("bytes=1000-", 1000), None);
        assert_eq!(parse_range("bytes=5-2", 1000), None);
        assert_eq!(parse_range("bytes=0-1,5-9", 1000), None);
        assert_eq!(parse_range("items=0-1", 1000), None);
        assert_eq!(parse_range("bytes=-0", 1000), None);
    }
}
