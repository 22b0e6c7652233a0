//! `DELETE /api/account/sessions/{id}`: signs one of the person's browsers out.

use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;
use uuid::Uuid;

use super::error::AccountError;
use crate::error::ApiResult;
use crate::mods::auth::Authenticated;
use crate::mods::auth::session::{self, Ending};
use crate::state::AppState;

/// Sign out one of the person's sessions: its next request is refused. It may be the current
/// one, which signs the caller out (and clears the cookie).
#[utoipa::path(
    tag = "account",
    operation_id = "delete_account_session",
    security(("session_cookie" = [])),
    params(("id" = Uuid, Path, description = "Session id, from `GET /api/account/sessions`")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
        (status = 404, description = "None of the person's live sessions has this id", body = ErrorBody),
    )
)]
#[delete("/account/sessions/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_account_session(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let current = auth.require_session()?;
    let id = id.into_inner();
    let mut conn = state.conn().await?;
    // Filtered by person: another person's session id is as unknown as a made-up one.
    if session::revoke_for_person(&mut conn, auth.person_id(), Ending::One(id)).await? == 0 {
        return Err(AccountError::SessionNotFound.into());
    }
    let mut response = HttpResponse::NoContent();
    if id == current {
        response.cookie(session::removal_cookie(&state.config));
    }
    Ok(response.finish())
}
