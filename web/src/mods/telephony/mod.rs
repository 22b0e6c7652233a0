//! Settings → Telephony: whose Twilio account the numbers live in, and importing numbers.

pub mod components;
pub mod views;
