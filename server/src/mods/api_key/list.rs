use actix_web::{get, web};
use chrono::Utc;
use loquent_shared::{ApiKey, ErrorBody};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's API keys, newest first, expired ones included (marked `expired`).
/// Secrets are never included.
#[utoipa::path(
    tag = "api_key",
    operation_id = "list_api_keys",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's keys", body = Vec<ApiKey>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not manage API keys", body = ErrorBody),
    )
)]
#[get("/api-keys")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_api_keys(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<ApiKey>>> {
    auth.require(Permission::ApiKeyCollectionList)?;
    let mut conn = state.conn().await?;
    let rows = queries::list(&mut conn, auth.organization_id()).await?;
    let now = Utc::now();
    let keys = rows.iter().map(|row| row.to_dto(now)).collect::<Result<Vec<_>, _>>()?;
    Ok(web::Json(keys))
}
