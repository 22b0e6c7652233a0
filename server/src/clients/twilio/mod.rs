//! Twilio's REST API v2010: HTTP Basic auth, form-encoded bodies, JSON answers.

mod client;
mod error;
pub mod resources;
pub mod signature;

pub use client::{TwilioClient, TwilioCredentials};
pub use error::TwilioError;
pub use error::codes as error_codes;
