//! Analyzers: the list, creating one, editing and deleting one.

pub mod components;
pub mod form_state;
pub mod views;
