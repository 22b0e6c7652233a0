//! Settings → Telephony: whose Twilio account the numbers live in, and importing numbers.

pub mod components;
pub mod form_state;
pub mod views;
