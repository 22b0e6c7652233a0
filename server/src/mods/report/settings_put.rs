use actix_web::{put, web};
use loquent_shared::{ErrorBody, ReportSettings, ReportSettingsInput};

use super::error::ReportError;
use super::queries::{self, NewSettings};
use super::recipients;
use super::settings_get::to_dto;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Replace the organization's reporting settings. Every recipient member must be the
/// organization's; addresses are stored lowercased, once each. Absent fields take their
/// defaults.
#[utoipa::path(
    tag = "report",
    operation_id = "put_report_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = ReportSettingsInput,
    responses(
        (status = 200, description = "The saved settings", body = ReportSettings),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change reporting settings", body = ErrorBody),
        (status = 404, description = "A member id is not a member of the organization (`member_ids`)", body = ErrorBody),
        (status = 422, description = "A field is invalid (`emails`, `digest_hour`, `member_ids`); the message names it", body = ErrorBody),
    )
)]
#[put("/report-settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn put_report_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<ReportSettingsInput>,
) -> ApiResult<web::Json<ReportSettings>> {
    auth.require(Permission::ReportSettingsUpdate)?;
    body.validate()?;
    let org = auth.organization_id();
    let member_ids = body.unique_member_ids();
    let emails = body.unique_emails();
    let mut conn = state.conn().await?;
    let current = recipients::current_members(&mut conn, org, &member_ids).await?;
    if let Some(id) = member_ids.iter().find(|id| !current.contains(id)) {
        return Err(ReportError::UnknownMember { id: *id }.into());
    }
    let new = NewSettings {
        member_ids: &member_ids,
        emails: &emails,
        call_reports: body.call_reports,
        daily_digest: body.daily_digest,
        digest_hour: body.digest_hour,
    };
    let row = queries::save(&mut conn, org, new).await?;
    tracing::info!(
        call_reports = row.call_reports,
        daily_digest = row.daily_digest,
        recipients = row.member_ids.len() + row.emails.len(),
        "reporting settings saved"
    );
    Ok(web::Json(to_dto(&mut conn, &auth.organization, row).await?))
}
