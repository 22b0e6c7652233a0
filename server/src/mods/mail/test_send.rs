use actix_web::{HttpResponse, post, web};
use loquent_shared::{ErrorBody, MailMessage};

use super::settings_get::delivery;
use super::test_message::test_message;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Send a test email to the signed-in member's own address, to check the mail settings. It is
/// queued like any message: poll it in the outbox to see it sent, kept or failed (with why).
#[utoipa::path(
    tag = "mail",
    operation_id = "send_test_mail",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 202, description = "Queued; the message as stored", body = MailMessage),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not send test email", body = ErrorBody),
    )
)]
#[post("/mail/test")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn send_test_mail(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::MailMessageTestSend)?;
    let mail = test_message(
        &auth.member.name,
        &auth.member.email,
        &auth.organization.name,
        delivery(&state.mailer),
    );
    let mut conn = state.conn().await?;
    let row = super::queue(&mut conn, &state.mailer, auth.organization_id(), &mail).await?;
    Ok(HttpResponse::Accepted().json(row.to_dto()))
}
