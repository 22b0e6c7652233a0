//! Signing up, in and out, and the session every page reads.

pub mod components;
pub mod form_state;
pub mod session;
pub mod views;
