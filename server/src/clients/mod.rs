//! The outside world, each client behind a base URL from configuration so tests can point it
//! at a local fake that speaks the same wire protocol.

pub mod llm;
pub mod mail;
pub mod realtime;
pub mod twilio;
