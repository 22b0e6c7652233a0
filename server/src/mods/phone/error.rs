//! What can go wrong with the numbers registered in Loquent, as the phone module says it;
//! [`ApiError`] is made from it only at the handler edge.

use crate::error::ApiError;
use crate::mods::agent::AgentError;

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    /// Unknown id, or another organization's number.
    #[error("phone number not found")]
    NotFound,
    /// The agent a change names is unknown, or another organization's.
    #[error("agent_id: agent not found")]
    UnknownAgent,
    #[error("phone number storage")]
    Database(#[from] diesel::result::Error),
    #[error("the number's agent")]
    Agent(#[source] AgentError),
}

impl From<AgentError> for PhoneError {
    fn from(err: AgentError) -> Self {
        match err {
            AgentError::NotFound => PhoneError::UnknownAgent,
            other => PhoneError::Agent(other),
        }
    }
}

impl From<PhoneError> for ApiError {
    fn from(err: PhoneError) -> Self {
        let message = err.to_string();
        match err {
            PhoneError::NotFound => ApiError::NotFound { resource: "phone number" },
            // 404 as when assigning an unknown agent by its path, naming the body's field.
            PhoneError::UnknownAgent => {
                ApiError::Missing { code: "not_found", message, field: Some("agent_id") }
            }
            PhoneError::Database(e) => e.into(),
            PhoneError::Agent(e) => e.into(),
        }
    }
}
