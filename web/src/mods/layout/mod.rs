//! The app's frame around every signed-in page.

pub mod components;
pub mod views;
