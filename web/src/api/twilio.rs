//! The organization's Twilio account: settings, buying numbers, importing numbers.

use loquent_shared::{
    AvailableNumber, BuyPhoneRequest, Phone, PutTwilioSettingsRequest, SearchAvailableRequest,
    SyncNumbersRequest, SyncNumbersResponse, TwilioSettings, UnsyncedNumber,
};

use super::ApiResult;

/// `GET /api/twilio/settings`
pub async fn settings() -> ApiResult<TwilioSettings> {
    super::get("/api/twilio/settings").await
}

/// `PUT /api/twilio/settings`: connects the organization's own account (checked with Twilio).
pub async fn connect(request: &PutTwilioSettingsRequest) -> ApiResult<TwilioSettings> {
    super::put("/api/twilio/settings", request).await
}

/// `DELETE /api/twilio/settings`: back to the account Loquent manages; numbers stay.
pub async fn disconnect() -> ApiResult<()> {
    super::delete("/api/twilio/settings").await
}

/// `POST /api/twilio/search-available-numbers`
pub async fn search(request: &SearchAvailableRequest) -> ApiResult<Vec<AvailableNumber>> {
    super::post("/api/twilio/search-available-numbers", request).await
}

/// `POST /api/twilio/buy-phone-number`
pub async fn buy(request: &BuyPhoneRequest) -> ApiResult<Phone> {
    super::post("/api/twilio/buy-phone-number", request).await
}

/// `POST /api/twilio/get-unsynced-numbers`: numbers in the Twilio account Loquent doesn't have.
pub async fn unsynced_numbers() -> ApiResult<Vec<UnsyncedNumber>> {
    super::post_action("/api/twilio/get-unsynced-numbers").await
}

/// `POST /api/twilio/sync-numbers`
pub async fn import(request: &SyncNumbersRequest) -> ApiResult<SyncNumbersResponse> {
    super::post("/api/twilio/sync-numbers", request).await
}
