//! What can go wrong signing in, as the auth module says it; [`ApiError`] is made from it only
//! at the handler edge.

use std::time::Duration;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Too many attempts in the current window; the client may retry after `retry_after`.
    #[error("rate limited for {retry_after:?}")]
    RateLimited { retry_after: Duration },
    #[error("rate limit storage")]
    Database(#[from] diesel::result::Error),
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::RateLimited { retry_after } => ApiError::RateLimited { retry_after },
            AuthError::Database(e) => e.into(),
        }
    }
}
