use actix_web::{delete, web};
use loquent_shared::{ErrorBody, Phone};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Leave a phone number without an agent (calls to it hear a short message).
#[utoipa::path(
    tag = "phone",
    operation_id = "unassign_phone_agent",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("phone_number_id" = Uuid, Path, description = "Phone number id")),
    responses(
        (status = 200, description = "The number, without an agent", body = Phone),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/phones/{phone_number_id}/agent")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn unassign_agent(
    auth: Authenticated,
    state: web::Data<AppState>,
    phone_id: web::Path<Uuid>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(
        queries::set_agent(&mut conn, auth.organization_id(), phone_id.into_inner(), None)
            .await?
            .into(),
    ))
}
