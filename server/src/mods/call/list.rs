use actix_web::{get, web};
use loquent_shared::{CallPage, ErrorBody};
use serde::Deserialize;
use uuid::Uuid;

use super::queries::{self, CallFilter};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::contact;
use crate::pagination::{Cursor, PageParams, page};
use crate::state::AppState;
use crate::time_range::TimeRange;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallListFilter {
    /// Calls that started at or after this instant (RFC 3339).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub from: Option<String>,
    /// Calls that started before this instant (RFC 3339).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub to: Option<String>,
    /// Only calls on this number of the organization's.
    pub phone_number_id: Option<Uuid>,
    /// Only calls with this contact (from them or to them); another organization's contact
    /// is 404.
    pub contact_id: Option<Uuid>,
}

/// List calls, newest first, optionally within a date range, on one number or with one contact.
#[utoipa::path(
    tag = "call",
    operation_id = "list_calls",
    security(("session_cookie" = []), ("api_key" = [])),
    params(PageParams, CallListFilter),
    responses(
        (status = 200, description = "A page of calls", body = CallPage),
        (status = 400, description = "A bad cursor, limit or date range", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list calls", body = ErrorBody),
        (status = 404, description = "`contact_id` is not a contact of the caller's organization", body = ErrorBody),
    )
)]
#[get("/calls")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_calls(
    auth: Authenticated,
    state: web::Data<AppState>,
    paging: web::Query<PageParams>,
    filter: web::Query<CallListFilter>,
) -> ApiResult<web::Json<CallPage>> {
    auth.require(Permission::CallCollectionList)?;
    let limit = paging.limit()?;
    let range = TimeRange::parse(filter.from.as_deref(), filter.to.as_deref())?;
    let mut conn = state.conn().await?;
    if let Some(contact_id) = filter.contact_id {
        contact::queries::find_row(&mut conn, auth.organization_id(), contact_id).await?;
    }
    let filter = CallFilter {
        from: range.from,
        to: range.to,
        phone_number_id: filter.phone_number_id,
        contact_id: filter.contact_id,
    };
    let rows =
        queries::list(&mut conn, auth.organization_id(), &filter, paging.cursor()?, limit + 1)
            .await?;
    let (items, next_cursor) = page(rows, limit, |c| Cursor { created_at: c.created_at, id: c.id });
    Ok(web::Json(CallPage { items, next_cursor }))
}
