//! Loquent's end-to-end test harness: the real server, started on port 0 against a real
//! PostgreSQL database of its own, and clients signed in as members of two organizations.
//! Only the outside world is faked, at the wire (fakes arrive with the modules that need them).

pub mod agent_line;
pub mod app;
pub mod audio;
pub mod client;
pub mod db;
pub mod fakes;
pub mod fixtures;
pub mod leaks;
pub mod media_stream;

pub use app::{SignedIn, TestApp};
pub use client::ApiClient;
