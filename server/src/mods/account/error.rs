//! What can go wrong with a person's account, as the account module says it; [`ApiError`] is
//! made from it only at the handler edge.

use loquent_shared::validation::FieldError;

use crate::error::ApiError;
use crate::mods::auth::error::AuthError;
use crate::mods::mail::MailError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The current password given to confirm a change is not the person's.
    #[error("current_password: is not your current password")]
    WrongPassword,
    /// The new email is the one the person signs in with already.
    #[error("new_email: is already your sign-in email")]
    EmailUnchanged,
    /// Another login signs in with the email asked for.
    #[error("new_email: another login uses this email")]
    EmailTaken,
    /// Another login took the email between the link being mailed and it being opened.
    #[error(
        "another login started using this email after the link was sent; ask to change to another address"
    )]
    EmailTakenMeanwhile,
    /// The mail server can't address the new email, though it looked like one.
    #[error("new_email: {reason}")]
    Undeliverable { reason: String },
    /// An unknown or malformed link, another kind of link, or a wrong secret: all answered alike,
    /// so a guesser learns nothing.
    #[error("this link isn't valid: check that it was copied whole, or ask for a new one")]
    LinkNotFound,
    /// Past its time, or replaced by a newer link.
    #[error("this link has expired (or a newer one replaced it): ask for a new one")]
    LinkExpired,
    #[error("this link has been used already: ask for a new one if you still need it")]
    LinkUsed,
    /// Not one of the person's live sessions.
    #[error("session not found")]
    SessionNotFound,
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("account mail")]
    Mail(#[from] MailError),
    #[error("account storage")]
    Database(#[from] diesel::result::Error),
    #[error("{0:#}")]
    Internal(anyhow::Error),
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::WrongPassword => ApiError::Validation(FieldError::new(
                "current_password",
                "wrong_password",
                "is not your current password",
            )),
            AccountError::EmailUnchanged => ApiError::Validation(FieldError::new(
                "new_email",
                "email_unchanged",
                "is already your sign-in email",
            )),
            AccountError::Undeliverable { reason } => {
                ApiError::Validation(FieldError::new("new_email", "invalid_email", reason))
            }
            AccountError::EmailTaken => {
                ApiError::conflict("email_taken", err.to_string()).on_field("new_email")
            }
            AccountError::EmailTakenMeanwhile => ApiError::conflict("email_taken", err.to_string()),
            AccountError::LinkNotFound => {
                ApiError::Missing { code: "link_not_found", message: err.to_string(), field: None }
            }
            AccountError::LinkExpired => ApiError::gone("link_expired", err.to_string()),
            AccountError::LinkUsed => ApiError::gone("link_used", err.to_string()),
            AccountError::SessionNotFound => ApiError::NotFound { resource: "session" },
            AccountError::Auth(e) => e.into(),
            AccountError::Mail(e) => e.into(),
            AccountError::Database(e) => e.into(),
            AccountError::Internal(e) => ApiError::internal(e),
        }
    }
}
