use actix_web::{get, web};
use loquent_shared::{ErrorBody, Phone};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get one phone number.
#[utoipa::path(
    tag = "phone",
    operation_id = "get_phone",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Phone number id")),
    responses(
        (status = 200, description = "The number", body = Phone),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization", body = ErrorBody),
    )
)]
#[get("/phones/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_phone(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceRead)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::find(&mut conn, auth.organization_id(), id.into_inner()).await?.into()))
}
