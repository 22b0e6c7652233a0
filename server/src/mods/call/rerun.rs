use actix_web::{HttpResponse, post, web};
use loquent_shared::{ErrorBody, RerunAccepted};
use uuid::Uuid;

use super::{analyze, queries};
use crate::error::{ApiError, ApiResult};
use crate::mods::analyzer;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Run the number's active analyzers on the call again. New runs are appended; earlier ones
/// stay. The work is queued: poll the call for the new runs.
#[utoipa::path(
    tag = "call",
    operation_id = "rerun_call_analysis",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    responses(
        (status = 202, description = "Queued; how many analyzers will run", body = RerunAccepted),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not rerun analysis", body = ErrorBody),
        (status = 404, description = "No such call in the caller's organization", body = ErrorBody),
        (status = 409, description = "The call has no transcription yet (`no_transcription`)", body = ErrorBody),
    )
)]
#[post("/calls/{id}/rerun")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn rerun_call_analysis(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::CallInstanceRerun)?;
    let mut conn = state.conn().await?;
    let call = queries::find(&mut conn, auth.organization_id(), id.into_inner()).await?;
    if call.transcription.is_none() {
        return Err(ApiError::conflict(
            "no_transcription",
            "this call has no transcription to analyze yet",
        ));
    }
    let analyzers = analyzer::active_for_number(&mut conn, call.phone_number_id).await?;
    let run_key = format!("rerun:{}", Uuid::new_v4());
    analyze::enqueue(&mut conn, call.id, &run_key).await?;
    let count = u32::try_from(analyzers.len()).unwrap_or(u32::MAX);
    Ok(HttpResponse::Accepted().json(RerunAccepted { analyzers: count }))
}
