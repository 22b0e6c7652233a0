use actix_web::{HttpRequest, post, web};
use loquent_shared::{ErrorBody, InvitationPreview, TokenRequest};

use super::{link, link_limit};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::account::queries as people;
use crate::state::AppState;

/// What an invitation link offers: the organization, the role, and whether the invited email
/// has a Loquent login (sign in with it) or not (choose a name and password).
///
/// No sign-in needed: the token is the proof. Attempts are limited per client address.
#[utoipa::path(
    tag = "team",
    operation_id = "preview_invitation",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "The invitation, open and unexpired", body = InvitationPreview),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "The link isn't valid: malformed, unknown, or replaced by a newer one (`invitation_not_found`)", body = ErrorBody),
        (status = 410, description = "The invitation expired (`invitation_expired`), was used (`invitation_used`) or was withdrawn (`invitation_revoked`); the message says what to do", body = ErrorBody),
        (status = 422, description = "The token is missing (`invalid_body`)", body = ErrorBody),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may succeed"))),
    )
)]
#[post("/auth/invitation")]
#[tracing::instrument(skip_all)]
pub async fn preview_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<TokenRequest>,
) -> ApiResult<web::Json<InvitationPreview>> {
    let mut conn = state.conn().await?;
    link_limit::hit(&mut conn, &req, &state).await?;
    let linked = link::open(&mut conn, &body.token).await?;
    let row = &linked.invited.row;
    let has_account = people::find_by_email(&mut conn, &row.email).await?.is_some();
    Ok(web::Json(InvitationPreview {
        organization_name: linked.organization_name.clone(),
        email: row.email.clone(),
        role: row.role()?,
        invited_by: linked.invited.inviter.clone(),
        has_account,
        expires_at: row.expires_at,
    }))
}
