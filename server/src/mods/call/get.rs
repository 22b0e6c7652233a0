use actix_web::{get, web};
use loquent_shared::{CallDetails, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// A call with its transcription (turn by turn when each party had its own channel) and every
/// analyzer's runs.
#[utoipa::path(
    tag = "call",
    operation_id = "get_call",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Call id")),
    responses(
        (status = 200, description = "The call", body = CallDetails),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read calls", body = ErrorBody),
        (status = 404, description = "No such call in the caller's organization", body = ErrorBody),
    )
)]
#[get("/calls/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_call(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CallDetails>> {
    auth.require(Permission::CallInstanceRead)?;
    let mut conn = state.conn().await?;
    let row = queries::find(&mut conn, auth.organization_id(), id.into_inner()).await?;
    let name = queries::contact_name(&mut conn, &row).await?;
    let analysis_groups = queries::analysis_groups(&mut conn, &row).await?;
    let processing = queries::is_processing(&mut conn, &row).await?;
    Ok(web::Json(CallDetails {
        call: row.to_dto(name, processing),
        transcription: row.transcription.clone(),
        transcript_turns: row.transcript_turns(),
        analysis_groups,
    }))
}
