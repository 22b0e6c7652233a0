//! Signing up, in and out, and the session every page reads.

pub mod components;
pub mod session;
pub mod views;
