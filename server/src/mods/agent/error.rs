//! What can go wrong with agents, as the agent module says it; [`ApiError`] is made from it only
//! at the handler edge.

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// Unknown id, or another organization's agent.
    #[error("agent not found")]
    NotFound,
    /// A stored setting no longer reads as today's type: a migration is missing.
    #[error("agent {id} has unreadable {what}")]
    Unreadable {
        id: uuid::Uuid,
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("agent settings could not be written as JSON")]
    Unwritable(#[source] serde_json::Error),
    #[error("agent storage")]
    Database(#[from] diesel::result::Error),
}

impl From<AgentError> for ApiError {
    fn from(err: AgentError) -> Self {
        match err {
            AgentError::NotFound => ApiError::NotFound { resource: "agent" },
            AgentError::Database(e) => e.into(),
            other => ApiError::internal(other),
        }
    }
}
