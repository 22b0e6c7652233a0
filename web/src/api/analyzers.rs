//! Analyzers: prompts run over call transcripts.

use loquent_shared::{Analyzer, AnalyzerInput};
use uuid::Uuid;

use super::ApiResult;

/// `GET /api/analyzers`
pub async fn list() -> ApiResult<Vec<Analyzer>> {
    super::get("/api/analyzers").await
}

/// `GET /api/analyzers/{id}`
pub async fn get(id: Uuid) -> ApiResult<Analyzer> {
    super::get(&format!("/api/analyzers/{id}")).await
}

/// `POST /api/analyzers`
pub async fn create(input: &AnalyzerInput) -> ApiResult<Analyzer> {
    super::post("/api/analyzers", input).await
}

/// `PUT /api/analyzers/{id}`: replaces the analyzer, including its numbers.
pub async fn update(id: Uuid, input: &AnalyzerInput) -> ApiResult<Analyzer> {
    super::put(&format!("/api/analyzers/{id}"), input).await
}

/// `DELETE /api/analyzers/{id}`
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::delete(&format!("/api/analyzers/{id}")).await
}
