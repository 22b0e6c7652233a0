//! Phone numbers registered in the organization.

use loquent_shared::{Phone, UpdatePhoneRequest};
use uuid::Uuid;

use super::ApiResult;

/// `GET /api/phones`
pub async fn list() -> ApiResult<Vec<Phone>> {
    super::get("/api/phones").await
}

/// `GET /api/phones/{id}`
pub async fn get(id: Uuid) -> ApiResult<Phone> {
    super::get(&format!("/api/phones/{id}")).await
}

/// `PATCH /api/phones/{id}`: renames the number.
pub async fn update(id: Uuid, request: &UpdatePhoneRequest) -> ApiResult<Phone> {
    super::patch(&format!("/api/phones/{id}"), request).await
}

/// `PUT /api/phones/{id}/agent/{agent_id}`: this agent answers the number from now on.
pub async fn assign_agent(id: Uuid, agent_id: Uuid) -> ApiResult<Phone> {
    super::put_action(&format!("/api/phones/{id}/agent/{agent_id}")).await
}

/// `DELETE /api/phones/{id}/agent`: no agent answers the number.
pub async fn unassign_agent(id: Uuid) -> ApiResult<Phone> {
    super::delete_returning(&format!("/api/phones/{id}/agent")).await
}

/// `POST /api/phones/{id}/voice-url`: Twilio sends the number's calls to Loquent, and the old
/// voice URL is kept in `previous_voice_url`.
pub async fn route_to_loquent(id: Uuid) -> ApiResult<Phone> {
    super::post_action(&format!("/api/phones/{id}/voice-url")).await
}

/// `POST /api/phones/{id}/voice-url/restore`: puts the saved voice URL back.
pub async fn restore_voice_url(id: Uuid) -> ApiResult<Phone> {
    super::post_action(&format!("/api/phones/{id}/voice-url/restore")).await
}
