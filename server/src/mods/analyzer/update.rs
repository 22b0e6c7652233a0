use actix_web::{put, web};
use loquent_shared::{Analyzer, AnalyzerInput, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Replace an analyzer's name, prompt, flags and assigned numbers.
#[utoipa::path(
    tag = "analyzer",
    operation_id = "update_analyzer",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Analyzer id")),
    request_body = AnalyzerInput,
    responses(
        (status = 200, description = "The updated analyzer", body = Analyzer),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change analyzers", body = ErrorBody),
        (status = 404, description = "No such analyzer, or a `phone_number_ids` entry is not one of the organization's numbers", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[put("/analyzers/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_analyzer(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<AnalyzerInput>,
) -> ApiResult<web::Json<Analyzer>> {
    auth.require(Permission::AnalyzerInstanceUpdate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    Ok(web::Json(
        queries::replace(&mut conn, auth.organization_id(), id.into_inner(), &body).await?,
    ))
}
