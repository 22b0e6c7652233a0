//! Phone numbers: Twilio numbers registered in Loquent, each answered by an agent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_area_code, validate_e164, validate_name};

/// A phone number registered in an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phone {
    /// Phone number id.
    pub id: Uuid,
    /// The number, E.164.
    #[cfg_attr(feature = "openapi", schema(example = "+14155550123"))]
    pub number: String,
    /// Twilio's IncomingPhoneNumber SID (`PN…`).
    pub twilio_sid: String,
    /// A name for people, e.g. "Front desk".
    pub friendly_name: String,
    /// The agent answering calls to this number, if any.
    pub agent_id: Option<Uuid>,
    /// The voice URL the number had before Loquent took it over, kept for a rollback.
    pub previous_voice_url: Option<String>,
    /// Whether the number's calls come to Loquent (bought here, or taken over). An imported
    /// number keeps its old voice URL until `POST /api/phones/{id}/voice-url`.
    pub routes_to_loquent: bool,
    /// When the number was registered in Loquent.
    pub created_at: DateTime<Utc>,
}

/// Renames a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePhoneRequest {
    /// The new name.
    #[cfg_attr(feature = "openapi", schema(example = "Front desk"))]
    pub friendly_name: String,
}

impl UpdatePhoneRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("friendly_name", &self.friendly_name)
    }
}

/// What a number can do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capabilities {
    pub voice: bool,
    pub sms: bool,
    pub mms: bool,
    pub fax: bool,
}

/// Looks for numbers to buy in a US area code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchAvailableRequest {
    /// Three digits.
    #[cfg_attr(feature = "openapi", schema(example = "415"))]
    pub area_code: String,
}

impl SearchAvailableRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_area_code("area_code", &self.area_code)
    }
}

/// A number Twilio offers for purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailableNumber {
    /// Formatted for people, e.g. "(415) 555-0123".
    pub friendly_name: String,
    /// E.164.
    pub phone_number: String,
    /// City, when Twilio knows it.
    pub locality: Option<String>,
    /// State or province, when Twilio knows it.
    pub region: Option<String>,
    pub capabilities: Capabilities,
}

/// Buys a number found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyPhoneRequest {
    /// E.164.
    #[cfg_attr(feature = "openapi", schema(example = "+14155550123"))]
    pub phone_number: String,
}

impl BuyPhoneRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_e164("phone_number", &self.phone_number)
    }
}

/// A number in the organization's Twilio account that Loquent does not know yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnsyncedNumber {
    /// Twilio's IncomingPhoneNumber SID (`PN…`).
    pub twilio_sid: String,
    /// E.164.
    pub phone_number: String,
    pub friendly_name: String,
    /// Where Twilio sends its calls today.
    pub voice_url: Option<String>,
}

/// Imports numbers from the organization's Twilio account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncNumbersRequest {
    /// The IncomingPhoneNumber SIDs to import.
    pub twilio_sids: Vec<String>,
}

/// How an import went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncNumbersResponse {
    /// Newly registered numbers.
    pub imported: u32,
    /// Numbers Loquent already had.
    pub already_existed: u32,
}
