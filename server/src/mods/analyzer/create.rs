use actix_web::{HttpResponse, post, web};
use loquent_shared::{Analyzer, AnalyzerInput, ErrorBody};

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create an analyzer, optionally assigned to numbers.
#[utoipa::path(
    tag = "analyzer",
    operation_id = "create_analyzer",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = AnalyzerInput,
    responses(
        (status = 201, description = "The new analyzer", body = Analyzer),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not create analyzers", body = ErrorBody),
        (status = 404, description = "A `phone_number_ids` entry is not one of the organization's numbers", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
    )
)]
#[post("/analyzers")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_analyzer(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<AnalyzerInput>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::AnalyzerCollectionCreate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let analyzer = queries::insert(&mut conn, auth.organization_id(), &body).await?;
    tracing::info!(analyzer_id = %analyzer.id, "analyzer created");
    Ok(HttpResponse::Created().json(analyzer))
}
