use actix_web::{get, web};
use loquent_shared::{Analyzer, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get one analyzer.
#[utoipa::path(
    tag = "analyzer",
    operation_id = "get_analyzer",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Analyzer id")),
    responses(
        (status = 200, description = "The analyzer", body = Analyzer),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read analyzers", body = ErrorBody),
        (status = 404, description = "No such analyzer in the caller's organization", body = ErrorBody),
    )
)]
#[get("/analyzers/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_analyzer(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Analyzer>> {
    auth.require(Permission::AnalyzerInstanceRead)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::get(&mut conn, auth.organization_id(), id.into_inner()).await?))
}
