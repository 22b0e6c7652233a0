//! Settings → Email: how mail leaves Loquent (SMTP, or kept in the outbox), a test message, and
//! the outbox with each message as it was sent.

pub mod components;
pub mod preview;
pub mod views;
