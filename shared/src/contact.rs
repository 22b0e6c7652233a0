//! Contacts: the people who call an organization, known by number until named.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, MAX_NAME_LEN, validate_e164, validate_email};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Contact id.
    pub id: Uuid,
    /// Empty until staff or enrichment name the caller.
    pub first_name: String,
    pub last_name: String,
    /// Phones; exactly one is preferred when there are any.
    pub phones: Vec<ContactPhone>,
    /// Emails; exactly one is preferred when there are any.
    pub emails: Vec<ContactEmail>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
    /// A call with this contact is still being processed, so Loquent may yet fill in their
    /// name or email from it. Look again until it turns `false`.
    pub processing: bool,
}

impl Contact {
    /// "First Last", or the preferred number for a caller not yet named.
    pub fn display_name(&self) -> String {
        let name =
            format!("{} {}", self.first_name.trim(), self.last_name.trim()).trim().to_string();
        if !name.is_empty() {
            return name;
        }
        self.phones
            .iter()
            .find(|p| p.is_preferred)
            .or(self.phones.first())
            .map(|p| p.number.clone())
            .unwrap_or_else(|| "Unknown caller".into())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPhone {
    pub id: Uuid,
    /// E.164.
    #[cfg_attr(feature = "openapi", schema(example = "+14155550123"))]
    pub number: String,
    /// E.g. "mobile", "work".
    pub label: String,
    pub is_preferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactEmail {
    pub id: Uuid,
    /// Lowercased.
    pub email: String,
    pub label: String,
    pub is_preferred: bool,
}

/// Creates a contact (`POST`), with any phones and emails; or renames one (`PUT`, where phones
/// and emails are ignored: they have their own routes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Grace", max_length = 120, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Hopper", max_length = 120, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub last_name: String,
    #[serde(default)]
    pub phones: Vec<ContactPhoneInput>,
    #[serde(default)]
    pub emails: Vec<ContactEmailInput>,
}

impl ContactInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_person_name("first_name", &self.first_name)?;
        validate_person_name("last_name", &self.last_name)?;
        for phone in &self.phones {
            phone.validate()?;
        }
        for email in &self.emails {
            email.validate()?;
        }
        Ok(())
    }
}

/// A phone to add to a contact, or a phone's new values (`PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPhoneInput {
    /// E.164.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "+14155550123", pattern = r"^\+[1-9][0-9]{7,14}$")
    )]
    pub number: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "mobile", max_length = 40, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub label: String,
    /// Makes this the preferred phone (the previous one stops being preferred).
    #[serde(default)]
    pub is_preferred: bool,
}

impl ContactPhoneInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_e164("number", &self.number)?;
        validate_label(&self.label)
    }
}

/// An email to add to a contact, or an email's new values (`PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactEmailInput {
    #[cfg_attr(feature = "openapi", schema(example = "grace@example.com", value_type = crate::patterns::items::EmailAddress))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "work", max_length = 40, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub label: String,
    /// Makes this the preferred email (the previous one stops being preferred).
    #[serde(default)]
    pub is_preferred: bool,
}

impl ContactEmailInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_email("email", &self.email)?;
        validate_label(&self.label)
    }
}

/// A page of contacts, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPage {
    pub items: Vec<Contact>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Names may be empty (an unknown caller) but not absurd.
fn validate_person_name(field: &'static str, value: &str) -> Result<(), FieldError> {
    if value.chars().count() > MAX_NAME_LEN {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_NAME_LEN} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid", "must not contain control characters"));
    }
    Ok(())
}

fn validate_label(value: &str) -> Result<(), FieldError> {
    if value.chars().count() > 40 || value.chars().any(char::is_control) {
        return Err(FieldError::new("label", "invalid", "must be at most 40 printable characters"));
    }
    Ok(())
}
