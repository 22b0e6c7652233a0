//! What can go wrong with API keys, as the api_key module says it; [`ApiError`] is made from it
//! at the handler edge.

use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    /// The column's CHECK constraint admits only known scopes, so an unknown one means the
    /// database and this build disagree: an internal error, never a guess at what it allows.
    #[error("API key {id} has scope {value:?}, which this build doesn't know")]
    UnknownScope { id: Uuid, value: String },
    #[error("API key storage")]
    Database(#[from] diesel::result::Error),
}

impl From<ApiKeyError> for ApiError {
    fn from(err: ApiKeyError) -> Self {
        match err {
            ApiKeyError::Database(e) => e.into(),
            other => ApiError::internal(other),
        }
    }
}
