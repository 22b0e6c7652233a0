//! What can go wrong with organizations and members, as the organization module says it.

use uuid::Uuid;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum OrganizationError {
    /// The column's CHECK constraint admits only known roles, so an unknown one means the
    /// database and this build disagree: an internal error, never a guess.
    #[error("member {member_id} has role {role:?}, which this build doesn't know")]
    UnknownRole { member_id: Uuid, role: String },
}

impl From<OrganizationError> for ApiError {
    fn from(err: OrganizationError) -> Self {
        ApiError::internal(err)
    }
}
