//! What can go wrong while reading the dashboard; [`ApiError`] is made from it only at the
//! handler edge.

use crate::error::ApiError;
use crate::mods::todo::TodoError;

#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("reading the dashboard's figures")]
    Database(#[from] diesel::result::Error),
    #[error("counting the range's to-dos")]
    Todos(#[from] TodoError),
    /// PostgreSQL answered a different number of local times than instants asked about.
    #[error("asked for the local times of 2 instants, got {got}")]
    LocalTimes { got: usize },
}

impl From<DashboardError> for ApiError {
    fn from(err: DashboardError) -> Self {
        match err {
            DashboardError::Database(e) => e.into(),
            DashboardError::Todos(e) => e.into(),
            e @ DashboardError::LocalTimes { .. } => ApiError::internal(e),
        }
    }
}
