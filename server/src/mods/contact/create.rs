use actix_web::{HttpResponse, post, web};
use loquent_shared::{Contact, ContactInput, ErrorBody};

use super::queries;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Create a contact, with any phones and emails (the first of each is preferred unless one says so).
#[utoipa::path(
    tag = "contact",
    operation_id = "create_contact",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = ContactInput,
    responses(
        (status = 201, description = "The new contact", body = Contact),
        (status = 400, description = "Malformed JSON; or a field is invalid (`invalid_phone_number`, `invalid_email`, …)", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not create contacts", body = ErrorBody),
        (status = 409, description = "A number belongs to another contact (`phone_taken`, naming it)", body = ErrorBody),
        (status = 422, description = "The body has the wrong shape (`invalid_body`)", body = ErrorBody),
    )
)]
#[post("/contacts")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn create_contact(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<ContactInput>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::ContactCollectionCreate)?;
    body.validate().map_err(ApiError::invalid_field)?;
    let mut conn = state.conn().await?;
    let contact = queries::create(&mut conn, auth.organization_id(), &body).await?;
    Ok(HttpResponse::Created().json(contact))
}
