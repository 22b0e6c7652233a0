//! How Twilio's failures reach Loquent's clients.

use actix_web::http::StatusCode;

use crate::clients::twilio::TwilioError;
use crate::error::ApiError;

/// The organization has no Twilio account and Loquent has no platform account to make one
/// under (500, as the product's contract says: it is the deployment that is missing something).
pub fn not_configured() -> ApiError {
    ApiError::Http {
        field: None,
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "twilio_not_configured",
        message: "Telephony is not set up: connect a Twilio account in Settings → Telephony".into(),
    }
}

/// Twilio refused or failed (502), with Twilio's own message.
pub fn twilio_error(err: TwilioError) -> ApiError {
    ApiError::Http {
        field: None,
        status: StatusCode::BAD_GATEWAY,
        code: "twilio_error",
        message: format!("Twilio: {}", err.public_message()),
    }
}
