//! Organization API keys: bearer tokens for third-party integrations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_name};

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
    /// The member who created the key; requests with it act as that member.
    pub created_by: Uuid,
    /// When the key was created.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// The last time a request used the key, if ever.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Names a new API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiKeyRequest {
    /// What the key is for.
    #[cfg_attr(feature = "openapi", schema(example = "CRM sync"))]
    pub name: String,
}

impl CreateApiKeyRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)
    }
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
