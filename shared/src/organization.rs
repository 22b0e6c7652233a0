//! Organizations (tenants) and their members.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_name, validate_timezone_name};

/// A business using Loquent. Every resource belongs to exactly one organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Organization id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// The organization's time zone (IANA name): the days and hours of its reports and dashboard.
    #[cfg_attr(feature = "openapi", schema(example = "America/Los_Angeles"))]
    pub timezone: String,
    /// When the organization signed up.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// Whether the organization holds the sample data of Loquent's demo workspace (a month of
    /// calls, contacts, to-dos…): the web app says so in a banner, and owners and admins can
    /// clear it with `DELETE /api/demo-data`.
    pub demo_data: bool,
}

/// Renames the organization, changes its time zone, or both. A field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrganizationRequest {
    /// The new name (trimmed).
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(example = "Acme Dental", nullable = false))]
    pub name: Option<String>,
    /// An IANA time zone name that the database knows, such as `Europe/Paris` or `UTC`.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(example = "America/New_York", nullable = false))]
    pub timezone: Option<String>,
}

impl UpdateOrganizationRequest {
    /// Whether the request leaves everything as it is.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.timezone.is_none()
    }

    /// The shape of each field; whether the time zone exists is the server's to check.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(name) = &self.name {
            validate_name("name", name)?;
        }
        if let Some(zone) = &self.timezone {
            validate_timezone_name("timezone", zone)?;
        }
        Ok(())
    }
}

/// A person who signs in to an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// Member id.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// Sign-in email, lowercased.
    pub email: String,
    /// What the member may do in the organization.
    pub role: Role,
    /// When the member joined.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// A member's role. Each role can do everything the roles after it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything in the organization, changes nothing.
    Viewer,
    /// Day-to-day work: calls, contacts, to-dos.
    Member,
    /// Configures numbers, agents, analyzers and integrations.
    Admin,
    /// Created the organization; everything an admin can, plus billing and ownership.
    Owner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Member, Role::Admin, Role::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Member => "member",
            Role::Admin => "admin",
            Role::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}
