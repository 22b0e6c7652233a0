//! Organization settings and API keys.

pub mod components;
pub mod views;
