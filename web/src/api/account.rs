//! The signed-in person's own account, and the links mailed to people.

use loquent_shared::{
    AccountSession, ChangeEmailRequest, ChangePasswordRequest, EmailChangeSent,
    ForgotPasswordRequest, Me, ResetPasswordRequest, SwitchOrganizationRequest, TokenRequest,
    UpdateAccountRequest,
};
use uuid::Uuid;

use super::{ApiResult, routes};

/// `POST /api/me/organization`: the session moves to another of the person's organizations.
pub async fn switch_organization(organization_id: Uuid) -> ApiResult<Me> {
    let request = SwitchOrganizationRequest { organization_id };
    super::send_json(routes::SWITCH_ORGANIZATION.at(&[]), &request).await
}

/// `PATCH /api/account`: renames the person.
pub async fn update(request: &UpdateAccountRequest) -> ApiResult<Me> {
    super::send_json(routes::UPDATE_ACCOUNT.at(&[]), request).await
}

/// `POST /api/account/password`: signs every other session out.
pub async fn change_password(request: &ChangePasswordRequest) -> ApiResult<()> {
    super::send_ignoring_body(routes::CHANGE_PASSWORD.at(&[]), request).await
}

/// `POST /api/account/email`: mails a confirmation link to the new address.
pub async fn change_email(request: &ChangeEmailRequest) -> ApiResult<EmailChangeSent> {
    super::send_json(routes::CHANGE_EMAIL.at(&[]), request).await
}

/// `POST /api/auth/email-change/confirm`
pub async fn confirm_email(token: &str) -> ApiResult<()> {
    let request = TokenRequest { token: token.to_owned() };
    super::send_ignoring_body(routes::CONFIRM_EMAIL_CHANGE.at(&[]), &request).await
}

/// `GET /api/account/sessions`
pub async fn sessions() -> ApiResult<Vec<AccountSession>> {
    super::fetch(routes::LIST_SESSIONS.at(&[])).await
}

/// `DELETE /api/account/sessions/{id}`: signs that browser out.
pub async fn revoke_session(id: Uuid) -> ApiResult<()> {
    super::fetch_empty(routes::REVOKE_SESSION.at(&[&id])).await
}

/// `POST /api/auth/password-reset`: the same answer whether or not the email has a login.
pub async fn forgot_password(email: &str) -> ApiResult<()> {
    let request = ForgotPasswordRequest { email: email.to_owned() };
    super::send_ignoring_body(routes::REQUEST_PASSWORD_RESET.at(&[]), &request).await
}

/// `POST /api/auth/password-reset/confirm`
pub async fn reset_password(request: &ResetPasswordRequest) -> ApiResult<()> {
    super::send_ignoring_body(routes::RESET_PASSWORD.at(&[]), request).await
}
