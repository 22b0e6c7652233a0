//! The app's frame around every signed-in page.

pub mod components;
mod org_switcher;
pub mod views;
