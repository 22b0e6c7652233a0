//! The organization's Twilio account: settings, buying numbers, importing numbers.

use loquent_shared::{
    AvailableNumber, BuyPhoneRequest, Phone, PutTwilioSettingsRequest, SearchAvailableRequest,
    SyncNumbersRequest, SyncNumbersResponse, TwilioSettings, UnsyncedNumber, VoiceAccessToken,
};

use super::{ApiResult, routes};

/// `GET /api/twilio/settings`
pub async fn settings() -> ApiResult<TwilioSettings> {
    super::fetch(routes::GET_TWILIO_SETTINGS.at(&[])).await
}

/// `PUT /api/twilio/settings`: connects the organization's own account (checked with Twilio).
pub async fn connect(request: &PutTwilioSettingsRequest) -> ApiResult<TwilioSettings> {
    super::send_json(routes::PUT_TWILIO_SETTINGS.at(&[]), request).await
}

/// `DELETE /api/twilio/settings`: back to the account Loquent manages; numbers stay.
pub async fn disconnect() -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_TWILIO_SETTINGS.at(&[])).await
}

/// `GET /api/twilio/access-token`: a Voice SDK token for the member, valid for an hour (browser
/// calling is set up in the organization's Twilio account on first need).
pub async fn access_token() -> ApiResult<VoiceAccessToken> {
    super::fetch(routes::GET_TWILIO_ACCESS_TOKEN.at(&[])).await
}

/// `POST /api/twilio/search-available-numbers`
pub async fn search(request: &SearchAvailableRequest) -> ApiResult<Vec<AvailableNumber>> {
    super::send_json(routes::SEARCH_AVAILABLE_NUMBERS.at(&[]), request).await
}

/// `POST /api/twilio/buy-phone-number`
pub async fn buy(request: &BuyPhoneRequest) -> ApiResult<Phone> {
    super::send_json(routes::BUY_PHONE_NUMBER.at(&[]), request).await
}

/// `POST /api/twilio/get-unsynced-numbers`: numbers in the Twilio account Loquent doesn't have.
pub async fn unsynced_numbers() -> ApiResult<Vec<UnsyncedNumber>> {
    super::fetch(routes::GET_UNSYNCED_NUMBERS.at(&[])).await
}

/// `POST /api/twilio/sync-numbers`
pub async fn import(request: &SyncNumbersRequest) -> ApiResult<SyncNumbersResponse> {
    super::send_json(routes::SYNC_NUMBERS.at(&[]), request).await
}
