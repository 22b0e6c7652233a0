//! The page members land on.

pub mod components;
pub mod setup;
pub mod views;
