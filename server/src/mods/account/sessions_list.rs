//! `GET /api/account/sessions`: where the person is signed in.

use actix_web::{get, web};
use loquent_shared::{AccountSession, ErrorBody};

use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, session};
use crate::state::AppState;

/// The signed-in person's live sessions, in every organization, newest first; the one asking
/// is flagged `current`.
#[utoipa::path(
    tag = "account",
    operation_id = "list_account_sessions",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The person's live sessions", body = Vec<AccountSession>),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
    )
)]
#[get("/account/sessions")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_account_sessions(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<AccountSession>>> {
    let current = auth.require_session()?;
    let mut conn = state.conn().await?;
    let live = session::live_for_person(&mut conn, auth.person_id()).await?;
    Ok(web::Json(
        live.into_iter()
            .map(|s| AccountSession {
                id: s.id,
                current: s.id == current,
                user_agent: s.user_agent,
                ip_address: s.ip_address,
                created_at: s.created_at,
                expires_at: s.expires_at,
            })
            .collect(),
    ))
}
