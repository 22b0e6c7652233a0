use actix_web::{HttpRequest, HttpResponse, post, web};
use loquent_shared::ErrorBody;

use super::session::{self, SESSION_COOKIE};
use crate::error::ApiResult;
use crate::state::AppState;

/// Sign out: revokes the current session and clears its cookie.
///
/// Idempotent: without a session it still answers 204.
#[utoipa::path(
    tag = "auth",
    operation_id = "log_out",
    responses(
        (status = 204, description = "Signed out; session cookie cleared"),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/auth/logout")]
#[tracing::instrument(skip_all)]
pub async fn log_out(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let mut conn = state.conn().await?;
        session::revoke(&mut conn, cookie.value()).await?;
    }
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(&state.config)).finish())
}
