use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Delete (revoke) an API key. Requests using it fail from now on.
#[utoipa::path(
    tag = "api_key",
    operation_id = "delete_api_key",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "API key id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not manage API keys", body = ErrorBody),
        (status = 404, description = "No such key in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/api-keys/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_api_key(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::ApiKeyInstanceDelete)?;
    let mut conn = state.conn().await?;
    if !queries::delete(&mut conn, auth.organization_id(), id.into_inner()).await? {
        return Err(ApiError::NotFound { resource: "API key" });
    }
    Ok(HttpResponse::NoContent().finish())
}
