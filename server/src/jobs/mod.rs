//! Durable background work in PostgreSQL: what must happen after a webhook has answered
//! (recording download, transcription, enrichment, analysis) survives crashes and retries.
//!
//! Every handler is idempotent: a job may run again after a crash (its lease lapses and another
//! worker claims it), so each step checks what is already done before doing it.

pub mod queue;
pub mod worker;

/// The kinds of job, and what their payloads carry.
pub mod kinds {
    pub const PROCESS_RECORDING: &str = "process_recording";
    pub const ENRICH_CONTACT: &str = "enrich_contact";
    pub const ANALYZE_CALL: &str = "analyze_call";
}
