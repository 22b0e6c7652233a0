//! The organization's API keys.

use loquent_shared::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use uuid::Uuid;

use super::ApiResult;

/// `GET /api/api-keys`
pub async fn list() -> ApiResult<Vec<ApiKey>> {
    super::get("/api/api-keys").await
}

/// `POST /api/api-keys`: the answer carries the secret, which is never shown again.
pub async fn create(request: &CreateApiKeyRequest) -> ApiResult<CreatedApiKey> {
    super::post("/api/api-keys", request).await
}

/// `DELETE /api/api-keys/{id}`
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::delete(&format!("/api/api-keys/{id}")).await
}
