//! What can go wrong with members and invitations, as the team module says it.

use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The column's CHECK constraint admits only known roles, so an unknown one means the
    /// database and this build disagree: an internal error, never a guess.
    #[error("member {member_id} has role {role:?}, which this build doesn't know")]
    UnknownRole { member_id: Uuid, role: String },
    #[error("team storage")]
    Database(#[from] diesel::result::Error),
}

impl From<TeamError> for ApiError {
    fn from(err: TeamError) -> Self {
        match err {
            TeamError::Database(e) => e.into(),
            other => ApiError::internal(other),
        }
    }
}
