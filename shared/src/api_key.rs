//! Organization API keys: bearer tokens for third-party integrations.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organization::Role;
use crate::validation::{FieldError, validate_name};

/// The furthest ahead a key's expiry may be set. A key meant to last longer than this is
/// better made without an expiry; the limit catches a mistyped year, not a policy.
pub const MAX_API_KEY_LIFETIME_DAYS: i64 = 731;

/// What requests made with a key may do: `full`, whatever its creator may do with their role;
/// `read_only`, only what a viewer may (a write answers 403 `forbidden`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyScope {
    /// Whatever the key's creator may do, with their role.
    #[default]
    Full,
    /// Only what a viewer may do (reads), whatever the creator's role.
    ReadOnly,
}

impl ApiKeyScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyScope::Full => "full",
            ApiKeyScope::ReadOnly => "read_only",
        }
    }

    pub fn parse(s: &str) -> Option<ApiKeyScope> {
        [ApiKeyScope::Full, ApiKeyScope::ReadOnly].into_iter().find(|v| v.as_str() == s)
    }

    /// The role a request made with the key acts with, given its creator's: a read-only key
    /// never acts above a viewer (and a viewer's key stays a viewer's).
    pub fn limit(self, creator: Role) -> Role {
        match self {
            ApiKeyScope::Full => creator,
            ApiKeyScope::ReadOnly => creator.min(Role::Viewer),
        }
    }
}

/// An API key as listed: never includes the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// API key id.
    pub id: Uuid,
    /// What the key is for, e.g. "CRM sync".
    pub name: String,
    /// The key's first characters, to tell keys apart (e.g. `lq_3fa9c1`).
    pub prefix: String,
    /// The member who created the key; requests with it act as that member, with their role
    /// limited by `scope`.
    pub created_by: Uuid,
    /// What requests made with the key may do.
    pub scope: ApiKeyScope,
    /// When the key was created.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When the key stops working; `null` if it never expires.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether `expires_at` has passed: requests with the key are refused (401).
    pub expired: bool,
    /// The last time a request used the key, if ever.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Names a new API key, and says how long it lasts and what it may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiKeyRequest {
    /// What the key is for.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "CRM sync",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    /// When the key stops working: in the future, at most 731 days (two years) from now.
    /// Leave it out for a key that never expires.
    #[serde(
        default,
        deserialize_with = "crate::time::rfc3339_option",
        serialize_with = "crate::time::write_rfc3339_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(example = "2027-03-12T00:00:00Z"))]
    pub expires_at: Option<DateTime<Utc>>,
    /// What requests made with the key may do; `full` when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(default = "full"))]
    pub scope: ApiKeyScope,
}

impl CreateApiKeyRequest {
    /// Checks the request; `now` is the clock `expires_at` must be ahead of.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), FieldError> {
        validate_name("name", &self.name)?;
        match self.expires_at {
            Some(at) => validate_expires_at("expires_at", at, now),
            None => Ok(()),
        }
    }
}

/// An expiry: after `now`, and at most [`MAX_API_KEY_LIFETIME_DAYS`] after it.
pub fn validate_expires_at(
    field: &'static str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), FieldError> {
    if at <= now {
        return Err(FieldError::new(field, "in_the_past", "must be in the future"));
    }
    if at - now > TimeDelta::days(MAX_API_KEY_LIFETIME_DAYS) {
        return Err(FieldError::new(
            field,
            "too_far",
            format!(
                "must be at most {MAX_API_KEY_LIFETIME_DAYS} days (two years) from now; \
                 leave it out for a key that never expires"
            ),
        ));
    }
    Ok(())
}

/// A newly created key. `secret` is shown this once and cannot be retrieved again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The stored key.
    pub api_key: ApiKey,
    /// The bearer token: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::time::parse(text).expect("a time")
    }

    #[test]
    fn a_read_only_key_acts_as_a_viewer_at_most() {
        for role in Role::ALL {
            assert_eq!(ApiKeyScope::Full.limit(role), role);
            assert_eq!(ApiKeyScope::ReadOnly.limit(role), Role::Viewer);
        }
        assert_eq!(ApiKeyScope::default(), ApiKeyScope::Full);
        assert_eq!(ApiKeyScope::parse("read_only"), Some(ApiKeyScope::ReadOnly));
        assert_eq!(ApiKeyScope::parse("write"), None);
    }

    #[test]
    fn an_expiry_is_in_the_future_and_within_two_years() {
        let now = at("2026-12-08T12:00:00Z");
        let request = |expires_at| CreateApiKeyRequest {
            name: "CRM sync".into(),
            expires_at,
            scope: ApiKeyScope::Full,
        };
        assert_eq!(request(None).validate(now), Ok(()));
        assert_eq!(request(Some(at("2026-12-08T12:00:01Z"))).validate(now), Ok(()));
        assert_eq!(request(Some(at("2028-12-08T12:00:00Z"))).validate(now), Ok(()));
        let code =
            |expires_at| request(Some(expires_at)).validate(now).map_err(|e| (e.field, e.code));
        assert_eq!(code(now), Err(("expires_at", "in_the_past")));
        assert_eq!(code(at("2025-01-01T00:00:00Z")), Err(("expires_at", "in_the_past")));
        assert_eq!(code(at("2028-12-09T12:00:00Z")), Err(("expires_at", "too_far")));
    }

    #[test]
    fn the_request_reads_and_writes_rfc3339() {
        let request: CreateApiKeyRequest =
            serde_json::from_str(r#"{"name": "CRM", "expires_at": "2027-03-12T00:00:00Z"}"#)
                .expect("a request");
        assert_eq!(request.scope, ApiKeyScope::Full);
        assert_eq!(request.expires_at, Some(at("2027-03-12T00:00:00Z")));
        let written = serde_json::to_value(&request).expect("json");
        assert_eq!(written["expires_at"], "2027-03-12T00:00:00Z");
        assert_eq!(written["scope"], "full");
        let never: CreateApiKeyRequest =
            serde_json::from_str(r#"{"name": "CRM", "scope": "read_only"}"#).expect("a request");
        assert_eq!((never.expires_at, never.scope), (None, ApiKeyScope::ReadOnly));
        assert!(serde_json::to_value(&never).expect("json").get("expires_at").is_none());
    }
}
