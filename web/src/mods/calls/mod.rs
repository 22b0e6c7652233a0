//! Calls: the list with inline playback, and a call's recording, transcript and analysis.

pub mod components;
pub mod contact_calls;
pub mod followed;
pub mod live;
pub mod transcript;
pub mod views;
