//! `POST /api/account/password`: a new password, confirmed with the current one.

use actix_web::{HttpResponse, post, web};
use diesel_async::AsyncConnection;
use loquent_shared::{ChangePasswordRequest, ErrorBody};

use super::error::AccountError;
use super::tokens::{self, Purpose};
use super::{current_password, queries as people};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::session::{self, Ending};
use crate::mods::auth::{Authenticated, password};
use crate::state::AppState;

/// Change the password. The current one must be given; a wrong one is a 422 naming
/// `current_password`, and wrong guesses are limited like sign-in attempts. Every other session
/// of the person is signed out (this one stays), and reset links still in their inbox stop
/// working.
#[utoipa::path(
    tag = "account",
    operation_id = "change_password",
    security(("session_cookie" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; the person's other sessions are signed out"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
        (status = 422, description = "The current password is wrong (`wrong_password`, `field: current_password`) or the new one is too short or long (`field: new_password`)", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may succeed"))),
    )
)]
#[post("/account/password")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn change_password(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let session_id = auth.require_session()?;
    let body = body.into_inner();
    body.validate()?;
    let person_id = auth.person_id();
    let mut conn = state.conn().await?;
    current_password::check(&mut conn, state.config.login_limit, person_id, body.current_password)
        .await?;
    let hash = password::hash(body.new_password).await?;
    let signed_out = conn
        .transaction::<_, AccountError, _>(async move |conn| {
            people::set_password_hash(conn, person_id, &hash).await?;
            tokens::expire_unused(conn, person_id, Purpose::PasswordReset).await?;
            Ok(session::revoke_for_person(conn, person_id, Ending::AllBut(session_id)).await?)
        })
        .await?;
    tracing::info!(signed_out, "password changed");
    Ok(HttpResponse::NoContent().finish())
}
