use actix_web::{get, web};
use loquent_shared::{ContactPage, ErrorBody};
use serde::Deserialize;

use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::pagination::{PageParams, page};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactSearch {
    /// A fragment of a name or a phone number.
    #[param(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
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
    if let Some(q) = &search.q {
        validate_search(q)?;
    }
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

/// What can be searched for: a line of text of at most 200 characters (PostgreSQL refuses NUL
/// in text, and nothing longer is a name or a number).
fn validate_search(q: &str) -> Result<(), ApiError> {
    if q.chars().count() > 200 || q.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "q: must be at most 200 characters, without control characters",
        )
        .on_field("q"));
    }
    Ok(())
}
