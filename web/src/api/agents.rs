//! Voice agents.

use loquent_shared::{Agent, AgentInput};
use uuid::Uuid;

use super::ApiResult;

/// `GET /api/agents`
pub async fn list() -> ApiResult<Vec<Agent>> {
    super::get("/api/agents").await
}

/// `GET /api/agents/{id}`
pub async fn get(id: Uuid) -> ApiResult<Agent> {
    super::get(&format!("/api/agents/{id}")).await
}

/// `POST /api/agents`
pub async fn create(input: &AgentInput) -> ApiResult<Agent> {
    super::post("/api/agents", input).await
}

/// `PUT /api/agents/{id}`: replaces the agent's settings.
pub async fn update(id: Uuid, input: &AgentInput) -> ApiResult<Agent> {
    super::put(&format!("/api/agents/{id}"), input).await
}

/// `DELETE /api/agents/{id}`: its numbers are left without an agent.
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::delete(&format!("/api/agents/{id}")).await
}
