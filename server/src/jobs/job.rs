//! Every kind of job and its payload, as one type: what is enqueued is what is dispatched, and
//! a kind without a handler, or a payload of the wrong shape, does not compile.
//!
//! The table keeps the kind and the payload in two columns (`kind`, `payload`); this type is
//! serialised as `{"kind": …, "payload": …}` and split into them.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::mods::call::analyze::AnalyzeCall;
use crate::mods::call::pipeline::ProcessRecording;
use crate::mods::contact::enrich::EnrichContact;
use crate::mods::mail::deliver::SendMail;
use crate::mods::report::call_report::SendCallReport;
use crate::mods::report::digest::SendDailyDigest;
use crate::mods::todo::action::RunTodoAction;
use crate::mods::todo::extract::ExtractTodos;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Job {
    /// Download a call's recording, store it, transcribe it, then enqueue the rest.
    ProcessRecording(ProcessRecording),
    /// Fill in the caller's contact from the transcript.
    EnrichContact(EnrichContact),
    /// Run the number's analyzers over the transcript.
    AnalyzeCall(AnalyzeCall),
    /// Send one message of the outbox (or keep it there when no SMTP server is configured).
    SendMail(SendMail),
    /// Find the follow-ups in a call's transcript.
    ExtractTodos(ExtractTodos),
    /// Run what an approved to-do's type does (send an email).
    RunTodoAction(RunTodoAction),
    /// Email the report of a call, once its analysis and to-dos are ready.
    SendCallReport(SendCallReport),
    /// Email an organization's digest of one day's calls.
    SendDailyDigest(SendDailyDigest),
}

/// A stored row's kind and payload did not make a job (a kind this server does not know, or a
/// payload that is not that kind's).
#[derive(Debug, thiserror::Error)]
#[error("job of kind {kind:?} is not one this server runs: {source}")]
pub struct UnknownJob {
    kind: String,
    source: serde_json::Error,
}

impl Job {
    /// The `kind` and `payload` columns.
    pub fn to_columns(&self) -> (String, Value) {
        let mut tagged = serde_json::to_value(self).unwrap_or_default();
        let kind = tagged["kind"].as_str().unwrap_or_default().to_string();
        (kind, tagged["payload"].take())
    }

    /// How many times the job is tried before it is dead; `None` for the table's default (8,
    /// about four minutes of retries with the queue's backoff).
    pub fn max_attempts(&self) -> Option<i32> {
        match self {
            // Mail servers defer on purpose (greylisting asks a new sender to come back after
            // some minutes) and go down for maintenance: 16 attempts span about an hour and a
            // half.
            Job::SendMail(_) => Some(16),
            Job::ProcessRecording(_)
            | Job::EnrichContact(_)
            | Job::AnalyzeCall(_)
            | Job::ExtractTodos(_)
            | Job::RunTodoAction(_)
            | Job::SendCallReport(_)
            | Job::SendDailyDigest(_) => None,
        }
    }

    /// The job a stored row holds.
    pub fn from_columns(kind: &str, payload: &Value) -> Result<Job, UnknownJob> {
        serde_json::from_value(json!({"kind": kind, "payload": payload}))
            .map_err(|source| UnknownJob { kind: kind.to_string(), source })
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_job_round_trips_through_its_columns() {
        let job = Job::AnalyzeCall(AnalyzeCall { call_id: Uuid::nil(), run_key: "RE1".into() });
        let (kind, payload) = job.to_columns();
        assert_eq!(kind, "analyze_call");
        assert_eq!(payload["run_key"], "RE1");
        assert_eq!(Job::from_columns(&kind, &payload).ok(), Some(job));
        let enrich = Job::EnrichContact(EnrichContact { call_id: Uuid::nil() });
        assert_eq!(enrich.to_columns().0, "enrich_contact");
        let recording = Job::ProcessRecording(ProcessRecording {
            call_id: Uuid::nil(),
            recording_sid: "RE1".into(),
            channels: 2,
        });
        assert_eq!(recording.to_columns().0, "process_recording");
        let mail = Job::SendMail(SendMail { message_id: Uuid::nil() });
        assert_eq!(mail.to_columns().0, "send_mail");
        assert_eq!(Job::from_columns("send_mail", &mail.to_columns().1).ok(), Some(mail));
        // The report's `call_id` is what pending post-call work is found by (PENDING_CALL_IDS).
        let report =
            Job::SendCallReport(SendCallReport { call_id: Uuid::nil(), run_key: "RE1".into() });
        let (kind, payload) = report.to_columns();
        assert_eq!((kind.as_str(), &payload["call_id"]), ("send_call_report", &json!(Uuid::nil())));
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap_or_default();
        let digest = Job::SendDailyDigest(SendDailyDigest { organization_id: Uuid::nil(), date });
        let (kind, payload) = digest.to_columns();
        assert_eq!((kind.as_str(), &payload["date"]), ("send_daily_digest", &json!("2026-03-08")));
        assert_eq!(Job::from_columns(&kind, &payload).ok(), Some(digest));
    }

    #[test]
    fn a_recording_job_queued_before_channels_were_known_reads_as_mono() {
        let payload = json!({"call_id": Uuid::nil(), "recording_sid": "RE1"});
        let Ok(Job::ProcessRecording(job)) = Job::from_columns("process_recording", &payload)
        else {
            panic!("an older payload still reads");
        };
        assert_eq!(job.channels, 1);
    }

    #[test]
    fn unknown_kinds_and_wrong_payloads_are_refused() {
        assert!(Job::from_columns("mow_the_lawn", &json!({})).is_err());
        assert!(Job::from_columns("analyze_call", &json!({"call_id": 7})).is_err());
    }
}
