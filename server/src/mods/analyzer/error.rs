//! What can go wrong with analyzers, as the analyzer module says it; [`ApiError`] is made from it
//! only at the handler edge.

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum AnalyzerError {
    /// Unknown id, or another organization's analyzer.
    #[error("analyzer not found")]
    NotFound,
    /// An analyzer was to be assigned a number the organization doesn't have.
    #[error("phone number not found")]
    UnknownPhoneNumber,
    #[error("analyzer storage")]
    Database(#[from] diesel::result::Error),
}

impl From<AnalyzerError> for ApiError {
    fn from(err: AnalyzerError) -> Self {
        match err {
            AnalyzerError::NotFound => ApiError::NotFound { resource: "analyzer" },
            AnalyzerError::UnknownPhoneNumber => ApiError::NotFound { resource: "phone number" },
            AnalyzerError::Database(e) => e.into(),
        }
    }
}
