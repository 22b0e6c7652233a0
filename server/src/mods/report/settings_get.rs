use actix_web::{get, web};
use diesel_async::AsyncPgConnection;
use loquent_shared::{ErrorBody, ReportSettings};

use super::error::ReportError;
use super::queries::{self, SettingsRow};
use super::recipients;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::organization::OrganizationRow;
use crate::state::AppState;

/// The organization's reporting settings: who receives reports, whether a report follows each
/// call, and whether (and at what hour) the daily digest is sent. An organization that never
/// saved them has the defaults: no recipients, nothing sent, hour 8.
#[utoipa::path(
    tag = "report",
    operation_id = "get_report_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The settings, or the defaults", body = ReportSettings),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not see reporting settings", body = ErrorBody),
    )
)]
#[get("/report-settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_report_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<ReportSettings>> {
    auth.require(Permission::ReportSettingsRead)?;
    let mut conn = state.conn().await?;
    let row = queries::find(&mut conn, auth.organization_id()).await?;
    Ok(web::Json(to_dto(&mut conn, &auth.organization, row).await?))
}

/// The settings as the API shows them: members who have left since are not listed.
pub async fn to_dto(
    conn: &mut AsyncPgConnection,
    organization: &OrganizationRow,
    row: SettingsRow,
) -> Result<ReportSettings, ReportError> {
    let member_ids = recipients::current_members(conn, organization.id, &row.member_ids).await?;
    Ok(ReportSettings {
        member_ids,
        digest_hour: row.hour(),
        emails: row.emails,
        call_reports: row.call_reports,
        daily_digest: row.daily_digest,
        timezone: organization.timezone.clone(),
    })
}
