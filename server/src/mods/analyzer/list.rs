use actix_web::{get, web};
use loquent_shared::{Analyzer, ErrorBody};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's analyzers, newest first.
#[utoipa::path(
    tag = "analyzer",
    operation_id = "list_analyzers",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's analyzers", body = Vec<Analyzer>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list analyzers", body = ErrorBody),
    )
)]
#[get("/analyzers")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_analyzers(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<Analyzer>>> {
    auth.require(Permission::AnalyzerCollectionList)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::list(&mut conn, auth.organization_id()).await?))
}
