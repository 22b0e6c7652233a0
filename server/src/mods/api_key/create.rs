use actix_web::{HttpResponse, post, web};
use loquent_shared::{CreateApiKeyRequest, CreatedApiKey, ErrorBody};

use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create an API key. The secret is in this response only: store it now.
///
/// Requests made with the key act as the member who created it, with that member's role.
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
        (status = 422, description = "The name is invalid", body = ErrorBody),
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
    body.validate()?;
    let mut conn = state.conn().await?;
    let (row, secret) =
        queries::create(&mut conn, auth.organization_id(), auth.member.id, body.name.trim())
            .await
            .map_err(ApiError::internal)?;
    tracing::info!(api_key_id = %row.id, "API key created");
    Ok(HttpResponse::Created().json(CreatedApiKey { api_key: row.into(), secret }))
}
