//! What can go wrong seeding or clearing the demo workspace, as the demo module says it;
//! [`ApiError`] is made from it only at the handler edge (and there it is always Loquent's
//! fault: a 500).

use crate::error::ApiError;
use crate::mods::agent::AgentError;
use crate::mods::analyzer::AnalyzerError;
use crate::mods::call::CallError;
use crate::mods::mail::MailError;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data storage")]
    Database(#[from] diesel::result::Error),
    #[error("a database connection")]
    Pool(#[from] crate::db::PoolError),
    #[error("the demo agent")]
    Agent(#[from] AgentError),
    #[error("the demo analyzers")]
    Analyzer(#[from] AnalyzerError),
    #[error("the demo calls")]
    Call(#[from] CallError),
    #[error("the demo outbox")]
    Mail(#[from] MailError),
    /// Rendering a sample report with the report module's renderers.
    #[error("composing a demo report")]
    Report(#[source] anyhow::Error),
    /// Writing a synthesized recording to the recording store.
    #[error("storing the demo recording of call {call_sid}")]
    Recording {
        call_sid: String,
        #[source]
        source: anyhow::Error,
    },
    /// The clinic's opening hours as the JSON the organization stores.
    #[error("writing the demo opening hours")]
    Profile(#[source] serde_json::Error),
    /// The organization's time zone gave fewer instants than local times asked for.
    #[error("placing the demo month in time zone {0}")]
    Clock(String),
}

impl From<DemoError> for ApiError {
    fn from(err: DemoError) -> Self {
        ApiError::internal(err)
    }
}
