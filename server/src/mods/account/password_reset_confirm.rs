//! `POST /api/auth/password-reset/confirm`: a new password, set with a reset link.

use actix_web::{HttpResponse, post, web};
use diesel_async::AsyncConnection;
use loquent_shared::{ErrorBody, ResetPasswordRequest};

use super::error::AccountError;
use super::tokens::{self, Purpose};
use super::{link, queries as people};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::session::{self, Ending};
use crate::mods::auth::{login, password, rate_limit};
use crate::state::AppState;

/// Set a new password with the token from a reset link (the part after `#token=`). Every
/// session of the person is signed out, everywhere; they then sign in with the new password
/// (this answer signs nobody in). Each link works once, for an hour. The link is checked before
/// the password, so a dead link is told before a new password is judged.
#[utoipa::path(
    tag = "account",
    operation_id = "reset_password",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "The password is set; every session of the person is signed out"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "No such link: unknown, cut short or mistyped (`link_not_found`)", body = ErrorBody),
        (status = 410, description = "The link expired or a newer one replaced it (`link_expired`), or it was used (`link_used`)", body = ErrorBody),
        (status = 422, description = "The password is too short or too long (`field: password`)", body = ErrorBody),
    )
)]
#[post("/auth/password-reset/confirm")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: web::Data<AppState>,
    body: JsonBody<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let mut conn = state.conn().await?;
    let checked = link::check(&mut conn, &body.token, Purpose::PasswordReset).await?;
    body.validate()?;
    let hash = password::hash(body.password).await?;
    let person = conn
        .transaction::<_, AccountError, _>(async |conn| {
            let row = link::redeem(conn, &checked, Purpose::PasswordReset).await?;
            people::set_password_hash(conn, row.person_id, &hash).await?;
            tokens::expire_unused(conn, row.person_id, Purpose::PasswordReset).await?;
            session::revoke_for_person(conn, row.person_id, Ending::All).await?;
            Ok(people::find(conn, row.person_id).await?)
        })
        .await?;
    // Whoever was locked out by wrong guesses can sign in with the new password at once.
    rate_limit::reset(&mut conn, &login::email_bucket(&person.email)).await?;
    tracing::info!(person_id = %person.id, "password reset");
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(&state.config)).finish())
}
