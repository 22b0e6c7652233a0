//! `POST /api/auth/password-reset`: a forgotten password's reset link, by email.

use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel_async::AsyncConnection;
use loquent_shared::validation::normalize_email;
use loquent_shared::{ErrorBody, ForgotPasswordRequest};

use super::error::AccountError;
use super::{link_mail, tokens};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::client_ip::client_ip;
use crate::mods::auth::rate_limit;
use crate::mods::mail::MailError;
use crate::mods::mail::queue::queue_for_person;
use crate::state::AppState;

/// Ask for a password-reset link. If the email has a login, a link valid for one hour (once)
/// is mailed to it, replacing older unused ones. The answer is the same whether or not it has
/// one, so nobody can learn who has a login here. Requests are limited per email and per
/// client address, like sign-in attempts.
#[utoipa::path(
    tag = "account",
    operation_id = "request_password_reset",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "Accepted: if the email has a login, the link is on its way. Empty body, always the same"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 422, description = "Not an email address (`field: email`)", body = ErrorBody),
        (status = 429, description = "Too many requests for this email or from this address; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next request may succeed"))),
    )
)]
#[post("/auth/password-reset")]
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<ForgotPasswordRequest>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let email = normalize_email(&body.email);
    let ip = client_ip(&req, state.config.trust_proxy);
    let limit = state.config.login_limit;
    let mut conn = state.conn().await?;
    let email_bucket = format!("password_reset:email:{email}");
    rate_limit::hit(&mut conn, &email_bucket, limit.per_email, limit.window).await?;
    rate_limit::hit(&mut conn, &format!("password_reset:ip:{ip}"), limit.per_ip, limit.window)
        .await?;

    let urls = state.config.public_urls();
    let mailer = &state.mailer;
    let sent = conn
        .transaction::<_, AccountError, _>(async |conn| {
            let Some(issued) = tokens::issue_password_reset(conn, &email).await? else {
                return Ok(false);
            };
            let url = link_mail::reset_url(&urls, &issued.token);
            queue_for_person(conn, mailer, &link_mail::password_reset(&email, &url)).await?;
            Ok(true)
        })
        .await;
    match sent {
        Ok(sent) => tracing::info!(sent, "password reset asked for"),
        // A stored address the mail library can't write: the link is useless, and answering
        // differently would tell the asker the email has a login.
        Err(AccountError::Mail(MailError::InvalidRecipient { reason, .. })) => {
            tracing::warn!(reason, "password reset for an address mail can't be sent to")
        }
        Err(other) => return Err(other.into()),
    }
    Ok(HttpResponse::Accepted().finish())
}
