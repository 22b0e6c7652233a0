//! Contacts: the list with search, creating one, and a contact's phones and emails.

pub mod components;
pub mod entry;
pub mod form_state;
pub mod views;
