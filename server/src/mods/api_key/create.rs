use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use loquent_shared::{CreateApiKeyRequest, CreatedApiKey, ErrorBody};

use super::queries::{self, NewApiKey};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create an API key. The secret is in this response only: store it now.
///
/// Requests made with the key act as the member who created it: with that member's role
/// (`scope: full`, the default) or at most a viewer's (`scope: read_only`). With `expires_at`
/// the key stops working at that time (401 `invalid_api_key`).
#[utoipa::path(
    tag = "api_key",
    operation_id = "create_api_key",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, description = "The key, with its secret shown once", body = CreatedApiKey),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not manage API keys", body = ErrorBody),
        (status = 422, description = "The name is invalid, or `expires_at` isn't in the next two years", body = ErrorBody),
    )
)]
#[post("/api-keys")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_api_key(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::ApiKeyCollectionCreate)?;
    let now = Utc::now();
    body.validate(now)?;
    let new = NewApiKey { name: body.name.trim(), expires_at: body.expires_at, scope: body.scope };
    let mut conn = state.conn().await?;
    let (row, secret) = queries::create(&mut conn, auth.organization_id(), auth.member.id, &new)
        .await
        .map_err(ApiError::internal)?;
    tracing::info!(api_key_id = %row.id, scope = %row.scope, "API key created");
    Ok(HttpResponse::Created().json(CreatedApiKey { api_key: row.to_dto(now)?, secret }))
}
