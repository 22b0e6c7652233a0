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
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Changes a number's name, its agent, or both, in one step. A field left out stays as it is;
/// a body that leaves both out changes nothing and is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A misspelt field would otherwise change nothing and answer 200: refused by name instead.
#[serde(deny_unknown_fields)]
pub struct UpdatePhoneRequest {
    /// The new name (trimmed). Absent: the name stays. It can't be removed, so `null` is refused.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Front desk",
            nullable = false,
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub friendly_name: Option<String>,
    /// The agent to answer the number: an agent's id assigns it, `null` leaves the number without
    /// an agent, absent leaves the agent as it is. The agent must be the organization's.
    #[serde(
        default,
        deserialize_with = "crate::patch::present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub agent_id: Option<Option<Uuid>>,
}

impl UpdatePhoneRequest {
    /// Whether the request leaves everything as it is.
    pub fn is_empty(&self) -> bool {
        self.friendly_name.is_none() && self.agent_id.is_none()
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        match &self.friendly_name {
            Some(name) => validate_name("friendly_name", name),
            None => Ok(()),
        }
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
    #[cfg_attr(feature = "openapi", schema(example = "415", pattern = r"^[2-9][0-9]{2}$"))]
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
    #[cfg_attr(
        feature = "openapi",
        schema(example = "+14155550123", pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
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
    #[cfg_attr(
        feature = "openapi",
        schema(min_items = 1, value_type = Vec<crate::patterns::items::PhoneNumberSid>)
    )]
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

#[cfg(test)]
mod tests {
    use serde_json::json;
    use uuid::Uuid;

    use super::UpdatePhoneRequest;

    fn read(value: serde_json::Value) -> Result<UpdatePhoneRequest, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn an_absent_agent_null_and_an_id_are_three_different_requests() {
        let id = Uuid::from_u128(7);
        assert_eq!(read(json!({})).expect("empty").agent_id, None);
        assert_eq!(read(json!({"agent_id": null})).expect("null").agent_id, Some(None));
        assert_eq!(read(json!({"agent_id": id})).expect("id").agent_id, Some(Some(id)));
        assert!(read(json!({})).expect("empty").is_empty());
        assert!(!read(json!({"agent_id": null})).expect("null").is_empty());
    }

    #[test]
    fn a_name_may_be_left_out_but_not_nulled() {
        assert_eq!(read(json!({"agent_id": null})).expect("no name").friendly_name, None);
        assert!(read(json!({"friendly_name": null})).is_err());
        assert!(read(json!({"friendly_name": 5})).is_err());
        let named = read(json!({"friendly_name": "  "})).expect("blank name");
        assert_eq!(named.validate().map_err(|e| e.field), Err("friendly_name"));
    }

    #[test]
    fn what_is_sent_is_what_is_read() {
        let id = Uuid::from_u128(7);
        let cases = [
            (
                UpdatePhoneRequest { friendly_name: None, agent_id: Some(None) },
                json!({"agent_id": null}),
            ),
            (
                UpdatePhoneRequest { friendly_name: Some("Desk".into()), agent_id: Some(Some(id)) },
                json!({"friendly_name": "Desk", "agent_id": id}),
            ),
            (UpdatePhoneRequest::default(), json!({})),
        ];
        for (request, wire) in cases {
            assert_eq!(serde_json::to_value(&request).expect("serialize"), wire);
            assert_eq!(read(wire).expect("read back"), request);
        }
    }
}
