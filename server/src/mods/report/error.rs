//! What can go wrong with reporting settings, as the report module says it; [`ApiError`] is
//! made from it only at the handler edge.

use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A recipient that isn't a member of the organization (or is another organization's).
    #[error("member_ids: {id} is not a member of this organization")]
    UnknownMember { id: Uuid },
    #[error("report storage")]
    Database(#[from] diesel::result::Error),
}

impl From<ReportError> for ApiError {
    fn from(err: ReportError) -> Self {
        let message = err.to_string();
        match err {
            ReportError::UnknownMember { .. } => {
                ApiError::Missing { code: "not_found", message, field: Some("member_ids") }
            }
            ReportError::Database(e) => e.into(),
        }
    }
}
