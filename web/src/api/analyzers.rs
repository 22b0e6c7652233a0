//! Analyzers: prompts run over call transcripts.

use loquent_shared::{Analyzer, AnalyzerInput};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `GET /api/analyzers`
pub async fn list() -> ApiResult<Vec<Analyzer>> {
    super::fetch(routes::LIST_ANALYZERS.at(&[])).await
}

/// `GET /api/analyzers/{id}`
pub async fn get(id: Uuid) -> ApiResult<Analyzer> {
    super::fetch(routes::GET_ANALYZER.at(&[&id])).await
}

/// `POST /api/analyzers`
pub async fn create(input: &AnalyzerInput) -> ApiResult<Analyzer> {
    super::send_json(routes::CREATE_ANALYZER.at(&[]), input).await
}

/// `PUT /api/analyzers/{id}`: replaces the analyzer, including its numbers.
pub async fn update(id: Uuid, input: &AnalyzerInput) -> ApiResult<Analyzer> {
    super::send_json(routes::UPDATE_ANALYZER.at(&[&id]), input).await
}

/// `DELETE /api/analyzers/{id}`
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_ANALYZER.at(&[&id])).await
}
