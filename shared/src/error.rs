//! The one error envelope every failing `/api` request answers with.

use serde::{Deserialize, Serialize};

/// `{"error": {"code": "…", "message": "…", "field": "…"}}`: the body of every 4xx and 5xx
/// answer (`field` only when the error is about one field of the request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// A stable machine-readable code, a sentence for people, and the field it is about (if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case identifier clients can match on, e.g. `invalid_email`.
    #[cfg_attr(feature = "openapi", schema(example = "invalid_email"))]
    pub code: String,
    /// Human-readable explanation naming the problem (and the field, for validation errors).
    #[cfg_attr(feature = "openapi", schema(example = "email: must be an email address"))]
    pub message: String,
    /// The request field the error is about, for errors about one field (validation errors,
    /// a value already taken): `name`, `realtime_config.speed`, `tools.transfer_call.number`.
    /// When present, the message begins `<field>: `. Absent (never `null`) for errors about the
    /// request as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "email", nullable = false))]
    pub field: Option<String>,
}
