use actix_web::{patch, web};
use loquent_shared::{ErrorBody, Phone, UpdatePhoneRequest};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Rename a phone number.
#[utoipa::path(
    tag = "phone",
    operation_id = "update_phone",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Phone number id")),
    request_body = UpdatePhoneRequest,
    responses(
        (status = 200, description = "The renamed number", body = Phone),
        (status = 400, description = "Malformed JSON, or the id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization", body = ErrorBody),
        (status = 422, description = "The name is invalid", body = ErrorBody),
    )
)]
#[patch("/phones/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_phone(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<UpdatePhoneRequest>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let row = queries::rename(
        &mut conn,
        auth.organization_id(),
        id.into_inner(),
        body.friendly_name.trim(),
    )
    .await?;
    Ok(web::Json(row.into()))
}
