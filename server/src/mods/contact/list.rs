use actix_web::{get, web};
use loquent_shared::{ContactPage, ErrorBody};
use serde::Deserialize;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::pagination::{PageParams, page};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactSearch {
    /// A fragment of a name or a phone number.
    pub q: Option<String>,
}

/// List contacts, newest first; `q` narrows by name or number.
#[utoipa::path(
    tag = "contact",
    operation_id = "list_contacts",
    security(("session_cookie" = []), ("api_key" = [])),
    params(PageParams, ContactSearch),
    responses(
        (status = 200, description = "A page of contacts", body = ContactPage),
        (status = 400, description = "A bad cursor or limit", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list contacts", body = ErrorBody),
    )
)]
#[get("/contacts")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_contacts(
    auth: Authenticated,
    state: web::Data<AppState>,
    paging: web::Query<PageParams>,
    search: web::Query<ContactSearch>,
) -> ApiResult<web::Json<ContactPage>> {
    auth.require(Permission::ContactCollectionList)?;
    let limit = paging.limit()?;
    let mut conn = state.conn().await?;
    let rows = queries::list(
        &mut conn,
        auth.organization_id(),
        search.q.as_deref(),
        paging.cursor()?,
        limit + 1,
    )
    .await?;
    let (items, next_cursor) =
        page(rows, limit, |c| crate::pagination::Cursor { created_at: c.created_at, id: c.id });
    Ok(web::Json(ContactPage { items, next_cursor }))
}
