//! What can go wrong with organizations, as the organization module says it.

use loquent_shared::validation::FieldError;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum OrganizationError {
    /// A time zone name of the right shape that the database doesn't know.
    #[error("no time zone is called {0:?}")]
    UnknownTimezone(String),
    #[error("organization storage")]
    Database(#[from] diesel::result::Error),
}

impl From<OrganizationError> for ApiError {
    fn from(err: OrganizationError) -> Self {
        match err {
            OrganizationError::UnknownTimezone(_) => ApiError::Validation(FieldError::new(
                "timezone",
                "unknown_timezone",
                "is not a time zone Loquent knows; use an IANA name such as America/New_York",
            )),
            OrganizationError::Database(e) => e.into(),
        }
    }
}
