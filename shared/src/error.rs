//! The one error envelope every failing `/api` request answers with.

use serde::{Deserialize, Serialize};

/// `{"error": {"code": "…", "message": "…"}}`: the body of every 4xx and 5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// A stable machine-readable code and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable snake_case identifier clients can match on, e.g. `invalid_email`.
    #[cfg_attr(feature = "openapi", schema(example = "invalid_email"))]
    pub code: String,
    /// Human-readable explanation naming the problem (and the field, for validation errors).
    #[cfg_attr(feature = "openapi", schema(example = "email: must be an email address"))]
    pub message: String,
}
