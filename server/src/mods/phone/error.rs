//! What can go wrong with the numbers registered in Loquent, as the phone module says it;
//! [`ApiError`] is made from it only at the handler edge.

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    /// Unknown id, or another organization's number.
    #[error("phone number not found")]
    NotFound,
    #[error("phone number storage")]
    Database(#[from] diesel::result::Error),
}

impl From<PhoneError> for ApiError {
    fn from(err: PhoneError) -> Self {
        match err {
            PhoneError::NotFound => ApiError::NotFound { resource: "phone number" },
            PhoneError::Database(e) => e.into(),
        }
    }
}
