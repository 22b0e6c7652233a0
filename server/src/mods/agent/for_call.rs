//! The agent as a live call needs it: who it is, how it sounds, what it may do, and what it is
//! told about the business it answers for. Two queries (the agent, the organization's profile),
//! and nothing a call doesn't use (no count of the numbers it answers).

use diesel_async::AsyncPgConnection;
use loquent_shared::{AgentTools, RealtimeConfig};
use uuid::Uuid;

use super::error::AgentError;
use super::{business_context, queries};
use crate::mods::organization;

#[derive(Debug, Clone)]
pub struct CallAgent {
    pub id: Uuid,
    /// What the provider is told: the agent's instructions, then the business's profile and
    /// local time as the call starts.
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
    let business = organization::for_call::load(conn, organization_id).await?;
    let corrupt = |what, source| AgentError::Unreadable { id, what, source };
    Ok(CallAgent {
        id: row.id,
        instructions: business_context::instructions(&row.instructions, &business),
        realtime_config: serde_json::from_value(row.realtime_config)
            .map_err(|e| corrupt("realtime_config", e))?,
        tools: serde_json::from_value(row.tools).map_err(|e| corrupt("tools", e))?,
    })
}
