//! What can go wrong with to-dos and their types, as the to-do module says it; [`ApiError`] is
//! made from it only at the handler edge.

use loquent_shared::TodoStatus;

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum TodoError {
    /// Unknown id, or another organization's to-do.
    #[error("to-do not found")]
    NotFound,
    #[error("to-do type not found")]
    TypeNotFound,
    /// The model answers with a type's name, so two types can't share one.
    #[error("name: the organization already has a to-do type named {name:?}")]
    TypeNameTaken { name: String },
    /// The assignee isn't a member of the organization.
    #[error("assignee_id: not a member of this organization")]
    UnknownAssignee,
    /// E.g. approving a to-do that is already done.
    #[error("this to-do is {} and can't be {verb}", .status.label().to_lowercase())]
    WrongStatus { status: TodoStatus, verb: &'static str },
    /// A stored to-do whose status this server doesn't know.
    #[error("to-do {id} has an unknown status {status:?}")]
    CorruptStatus { id: uuid::Uuid, status: String },
    #[error("to-do storage")]
    Database(#[from] diesel::result::Error),
}

impl From<TodoError> for ApiError {
    fn from(err: TodoError) -> Self {
        let message = err.to_string();
        match err {
            TodoError::NotFound => ApiError::NotFound { resource: "to-do" },
            TodoError::TypeNotFound => ApiError::NotFound { resource: "to-do type" },
            TodoError::TypeNameTaken { .. } => {
                ApiError::Conflict { code: "name_taken", message, field: Some("name") }
            }
            TodoError::UnknownAssignee => {
                ApiError::Missing { code: "not_found", message, field: Some("assignee_id") }
            }
            TodoError::WrongStatus { .. } => {
                ApiError::Conflict { code: "wrong_status", message, field: None }
            }
            TodoError::CorruptStatus { .. } => ApiError::internal(anyhow::anyhow!(message)),
            TodoError::Database(e) => e.into(),
        }
    }
}
