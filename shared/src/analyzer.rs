//! Analyzers: prompts run over every call transcript of the numbers they are assigned to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, validate_name};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Analyzer {
    /// Analyzer id.
    pub id: Uuid,
    /// E.g. "Appointment intent".
    pub name: String,
    /// What to extract or judge from the transcript.
    pub prompt: String,
    /// Assigned automatically to every new number (bought or imported).
    pub is_default: bool,
    /// Inactive analyzers keep their results but run on no new call.
    pub is_active: bool,
    /// The numbers whose calls this analyzer reads.
    pub phone_number_ids: Vec<Uuid>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// Creates an analyzer, or replaces one entirely (`PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyzerInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Appointment intent",
            min_length = 1,
            max_length = 120,
            pattern = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Did the caller want to book, move or cancel an appointment? Answer in one line.",
            max_length = 20000,
            pattern = r"^[\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub prompt: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default = "active_by_default")]
    pub is_active: bool,
    /// Numbers to assign; each must belong to the organization.
    #[serde(default)]
    pub phone_number_ids: Vec<Uuid>,
}

fn active_by_default() -> bool {
    true
}

pub const MAX_PROMPT_LEN: usize = 20_000;

impl AnalyzerInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_name("name", &self.name)?;
        if self.prompt.trim().is_empty() {
            return Err(FieldError::new("prompt", "required", "must not be empty"));
        }
        if self.prompt.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err(FieldError::new(
                "prompt",
                "invalid",
                "must not contain control characters",
            ));
        }
        if self.prompt.chars().count() > MAX_PROMPT_LEN {
            return Err(FieldError::new(
                "prompt",
                "too_long",
                format!("must be at most {MAX_PROMPT_LEN} characters"),
            ));
        }
        Ok(())
    }
}
