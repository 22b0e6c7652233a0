//! Organization settings and API keys.

pub mod components;
mod demo_data;
pub mod form_state;
pub mod key_choices;
pub mod organization_form;
mod profile_draft;
mod profile_form;
pub mod views;
