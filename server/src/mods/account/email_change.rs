//! `POST /api/account/email`: asks to change the sign-in email. A link goes to the new address;
//! the change happens when it is opened ([`super::email_confirm`]).

use actix_web::{HttpResponse, post, web};
use diesel_async::AsyncConnection;
use loquent_shared::validation::normalize_email;
use loquent_shared::{ChangeEmailRequest, EmailChangeSent, ErrorBody};

use super::error::AccountError;
use super::{current_password, link_mail, queries as people, tokens};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::Authenticated;
use crate::mods::mail::MailError;
use crate::mods::mail::queue::queue_for_person;
use crate::state::AppState;

/// Ask to change the sign-in email. The current password must be given (wrong guesses are
/// limited like sign-in attempts). A link valid for 24 hours goes to the new address, and a
/// notice to the current one; a newer request replaces older links. Until the link is opened
/// the person signs in with the current email.
#[utoipa::path(
    tag = "account",
    operation_id = "request_email_change",
    security(("session_cookie" = [])),
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, description = "The confirmation link was mailed to the new address", body = EmailChangeSent),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
        (status = 409, description = "Another login uses this email (`email_taken`, `field: new_email`)", body = ErrorBody),
        (status = 422, description = "The new email is invalid or already the person's (`email_unchanged`) (`field: new_email`), or the current password is wrong (`wrong_password`, `field: current_password`)", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may succeed"))),
    )
)]
#[post("/account/email")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn request_email_change(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<ChangeEmailRequest>,
) -> ApiResult<HttpResponse> {
    auth.require_session()?;
    let body = body.into_inner();
    body.validate()?;
    let new_email = normalize_email(&body.new_email);
    let person_id = auth.person_id();
    let (name, old_email) = (auth.member.name, auth.member.email);
    if new_email == old_email {
        return Err(AccountError::EmailUnchanged.into());
    }
    let mut conn = state.conn().await?;
    // The password first: a stolen session must not learn which emails have logins.
    current_password::check(&mut conn, state.config.login_limit, person_id, body.current_password)
        .await?;
    if people::find_by_email(&mut conn, &new_email).await?.is_some() {
        return Err(AccountError::EmailTaken.into());
    }

    let urls = state.config.public_urls();
    let mailer = &state.mailer;
    let sent = conn
        .transaction::<_, AccountError, _>(async |conn| {
            let issued = tokens::issue_email_change(conn, person_id, &new_email).await?;
            let url = link_mail::confirm_email_url(&urls, &issued.token);
            let link = link_mail::email_change(&name, &old_email, &new_email, &url);
            queue_for_person(conn, mailer, &link).await.map_err(|e| match e {
                MailError::InvalidRecipient { reason, .. } => {
                    AccountError::Undeliverable { reason }
                }
                other => other.into(),
            })?;
            let notice = link_mail::email_change_notice(&name, &old_email, &new_email);
            queue_for_person(conn, mailer, &notice).await?;
            Ok(EmailChangeSent { new_email: new_email.clone(), expires_at: issued.expires_at })
        })
        .await?;
    tracing::info!("email change asked for");
    Ok(HttpResponse::Accepted().json(sent))
}
