//! Durable background work in PostgreSQL: what must happen after a webhook has answered
//! (recording download, transcription, enrichment, analysis, email) survives crashes and retries.
//!
//! Every handler is idempotent: a job may run again after a crash (its lease lapses and another
//! worker claims it), so each step checks what is already done before doing it.

pub mod job;
pub mod queue;
pub mod worker;

pub use job::Job;
