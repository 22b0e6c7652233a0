//! Organizations (tenants) and their members.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A business using Loquent. Every resource belongs to exactly one organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Organization id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// When the organization signed up.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
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
