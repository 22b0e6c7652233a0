//! Contacts and their phones and emails.

use loquent_shared::{Contact, ContactEmailInput, ContactInput, ContactPage, ContactPhoneInput};
use uuid::Uuid;

use super::{ApiResult, query_string, routes};

/// `GET /api/contacts`: newest first; `q` matches names and numbers.
pub async fn list(q: Option<&str>, cursor: Option<&str>) -> ApiResult<ContactPage> {
    let params = query_string(&[("q", q), ("cursor", cursor)]);
    super::fetch(routes::LIST_CONTACTS.at(&[]).query(&params)).await
}

/// `POST /api/contacts`: with any phones and emails.
pub async fn create(input: &ContactInput) -> ApiResult<Contact> {
    super::send_json(routes::CREATE_CONTACT.at(&[]), input).await
}

/// `GET /api/contacts/{id}`
pub async fn get(id: Uuid) -> ApiResult<Contact> {
    super::fetch(routes::GET_CONTACT.at(&[&id])).await
}

/// `PUT /api/contacts/{id}`: renames (phones and emails have their own routes, and are ignored
/// here).
pub async fn rename(id: Uuid, input: &ContactInput) -> ApiResult<Contact> {
    super::send_json(routes::UPDATE_CONTACT.at(&[&id]), input).await
}

/// `DELETE /api/contacts/{id}`
pub async fn delete(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::DELETE_CONTACT.at(&[&id])).await
}

/// `POST /api/contacts/{id}/phones`: 409 `phone_taken` when another contact has the number.
pub async fn add_phone(id: Uuid, input: &ContactPhoneInput) -> ApiResult<Contact> {
    super::send_json(routes::ADD_CONTACT_PHONE.at(&[&id]), input).await
}

/// `PUT /api/contacts/{id}/phones/{phone_id}`
pub async fn update_phone(
    id: Uuid,
    phone_id: Uuid,
    input: &ContactPhoneInput,
) -> ApiResult<Contact> {
    super::send_json(routes::UPDATE_CONTACT_PHONE.at(&[&id, &phone_id]), input).await
}

/// `DELETE /api/contacts/{id}/phones/{phone_id}`: answers with the contact.
pub async fn delete_phone(id: Uuid, phone_id: Uuid) -> ApiResult<Contact> {
    super::fetch(routes::DELETE_CONTACT_PHONE.at(&[&id, &phone_id])).await
}

/// `POST /api/contacts/{id}/emails`: 409 `email_exists` when the contact has it already.
pub async fn add_email(id: Uuid, input: &ContactEmailInput) -> ApiResult<Contact> {
    super::send_json(routes::ADD_CONTACT_EMAIL.at(&[&id]), input).await
}

/// `PUT /api/contacts/{id}/emails/{email_id}`
pub async fn update_email(
    id: Uuid,
    email_id: Uuid,
    input: &ContactEmailInput,
) -> ApiResult<Contact> {
    super::send_json(routes::UPDATE_CONTACT_EMAIL.at(&[&id, &email_id]), input).await
}

/// `DELETE /api/contacts/{id}/emails/{email_id}`: answers with the contact.
pub async fn delete_email(id: Uuid, email_id: Uuid) -> ApiResult<Contact> {
    super::fetch(routes::DELETE_CONTACT_EMAIL.at(&[&id, &email_id])).await
}
