//! A person's own account: name, email, password, sessions, and the forgotten-password link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_email, validate_name, validate_password};

/// Renames the signed-in person (everywhere they are a member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAccountRequest {
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
}

impl UpdateAccountRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)
    }
}

/// Changes the password; every other session of the person is signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[^\x00]*$"))]
    pub current_password: String,
    /// At least 8 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 256, pattern = r"^[^\x00]*$")
    )]
    pub new_password: String,
}

impl ChangePasswordRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_password("new_password", &self.new_password)
    }
}

/// Asks to change the sign-in email: a link goes to the new address, and the change happens
/// when it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeEmailRequest {
    #[cfg_attr(feature = "openapi", schema(example = "ada@newmail.example", value_type = crate::patterns::items::EmailAddress))]
    pub new_email: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[^\x00]*$"))]
    pub current_password: String,
}

impl ChangeEmailRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_email("new_email", &self.new_email)
    }
}

/// Where a confirmation link went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailChangeSent {
    /// The new address, which the link was mailed to.
    pub new_email: String,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// An email change, confirmed: the address the person signs in with from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailChanged {
    /// The new sign-in email.
    #[cfg_attr(feature = "openapi", schema(example = "ada@newmail.example"))]
    pub email: String,
}

/// One of the person's signed-in browsers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSession {
    pub id: Uuid,
    /// Whether this is the session asking.
    pub current: bool,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
}

/// Asks for a password-reset link. The answer is the same whether or not the email has a login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotPasswordRequest {
    #[cfg_attr(feature = "openapi", schema(example = "ada@example.com", value_type = crate::patterns::items::EmailAddress))]
    pub email: String,
}

impl ForgotPasswordRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_email("email", &self.email)
    }
}

/// Sets a new password with a reset link's token; every session of the person is signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[^\x00]*$"))]
    pub token: String,
    /// At least 8 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 8, max_length = 256, pattern = r"^[^\x00]*$")
    )]
    pub password: String,
}

impl ResetPasswordRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_password("password", &self.password)
    }
}
