//! The team: changing members' roles, invitations and the trail of membership changes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::organization::Role;
use crate::validation::{FieldError, validate_email, validate_name, validate_password};

/// Gives a member another role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMemberRequest {
    /// Only an owner may grant or take away `owner`.
    pub role: Role,
}

/// Hands the organization to another member: they become an owner, the caller an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferOwnershipRequest {
    pub member_id: Uuid,
}

/// Invites someone by email to join the organization with a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvitationRequest {
    #[cfg_attr(feature = "openapi", schema(example = "frontdesk@example.com", value_type = crate::patterns::items::EmailAddress))]
    pub email: String,
    /// Only an owner may invite an owner.
    pub role: Role,
}

impl CreateInvitationRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_email("email", &self.email)
    }
}

/// Where an open invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Its link works until `expires_at`.
    Pending,
    /// Its week passed; resending issues a new link.
    Expired,
}

/// An invitation not yet accepted or revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: Uuid,
    /// The address invited: only a person signing in with it can accept.
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    /// Who invited them, while they are a member.
    pub invited_by: Option<String>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When the link was last sent.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub sent_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// A link's token, as the emailed link carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, pattern = r"^[^\x00]*$"))]
    pub token: String,
}

/// What an invitation link offers, shown before it is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub organization_name: String,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<String>,
    /// Whether the email has a Loquent login: accept with its password, else choose a name
    /// and password.
    pub has_account: bool,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// Accepts an invitation. A new person gives a name and a password; someone with a login
/// gives their password (or is signed in as the invited email already).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitationRequest {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[^\x00]*$"))]
    pub token: String,
    /// A new person's full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    /// A new person's password (at least 8 characters), or an existing login's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 256, pattern = r"^[^\x00]*$")
    )]
    pub password: Option<String>,
}

impl AcceptInvitationRequest {
    /// The shape of a new person's fields (whether they are needed is the server's to say).
    pub fn validate_new_person(&self) -> Result<(&str, &str), FieldError> {
        let name = self.name.as_deref().unwrap_or_default();
        validate_name("name", name)?;
        let password = self.password.as_deref().unwrap_or_default();
        validate_password("password", password)?;
        Ok((name.trim(), password))
    }
}

/// What changed in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MembershipAction {
    Invited,
    InvitationResent,
    InvitationRevoked,
    Joined,
    RoleChanged,
    Removed,
    Left,
    OwnershipTransferred,
}

impl MembershipAction {
    pub const ALL: [MembershipAction; 8] = [
        MembershipAction::Invited,
        MembershipAction::InvitationResent,
        MembershipAction::InvitationRevoked,
        MembershipAction::Joined,
        MembershipAction::RoleChanged,
        MembershipAction::Removed,
        MembershipAction::Left,
        MembershipAction::OwnershipTransferred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MembershipAction::Invited => "invited",
            MembershipAction::InvitationResent => "invitation_resent",
            MembershipAction::InvitationRevoked => "invitation_revoked",
            MembershipAction::Joined => "joined",
            MembershipAction::RoleChanged => "role_changed",
            MembershipAction::Removed => "removed",
            MembershipAction::Left => "left",
            MembershipAction::OwnershipTransferred => "ownership_transferred",
        }
    }

    pub fn parse(s: &str) -> Option<MembershipAction> {
        MembershipAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One change to the team: who did what to whom, and when. Owners read the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipEvent {
    pub id: Uuid,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Who made the change, as they were named then.
    pub actor_name: String,
    pub action: MembershipAction,
    /// The member or invitee it was about.
    pub subject_name: Option<String>,
    pub subject_email: String,
    pub role_before: Option<Role>,
    pub role_after: Option<Role>,
}
