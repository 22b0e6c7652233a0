//! What can go wrong with the outbox, as the mail module says it; [`ApiError`] is made from it
//! only at the handler edge.

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Unknown id, or another organization's message.
    #[error("message not found")]
    NotFound,
    /// A recipient that isn't an email address: nothing is queued.
    #[error("to: {address:?} is not an email address ({reason})")]
    InvalidRecipient { address: String, reason: String },
    #[error("outbox storage")]
    Database(#[from] diesel::result::Error),
}

impl From<MailError> for ApiError {
    fn from(err: MailError) -> Self {
        match err {
            MailError::NotFound => ApiError::NotFound { resource: "message" },
            // Only a member's own address is sent to from a request; theirs was checked when
            // they joined, so this is Loquent's fault, not the request's.
            MailError::InvalidRecipient { .. } => ApiError::internal(err),
            MailError::Database(e) => e.into(),
        }
    }
}
