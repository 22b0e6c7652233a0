//! A contact's emails: add, change, remove. Exactly one stays preferred while any exist.

use actix_web::{HttpResponse, delete, post, put, web};
use loquent_shared::{Contact, ContactEmailInput, ErrorBody};
use uuid::Uuid;

use super::items::{self, Change, Item, ItemList};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Add an email to a contact.
#[utoipa::path(
    tag = "contact",
    operation_id = "add_contact_email",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("contact_id" = Uuid, Path, description = "Contact id")),
    request_body = ContactEmailInput,
    responses(
        (status = 201, description = "The contact, with the new email", body = Contact),
        (status = 400, description = "Malformed JSON, or the id is not a UUID; or a field is invalid: Not an email address (`invalid_email`)", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change contacts", body = ErrorBody),
        (status = 404, description = "No such contact in the caller's organization", body = ErrorBody),
        (status = 409, description = "The contact already has this email (`email_exists`)", body = ErrorBody),
        (status = 422, description = "The body has the wrong shape (`invalid_body`)", body = ErrorBody),
    )
)]
#[post("/contacts/{contact_id}/emails")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn add_contact_email(
    auth: Authenticated,
    state: web::Data<AppState>,
    contact_id: web::Path<Uuid>,
    body: JsonBody<ContactEmailInput>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::ContactInstanceUpdate)?;
    body.validate().map_err(ApiError::invalid_field)?;
    let item = Item::from(&*body);
    let mut conn = state.conn().await?;
    let contact = items::apply(
        &mut conn,
        ItemList::Emails,
        auth.organization_id(),
        contact_id.into_inner(),
        Change::Add(item),
    )
    .await?;
    Ok(HttpResponse::Created().json(contact))
}

/// Change a contact's email (address, label, or make it the preferred one).
#[utoipa::path(
    tag = "contact",
    operation_id = "update_contact_email",
    security(("session_cookie" = []), ("api_key" = [])),
    params(
        ("contact_id" = Uuid, Path, description = "Contact id"),
        ("email_id" = Uuid, Path, description = "Email id"),
    ),
    request_body = ContactEmailInput,
    responses(
        (status = 200, description = "The contact", body = Contact),
        (status = 400, description = "Malformed JSON, or an id is not a UUID; or a field is invalid: Not an email address (`invalid_email`)", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change contacts", body = ErrorBody),
        (status = 404, description = "No such contact or email in the caller's organization", body = ErrorBody),
        (status = 409, description = "The contact already has this email (`email_exists`)", body = ErrorBody),
        (status = 422, description = "The body has the wrong shape (`invalid_body`)", body = ErrorBody),
    )
)]
#[put("/contacts/{contact_id}/emails/{email_id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_contact_email(
    auth: Authenticated,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
    body: JsonBody<ContactEmailInput>,
) -> ApiResult<web::Json<Contact>> {
    auth.require(Permission::ContactInstanceUpdate)?;
    body.validate().map_err(ApiError::invalid_field)?;
    let ((contact_id, email_id), item) = (path.into_inner(), Item::from(&*body));
    let mut conn = state.conn().await?;
    let contact = items::apply(
        &mut conn,
        ItemList::Emails,
        auth.organization_id(),
        contact_id,
        Change::Update(email_id, item),
    )
    .await?;
    Ok(web::Json(contact))
}

/// Remove an email from a contact. If it was preferred, the oldest remaining one becomes so.
#[utoipa::path(
    tag = "contact",
    operation_id = "delete_contact_email",
    security(("session_cookie" = []), ("api_key" = [])),
    params(
        ("contact_id" = Uuid, Path, description = "Contact id"),
        ("email_id" = Uuid, Path, description = "Email id"),
    ),
    responses(
        (status = 200, description = "The contact, without the email", body = Contact),
        (status = 400, description = "An id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change contacts", body = ErrorBody),
        (status = 404, description = "No such contact or email in the caller's organization", body = ErrorBody),
    )
)]
#[delete("/contacts/{contact_id}/emails/{email_id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_contact_email(
    auth: Authenticated,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Contact>> {
    auth.require(Permission::ContactInstanceUpdate)?;
    let (contact_id, email_id) = path.into_inner();
    let mut conn = state.conn().await?;
    let contact = items::apply(
        &mut conn,
        ItemList::Emails,
        auth.organization_id(),
        contact_id,
        Change::Remove(email_id),
    )
    .await?;
    Ok(web::Json(contact))
}
