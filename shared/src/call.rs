//! Calls, their recordings, transcriptions and analysis runs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallDirection {
    Inbound,
    Outbound,
}

impl CallDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            CallDirection::Inbound => "inbound",
            CallDirection::Outbound => "outbound",
        }
    }
}

/// Where a call stands, in Twilio's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum CallStatus {
    Queued,
    Ringing,
    InProgress,
    Completed,
    Busy,
    Failed,
    NoAnswer,
    Canceled,
}

impl CallStatus {
    pub const ALL: [CallStatus; 8] = [
        CallStatus::Queued,
        CallStatus::Ringing,
        CallStatus::InProgress,
        CallStatus::Completed,
        CallStatus::Busy,
        CallStatus::Failed,
        CallStatus::NoAnswer,
        CallStatus::Canceled,
    ];

    /// Twilio's spelling, as stored (`in-progress`, `no-answer`…).
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Queued => "queued",
            CallStatus::Ringing => "ringing",
            CallStatus::InProgress => "in-progress",
            CallStatus::Completed => "completed",
            CallStatus::Busy => "busy",
            CallStatus::Failed => "failed",
            CallStatus::NoAnswer => "no-answer",
            CallStatus::Canceled => "canceled",
        }
    }

    /// The status Twilio (or the database) spells `text`.
    pub fn parse(text: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For people: "no answer", "in progress".
    pub fn label(self) -> String {
        self.as_str().replace('-', " ")
    }
}

impl CallDirection {
    /// The direction spelt `text`, as stored.
    pub fn parse(text: &str) -> Option<CallDirection> {
        [CallDirection::Inbound, CallDirection::Outbound].into_iter().find(|d| d.as_str() == text)
    }
}

/// A call as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    /// Call id.
    pub id: Uuid,
    /// The organization's number the call came in on (or went out from).
    pub phone_number_id: Option<Uuid>,
    /// The caller (or callee) as a contact.
    pub contact_id: Option<Uuid>,
    /// The contact's name; absent for a caller not yet named (show the other party's number).
    pub contact_name: Option<String>,
    /// Twilio's CallSid.
    pub call_sid: String,
    /// Who called (E.164, or whatever caller ID the network gave, e.g. `anonymous`).
    #[cfg_attr(feature = "openapi", schema(example = "+14155550199"))]
    pub from_number: String,
    /// The number called (E.164).
    #[cfg_attr(feature = "openapi", schema(example = "+14155550123"))]
    pub to_number: String,
    /// `from_number -> to_number`, kept for integrations written before the two fields.
    #[cfg_attr(feature = "openapi", schema(example = "+14155550199 -> +14155550123"))]
    pub from_to_number: String,
    pub direction: CallDirection,
    pub status: CallStatus,
    pub duration_secs: Option<i32>,
    /// Whether `GET /api/calls/{id}/recording` has audio.
    pub has_recording: bool,
    /// Whether a transcription exists.
    pub has_transcription: bool,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub ended_at: Option<DateTime<Utc>>,
    /// Loquent is still working on the call: it is live, its recording is on its way or being
    /// transcribed, or its contact or analysis is being filled in (a rerun too). Until it turns
    /// `false`, fields may still change: look again (every few seconds is plenty).
    pub processing: bool,
}

/// A call with its transcription and analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallDetails {
    pub call: Call,
    /// The transcript as text. For a call recorded with one channel per party, one line per
    /// turn, labelled by speaker (`Staff: …`, `Contact: …`, `Agent: …`); otherwise as the
    /// recording was transcribed.
    pub transcription: Option<String>,
    /// The conversation turn by turn, in order, for a call recorded with one channel per party
    /// (calls placed from the browser). `null` when the recording had one channel (each party
    /// isn't known then: read `transcription`) or isn't transcribed yet.
    #[serde(default)]
    pub transcript_turns: Option<Vec<TranscriptTurn>>,
    /// One group per analyzer that has run on the call.
    pub analysis_groups: Vec<CallAnalysisGroup>,
}

/// Who speaks in a turn of a transcript: `staff`, a member of the organization (calling from
/// the browser); `contact`, the other party (who called, or was called); `agent`, Loquent's AI
/// agent answering a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TranscriptSpeaker {
    /// A member of the organization (e.g. calling from the browser).
    Staff,
    /// The other party: the contact who called, or who was called.
    Contact,
    /// Loquent's AI agent answering the call.
    Agent,
}

impl TranscriptSpeaker {
    /// The label of the speaker's lines in a text transcript: `Staff`, `Contact`, `Agent`.
    pub fn label(self) -> &'static str {
        match self {
            TranscriptSpeaker::Staff => "Staff",
            TranscriptSpeaker::Contact => "Contact",
            TranscriptSpeaker::Agent => "Agent",
        }
    }
}

/// What one speaker said without the other speaking in between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TranscriptTurn {
    /// Whose turn it is.
    pub speaker: TranscriptSpeaker,
    /// When the turn starts, in seconds from the start of the recording.
    #[cfg_attr(feature = "openapi", schema(example = 2.04))]
    pub start_secs: f64,
    /// When the turn ends, in seconds from the start of the recording.
    #[cfg_attr(feature = "openapi", schema(example = 3.2))]
    pub end_secs: f64,
    /// What was said, as transcribed.
    #[cfg_attr(feature = "openapi", schema(example = "Hi Sam, yes, Friday works."))]
    pub text: String,
}

/// An analyzer's runs on one call, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallAnalysisGroup {
    pub analyzer_id: Uuid,
    pub analyzer_name: String,
    pub runs: Vec<CallAnalysisRun>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallAnalysisRun {
    pub id: Uuid,
    pub analysis_text: String,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// A page of calls, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallPage {
    pub items: Vec<Call>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// What a rerun started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RerunAccepted {
    /// Active analyzers assigned to the call's number that will run.
    pub analyzers: u32,
}
