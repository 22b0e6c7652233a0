//! `POST /api/auth/email-change/confirm`: the link mailed to a new address, opened.

use actix_web::{post, web};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncConnection;
use loquent_shared::{EmailChanged, ErrorBody, TokenRequest};

use super::error::AccountError;
use super::tokens::{self, Purpose};
use super::{link, queries as people};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::state::AppState;

/// Confirm an email change with the token from the link mailed to the new address (the part
/// after `#token=`). The person signs in with the new email from now on; their sessions stay
/// signed in, and password-reset links mailed to the old address stop working. No session is
/// needed: the link is the proof. Each link works once.
#[utoipa::path(
    tag = "account",
    operation_id = "confirm_email_change",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "The sign-in email is now the new one", body = EmailChanged),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "No such link: unknown, cut short or mistyped (`link_not_found`)", body = ErrorBody),
        (status = 409, description = "Another login took the new email since the link was sent (`email_taken`)", body = ErrorBody),
        (status = 410, description = "The link expired or a newer one replaced it (`link_expired`), or it was used (`link_used`)", body = ErrorBody),
        (status = 422, description = "The token is missing (`invalid_body`)", body = ErrorBody),
    )
)]
#[post("/auth/email-change/confirm")]
#[tracing::instrument(skip_all)]
pub async fn confirm_email_change(
    state: web::Data<AppState>,
    body: JsonBody<TokenRequest>,
) -> ApiResult<web::Json<EmailChanged>> {
    let mut conn = state.conn().await?;
    let checked = link::check(&mut conn, &body.token, Purpose::EmailChange).await?;
    let changed = conn
        .transaction::<_, AccountError, _>(async |conn| {
            let row = link::redeem(conn, &checked, Purpose::EmailChange).await?;
            let new_email = row.new_email.ok_or_else(|| {
                AccountError::Internal(anyhow::anyhow!("email-change link {} has no email", row.id))
            })?;
            let person =
                people::set_email(conn, row.person_id, &new_email).await.map_err(|e| match e {
                    DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                        AccountError::EmailTakenMeanwhile
                    }
                    other => other.into(),
                })?;
            tokens::expire_unused(conn, row.person_id, Purpose::PasswordReset).await?;
            Ok(person)
        })
        .await?;
    tracing::info!(person_id = %changed.id, "email changed");
    Ok(web::Json(EmailChanged { email: changed.email }))
}
