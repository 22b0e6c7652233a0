//! The organization's API keys.

use loquent_shared::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `GET /api/api-keys`
pub async fn list() -> ApiResult<Vec<ApiKey>> {
    super::fetch(routes::LIST_API_KEYS.at(&[])).await
}

/// `POST /api/api-keys`: the answer carries the secret, which is never shown again.
pub async fn create(request: &CreateApiKeyRequest) -> ApiResult<CreatedApiKey> {
    super::send_json(routes::CREATE_API_KEY.at(&[]), request).await
}

/// `DELETE /api/api-keys/{id}`
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_API_KEY.at(&[&id])).await
}
