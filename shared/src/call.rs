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
    /// The contact's name; absent for a caller not yet named (show the number from
    /// `from_to_number`).
    pub contact_name: Option<String>,
    /// Twilio's CallSid.
    pub call_sid: String,
    /// "+1… -> +1…".
    #[cfg_attr(feature = "openapi", schema(example = "+14155550199 -> +14155550123"))]
    pub from_to_number: String,
    pub direction: CallDirection,
    /// E.g. `in-progress`, `completed`.
    pub status: String,
    pub duration_secs: Option<i32>,
    /// Whether `GET /api/calls/{id}/recording` has audio.
    pub has_recording: bool,
    /// Whether a transcription exists.
    pub has_transcription: bool,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// A call with its transcription and analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallDetails {
    pub call: Call,
    pub transcription: Option<String>,
    /// One group per analyzer that has run on the call.
    pub analysis_groups: Vec<CallAnalysisGroup>,
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
