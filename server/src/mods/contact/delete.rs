use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Delete a contact with its phones and emails. Its calls stay, without a contact.
#[utoipa::path(
    tag = "contact",
    operation_id = "delete_contact",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not delete contacts", body = ErrorBody),
        (status = 404, description = "No such contact in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/contacts/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_contact(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::ContactInstanceDelete)?;
    let mut conn = state.conn().await?;
    queries::delete(&mut conn, auth.organization_id(), id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
