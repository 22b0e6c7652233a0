//! What can go wrong with telephony, as the twilio module says it; [`ApiError`] is made from it
//! only at the handler edge.

use crate::clients::twilio::TwilioError;
use crate::db::PoolError;
use crate::error::ApiError;
use crate::mods::phone::PhoneError;

#[derive(Debug, thiserror::Error)]
pub enum TelephonyError {
    /// The organization has no Twilio account and Loquent has no platform account to make one
    /// under: the deployment is missing something, so a 500 with its own code.
    #[error("Telephony is not set up: connect a Twilio account in Settings → Telephony")]
    NotConfigured,
    /// The organization disconnected its Twilio account, and what was asked needs it: the
    /// request conflicts with the organization's state (409), which the caller can change.
    #[error("No Twilio account is connected: connect one in Settings → Telephony")]
    NotConnected,
    /// Twilio refused or failed; its own message is safe to show.
    #[error("Twilio: {}", .0.public_message())]
    Twilio(#[from] TwilioError),
    #[error("Twilio refused this account SID and auth token: check both in the Twilio console")]
    CredentialsRejected,
    #[error("twilio_sids: {sid} is not a number in your Twilio account")]
    NotInAccount { sid: String },
    #[error("That number is no longer available: search again and pick another")]
    NumberUnavailable,
    #[error("phone_number: {number} is already one of your numbers")]
    AlreadyRegistered { number: String },
    /// Twilio sold the number but Loquent couldn't record it; the import offers it.
    #[error(
        "{number} was bought but could not be saved in Loquent. It is in your Twilio account: \
         import it from Settings → Telephony → Import."
    )]
    BoughtNotSaved { number: String },
    /// A Twilio request no organization's auth token signed.
    #[error("the request's X-Twilio-Signature does not match")]
    InvalidSignature,
    #[error("stored Twilio credentials are unreadable: {0:#}")]
    Secret(anyhow::Error),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    #[error("telephony storage")]
    Database(#[from] diesel::result::Error),
    #[error("database connection")]
    Pool(#[from] PoolError),
}

impl From<TelephonyError> for ApiError {
    fn from(err: TelephonyError) -> Self {
        let message = err.to_string();
        match err {
            TelephonyError::NotConfigured => {
                ApiError::NotConfigured { code: "twilio_not_configured", message }
            }
            TelephonyError::NotConnected => {
                ApiError::Conflict { code: "twilio_not_connected", message, field: None }
            }
            TelephonyError::Twilio(_) => ApiError::Upstream { code: "twilio_error", message },
            TelephonyError::CredentialsRejected => {
                ApiError::BadRequest { code: "twilio_credentials_rejected", message, field: None }
            }
            TelephonyError::NotInAccount { .. } => {
                ApiError::Missing { code: "not_found", message, field: Some("twilio_sids") }
            }
            TelephonyError::NumberUnavailable => {
                ApiError::Missing { code: "no_numbers_available", message, field: None }
            }
            TelephonyError::AlreadyRegistered { .. } => ApiError::Conflict {
                code: "phone_already_registered",
                message,
                field: Some("phone_number"),
            },
            TelephonyError::BoughtNotSaved { .. } => ApiError::Unfinished { message },
            TelephonyError::InvalidSignature => ApiError::InvalidSignature,
            TelephonyError::Phone(e) => e.into(),
            TelephonyError::Database(e) => e.into(),
            TelephonyError::Pool(e) => e.into(),
            TelephonyError::Secret(e) => ApiError::Internal(e),
        }
    }
}

/// Handlers that talk to Twilio directly answer its failures as a 502.
impl From<TwilioError> for ApiError {
    fn from(err: TwilioError) -> Self {
        TelephonyError::Twilio(err).into()
    }
}
