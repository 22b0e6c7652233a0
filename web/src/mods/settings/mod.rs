//! Organization settings and API keys.

pub mod components;
pub mod form_state;
pub mod organization_form;
pub mod views;
