//! Phone numbers: the list, a number's settings, buying a new one.

pub mod components;
pub mod form_state;
pub mod views;
