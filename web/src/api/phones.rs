//! Phone numbers registered in the organization.

use loquent_shared::{Phone, UpdatePhoneRequest};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `GET /api/phones`
pub async fn list() -> ApiResult<Vec<Phone>> {
    super::fetch(routes::LIST_PHONES.at(&[])).await
}

/// `GET /api/phones/{id}`
pub async fn get(id: Uuid) -> ApiResult<Phone> {
    super::fetch(routes::GET_PHONE.at(&[&id])).await
}

/// `PATCH /api/phones/{id}`: changes the number's name, its agent, or both, together.
pub async fn update(id: Uuid, request: &UpdatePhoneRequest) -> ApiResult<Phone> {
    super::send_json(routes::UPDATE_PHONE.at(&[&id]), request).await
}

/// `POST /api/phones/{id}/voice-url`: Twilio sends the number's calls to Loquent, and the old
/// voice URL is kept in `previous_voice_url`.
pub async fn route_to_loquent(id: Uuid) -> ApiResult<Phone> {
    super::fetch(routes::TAKE_OVER_PHONE_VOICE_URL.at(&[&id])).await
}

/// `POST /api/phones/{id}/voice-url/restore`: puts the saved voice URL back.
pub async fn restore_voice_url(id: Uuid) -> ApiResult<Phone> {
    super::fetch(routes::RESTORE_PHONE_VOICE_URL.at(&[&id])).await
}
