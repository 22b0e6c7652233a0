use actix_web::{put, web};
use loquent_shared::{Contact, ContactInput, ErrorBody};
use uuid::Uuid;

use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Rename a contact. Phones and emails in the body must be valid, as on create, but are
/// otherwise ignored: they have their own routes.
#[utoipa::path(
    tag = "contact",
    operation_id = "update_contact",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Contact id")),
    request_body = ContactInput,
    responses(
        (status = 200, description = "The renamed contact", body = Contact),
        (status = 400, description = "Malformed JSON, or the id is not a UUID; or a field is invalid: A name is invalid", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change contacts", body = ErrorBody),
        (status = 404, description = "No such contact in the caller's organization", body = ErrorBody),
        (status = 422, description = "The body has the wrong shape (`invalid_body`)", body = ErrorBody),
    )
)]
#[put("/contacts/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_contact(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ContactInput>,
) -> ApiResult<web::Json<Contact>> {
    auth.require(Permission::ContactInstanceUpdate)?;
    // The whole body is checked against the schema it is documented with, used or not.
    body.validate().map_err(ApiError::invalid_field)?;
    let names = body.into_inner();
    let (org, id) = (auth.organization_id(), id.into_inner());
    let mut conn = state.conn().await?;
    queries::rename(&mut conn, org, id, names.first_name.trim(), names.last_name.trim()).await?;
    Ok(web::Json(queries::get(&mut conn, org, id).await?))
}
