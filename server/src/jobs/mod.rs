//! Durable background work in PostgreSQL: what must happen after a webhook has answered
//! (recording download, transcription, enrichment, analysis, email) survives crashes and retries.
//!
//! Every handler is idempotent: a job may run again after a crash (its lease lapses and another
//! worker claims it), so each step checks what is already done before doing it. A handler that
//! must wait for other work returns [`NotYet`] and is run again later.

pub mod job;
pub mod not_yet;
pub mod queue;
pub mod worker;

pub use job::Job;
pub use not_yet::NotYet;
