use actix_web::{get, web};
use loquent_shared::{Contact, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Get a contact with its phones and emails.
#[utoipa::path(
    tag = "contact",
    operation_id = "get_contact",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    responses(
        (status = 200, description = "The contact", body = Contact),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read contacts", body = ErrorBody),
        (status = 404, description = "No such contact in the caller's organization", body = ErrorBody),
    )
)]
#[get("/contacts/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_contact(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Contact>> {
    auth.require(Permission::ContactInstanceRead)?;
    let mut conn = state.conn().await?;
    Ok(web::Json(queries::get(&mut conn, auth.organization_id(), id.into_inner()).await?))
}
