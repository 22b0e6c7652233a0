//! What can go wrong with contacts, as the contact module says it; [`ApiError`] is made from it
//! only at the handler edge.

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum ContactError {
    /// Unknown id, or another organization's contact.
    #[error("contact not found")]
    NotFound,
    #[error("contact phone not found")]
    PhoneNotFound,
    #[error("contact email not found")]
    EmailNotFound,
    /// Numbers are unique in an organization: a call resolves to exactly one contact.
    #[error("number: {number} already belongs to {owner}")]
    PhoneTaken { number: String, owner: String },
    #[error("email: {email} is already on this contact")]
    EmailExists { email: String },
    #[error("contact storage")]
    Database(#[from] diesel::result::Error),
}

impl From<ContactError> for ApiError {
    fn from(err: ContactError) -> Self {
        let message = err.to_string();
        match err {
            ContactError::NotFound => ApiError::NotFound { resource: "contact" },
            ContactError::PhoneNotFound => ApiError::NotFound { resource: "contact phone" },
            ContactError::EmailNotFound => ApiError::NotFound { resource: "contact email" },
            ContactError::PhoneTaken { .. } => {
                ApiError::Conflict { code: "phone_taken", message, field: Some("number") }
            }
            ContactError::EmailExists { .. } => {
                ApiError::Conflict { code: "email_exists", message, field: Some("email") }
            }
            ContactError::Database(e) => e.into(),
        }
    }
}
