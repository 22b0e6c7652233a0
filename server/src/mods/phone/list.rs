use actix_web::{get, web};
use loquent_shared::{ErrorBody, Phone};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// List the organization's phone numbers, newest first.
#[utoipa::path(
    tag = "phone",
    operation_id = "list_phones",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The organization's numbers", body = Vec<Phone>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not list numbers", body = ErrorBody),
    )
)]
#[get("/phones")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_phones(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<Phone>>> {
    auth.require(Permission::PhoneCollectionList)?;
    let mut conn = state.conn().await?;
    let rows = queries::list(&mut conn, auth.organization_id()).await?;
    Ok(web::Json(rows.into_iter().map(Phone::from).collect()))
}
