//! Twilio's answers about one of the organization's numbers, as the voice-URL handlers give them.

use crate::clients::twilio::TwilioError;
use crate::error::ApiError;

/// Twilio's 404 for a number Loquent holds means it left the Twilio account (released, or moved
/// to another account): a state the organization can fix (409), not a failure of Twilio's (502).
pub fn gone_or_upstream(err: TwilioError, twilio_sid: &str) -> ApiError {
    match err {
        TwilioError::Api { status: 404, .. } => ApiError::conflict(
            "number_not_in_twilio",
            format!(
                "{twilio_sid} is no longer in the organization's Twilio account (released or \
                 moved): import it again, or remove it from Loquent"
            ),
        ),
        other => other.into(),
    }
}
