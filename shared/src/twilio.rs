//! The organization's Twilio account: platform-managed (a subaccount of Loquent's) or its own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// Whose Twilio account the organization's numbers live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TwilioMode {
    /// A subaccount Loquent manages (created on first need).
    Platform,
    /// The organization's own account ("bring your own").
    Byo,
}

/// The account in use. The auth token is never returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwilioSettings {
    pub mode: TwilioMode,
    /// The account SID with its middle masked, e.g. `AC12…cdef`; none before the platform
    /// subaccount exists.
    pub account_sid_masked: Option<String>,
    /// When the account was connected to Loquent.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub connected_at: Option<DateTime<Utc>>,
    /// Whether this Loquent deployment can manage a Twilio account for the organization (it
    /// has a platform account to create subaccounts under). Without it, and without an account
    /// of its own, the organization must connect one before it can have numbers.
    pub managed_available: bool,
}

/// Connects the organization's own Twilio account; checked against Twilio before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PutTwilioSettingsRequest {
    /// `AC` and 32 hex digits.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "AC0123456789abcdef0123456789abcdef", pattern = r"^AC[0-9a-fA-F]{32}$")
    )]
    pub account_sid: String,
    /// The account's auth token (32 hex digits).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9a-fA-F]{32}$"))]
    pub auth_token: String,
}

impl PutTwilioSettingsRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        if !is_sid(&self.account_sid, "AC") {
            return Err(FieldError::new(
                "account_sid",
                "invalid_account_sid",
                "must be AC followed by 32 hexadecimal characters",
            ));
        }
        let token = &self.auth_token;
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(FieldError::new(
                "auth_token",
                "invalid_auth_token",
                "must be 32 hexadecimal characters",
            ));
        }
        Ok(())
    }
}

/// A Twilio SID: a two-letter prefix and 32 hex digits.
pub fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A duration in a Twilio webhook (`DialCallDuration`, `RecordingDuration`): whole seconds in
/// at most 9 digits, or empty (or absent) for a leg that never connected, which is 0 seconds.
/// `None` for anything else — what [`crate::patterns::SECONDS`] refuses.
pub fn parse_seconds(raw: &str) -> Option<i32> {
    if raw.is_empty() {
        return Some(0);
    }
    if raw.len() > 9 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// `AC12…cdef`: enough to recognise an account, not enough to use it.
pub fn mask_sid(sid: &str) -> String {
    if sid.len() < 10 {
        return "…".into();
    }
    format!("{}…{}", &sid[..4], &sid[sid.len() - 4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids() {
        assert!(is_sid("AC0123456789abcdef0123456789abcdef", "AC"));
        assert!(!is_sid("PN0123456789abcdef0123456789abcdef", "AC"));
        assert!(!is_sid("AC0123", "AC"));
        assert_eq!(mask_sid("AC0123456789abcdef0123456789abcdef"), "AC01…cdef");
    }
}

/// What the Voice SDK in the browser needs to place calls: a Twilio access token (an hour's)
/// and the identity it was made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoiceAccessToken {
    /// A JWT (HS256, `cty: twilio-fpa;v=1`) with a voice grant for the organization's TwiML
    /// Application; pass it to `new Device(token)`.
    pub token: String,
    /// `user_{member_id}`: who places the calls, as Twilio sees them (`From: client:…`).
    #[cfg_attr(feature = "openapi", schema(example = "user_6f1c2a8e-2b1d-4f57-9a43-0c6f6d1c2b7e"))]
    pub identity: String,
    /// When the token stops working (refresh before then; the SDK says so with `tokenWillExpire`).
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}
