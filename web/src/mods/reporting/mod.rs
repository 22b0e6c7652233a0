//! Settings → Reporting: who gets a report after each call and the daily digest, and when.

mod form_state;
pub mod views;
