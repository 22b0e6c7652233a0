//! The agent as a live call needs it: who it is, how it sounds, what it may do. One query, and
//! nothing a call doesn't use (no count of the numbers it answers).

use diesel_async::AsyncPgConnection;
use loquent_shared::{AgentTools, RealtimeConfig};
use uuid::Uuid;

use super::error::AgentError;
use super::queries;

#[derive(Debug, Clone)]
pub struct CallAgent {
    pub id: Uuid,
    pub instructions: String,
    pub realtime_config: RealtimeConfig,
    pub tools: AgentTools,
}

/// The organization's agent `id`, ready to answer a call.
pub async fn load(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<CallAgent, AgentError> {
    let row = queries::find(conn, organization_id, id).await?;
    let corrupt = |what, source| AgentError::Unreadable { id, what, source };
    Ok(CallAgent {
        id: row.id,
        instructions: row.instructions,
        realtime_config: serde_json::from_value(row.realtime_config)
            .map_err(|e| corrupt("realtime_config", e))?,
        tools: serde_json::from_value(row.tools).map_err(|e| corrupt("tools", e))?,
    })
}
