use actix_web::{get, web};
use chrono::Utc;
use loquent_shared::{Dashboard, ErrorBody};
use serde::Deserialize;

use super::compose;
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;
use crate::time_range::TimeRange;

/// The longest range the dashboard adds up, in days (100 years).
const MAX_RANGE_DAYS: i64 = 36_525;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The range's start (RFC 3339), included. Without it, the organization's first call
    /// (everything so far).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub from: Option<String>,
    /// The range's end (RFC 3339), excluded. Without it, now.
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub to: Option<String>,
}

/// The dashboard: the organization's calls and to-dos over a range, on its own calendar.
///
/// A call is in the range when it started at or after `from` and before `to`; a to-do when it
/// was created then. `calls` counts both directions however they ended; `answered_by_agent`
/// counts inbound calls that ended `completed` (outbound calls are placed by people, from the
/// dial pad); `avg_duration_secs` is the mean duration of the completed calls, rounded (`null`
/// without any); `pending_todos` counts the range's to-dos waiting for review;
/// `active_contacts` counts distinct contacts with a call in the range. `volume` and `heatmap`
/// count days, weeks (from Monday), months, weekdays and hours in the organization's time zone
/// (`timezone`): per day for up to 92 local days, per week for up to two years, per month
/// beyond.
#[utoipa::path(
    tag = "dashboard",
    operation_id = "get_dashboard",
    security(("session_cookie" = []), ("api_key" = [])),
    params(DashboardQuery),
    responses(
        (status = 200, description = "The range's figures", body = Dashboard),
        (status = 400, description = "`from` or `to` is not an RFC 3339 time, `from` is after `to`, or more than 100 years before it", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read the dashboard", body = ErrorBody),
    )
)]
#[get("/dashboard")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_dashboard(
    auth: Authenticated,
    state: web::Data<AppState>,
    query: web::Query<DashboardQuery>,
) -> ApiResult<web::Json<Dashboard>> {
    auth.require(Permission::DashboardRead)?;
    let range = TimeRange::parse(query.from.as_deref(), query.to.as_deref())?;
    // Months are counted one bucket each: a range from year 1 would answer 24,000 of them.
    if let Some(from) = range.from
        && range.to.unwrap_or_else(Utc::now) - from > chrono::Duration::days(MAX_RANGE_DAYS)
    {
        return Err(ApiError::bad_request("invalid_query", "from: at most 100 years before `to`")
            .on_field("from"));
    }
    let mut conn = state.conn().await?;
    let dashboard = compose::dashboard(&mut conn, &auth.organization, range, Utc::now()).await?;
    Ok(web::Json(dashboard))
}
