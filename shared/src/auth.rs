//! Sign-up, sign-in and the signed-in identity.

use serde::{Deserialize, Serialize};

use crate::organization::{Member, Organization, Role};
use crate::validation::{
    FieldError, validate_email, validate_name, validate_password, validate_timezone_name,
};
use uuid::Uuid;

/// Creates an organization and its owner, and signs the owner in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    /// The owner's full name.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Ada Lovelace",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    /// The owner's email; used to sign in.
    #[cfg_attr(feature = "openapi", schema(example = "ada@example.com", value_type = crate::patterns::items::EmailAddress))]
    pub email: String,
    /// At least 8 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 8,
            example = "correct horse battery",
            max_length = 256,
            pattern = r"^[^\x00]*$"
        )
    )]
    pub password: String,
    /// The business's name.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Acme Dental",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub organization_name: String,
    /// The business's time zone, an IANA name (the web app sends the browser's). Optional: a
    /// zone the database doesn't know, or none, leaves the organization in UTC until an admin
    /// sets it in the settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "America/New_York",
            max_length = 64,
            pattern = r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*/?$"
        )
    )]
    pub timezone: Option<String>,
}

impl SignupRequest {
    /// Checks every field; the first problem found names its field.
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)?;
        validate_email("email", &self.email)?;
        validate_password("password", &self.password)?;
        validate_name("organization_name", &self.organization_name)?;
        match &self.timezone {
            Some(zone) => validate_timezone_name("timezone", zone),
            None => Ok(()),
        }
    }
}

/// Email and password sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The member's email.
    #[cfg_attr(feature = "openapi", schema(example = "ada@example.com", pattern = r"^[^\x00]*$"))]
    pub email: String,
    /// The member's password.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "correct horse battery", pattern = r"^[^\x00]*$")
    )]
    pub password: String,
}

/// Who is signed in, and to which organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The signed-in member.
    pub member: Member,
    /// The organization the session works in now.
    pub organization: Organization,
    /// Every organization the person belongs to, by name (the switcher lists them). An API key
    /// is bound to one organization and lists only it, with the role the key acts with (a
    /// read-only key's is `viewer`).
    pub memberships: Vec<Membership>,
}

/// One organization a person belongs to, and their role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub role: Role,
}

/// Moves the session to another of the person's organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwitchOrganizationRequest {
    /// One of the organizations in `GET /api/me`'s `memberships`.
    pub organization_id: Uuid,
}
