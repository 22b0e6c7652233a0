//! Voice agents.

use loquent_shared::{Agent, AgentInput};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `GET /api/agents`
pub async fn list() -> ApiResult<Vec<Agent>> {
    super::fetch(routes::LIST_AGENTS.at(&[])).await
}

/// `GET /api/agents/{id}`
pub async fn get(id: Uuid) -> ApiResult<Agent> {
    super::fetch(routes::GET_AGENT.at(&[&id])).await
}

/// `POST /api/agents`
pub async fn create(input: &AgentInput) -> ApiResult<Agent> {
    super::send_json(routes::CREATE_AGENT.at(&[]), input).await
}

/// `PUT /api/agents/{id}`: replaces the agent's settings.
pub async fn update(id: Uuid, input: &AgentInput) -> ApiResult<Agent> {
    super::send_json(routes::UPDATE_AGENT.at(&[&id]), input).await
}

/// `DELETE /api/agents/{id}`: its numbers are left without an agent.
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_AGENT.at(&[&id])).await
}
