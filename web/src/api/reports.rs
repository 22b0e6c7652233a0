//! Reporting: who gets a report after each call and the daily digest.

use loquent_shared::{ReportSettings, ReportSettingsInput};

use super::{ApiResult, routes};

/// `GET /api/report-settings`
pub async fn settings() -> ApiResult<ReportSettings> {
    super::fetch(routes::GET_REPORT_SETTINGS.at(&[])).await
}

/// `PUT /api/report-settings`: replaces them; answers with what was saved.
pub async fn save(input: &ReportSettingsInput) -> ApiResult<ReportSettings> {
    super::send_json(routes::PUT_REPORT_SETTINGS.at(&[]), input).await
}
