use actix_web::{get, web::Json};
use loquent_shared::{ErrorBody, Me};

use super::{Authenticated, Permission};
use crate::error::ApiResult;

/// The signed-in member and their organization.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
    )
)]
#[get("/me")]
#[tracing::instrument(skip_all, fields(org_id))]
pub async fn get_me(auth: Authenticated) -> ApiResult<Json<Me>> {
    auth.require(Permission::OrganizationInstanceRead)?;
    Ok(Json(Me { member: auth.member.to_dto()?, organization: (&auth.organization).into() }))
}
