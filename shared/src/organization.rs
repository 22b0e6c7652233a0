//! Organizations (tenants) and their members.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::profile::{
    MAX_ADDRESS_LEN, MAX_DESCRIPTION_LEN, OpeningHours, validate_hours, validate_text,
    validate_website,
};
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
    /// What the business does, in its own words (agents are told it at the start of a call).
    pub description: String,
    /// The business's address, as callers should hear it.
    pub address: String,
    /// The business's website; empty if none.
    pub website: String,
    /// Opening hours, in the organization's time zone; a day without periods is closed.
    pub hours: Vec<OpeningHours>,
}

/// Renames the organization, changes its time zone, or both. A field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A misspelt field would otherwise change nothing and answer 200: refused by name instead.
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    /// The new name (trimmed).
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Acme Dental",
            nullable = false,
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    /// An IANA time zone name that the database knows, such as `Europe/Paris` or `UTC`.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "America/New_York",
            nullable = false,
            max_length = 64,
            pattern = r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*/?$"
        )
    )]
    pub timezone: Option<String>,
    /// What the business does (at most 2000 characters; empty clears it).
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            nullable = false,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    /// The address callers should hear (at most 300 characters; empty clears it).
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 300,
            nullable = false,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub address: Option<String>,
    /// An `https://` (or `http://`) address; empty clears it.
    #[serde(
        default,
        deserialize_with = "crate::patch::present_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            nullable = false,
            example = "https://acme-dental.example",
            pattern = r"^[\t\n\r ]*(https?://[^/?#\s\x00-\x1F\x7F-\x9F]*\.[^\s\x00-\x1F\x7F-\x9F]*)?[\t\n\r ]*$"
        )
    )]
    pub website: Option<String>,
    /// The whole week's opening hours, replacing what was set (`[]`: none given).
    #[serde(
        default,
        deserialize_with = "crate::patch::present_value",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(max_items = 28, nullable = false))]
    pub hours: Option<Vec<OpeningHours>>,
}

impl UpdateOrganizationRequest {
    /// Whether the request leaves everything as it is.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.timezone.is_none()
            && self.description.is_none()
            && self.address.is_none()
            && self.website.is_none()
            && self.hours.is_none()
    }

    /// The shape of each field; whether the time zone exists is the server's to check.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(name) = &self.name {
            validate_name("name", name)?;
        }
        if let Some(zone) = &self.timezone {
            validate_timezone_name("timezone", zone)?;
        }
        if let Some(text) = &self.description {
            validate_text("description", text, MAX_DESCRIPTION_LEN)?;
        }
        if let Some(text) = &self.address {
            validate_text("address", text, MAX_ADDRESS_LEN)?;
        }
        if let Some(url) = &self.website {
            validate_website("website", url)?;
        }
        if let Some(hours) = &self.hours {
            validate_hours("hours", hours)?;
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
    /// When the member last used Loquent in this organization (to the minute); `None` if never.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub last_active_at: Option<DateTime<Utc>>,
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
