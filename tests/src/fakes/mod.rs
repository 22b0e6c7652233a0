//! Fakes of the outside world. Each one listens on 127.0.0.1 and speaks the real service's wire
//! protocol, so the code under test runs its real HTTP clients against them.

pub mod gemini;
pub mod openai;
pub mod realtime;
pub mod smtp;
pub mod twilio;
mod ws;
