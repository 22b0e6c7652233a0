//! `PATCH /api/account`: the person's name, shown in every organization they belong to.

use actix_web::{patch, web};
use loquent_shared::{ErrorBody, Me, UpdateAccountRequest};

use super::queries as people;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::Authenticated;
use crate::mods::auth::me::{self, Memberships};
use crate::mods::team::MemberRow;
use crate::state::AppState;

/// Rename the signed-in person. The name is the person's, not the membership's: every
/// organization they belong to shows the new one.
#[utoipa::path(
    tag = "account",
    operation_id = "update_account",
    security(("session_cookie" = [])),
    request_body = UpdateAccountRequest,
    responses(
        (status = 200, description = "Renamed; the caller as `GET /api/me` shows them", body = Me),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
        (status = 422, description = "The name is empty, too long or has control characters (`field: name`)", body = ErrorBody),
    )
)]
#[patch("/account")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_account(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<UpdateAccountRequest>,
) -> ApiResult<web::Json<Me>> {
    auth.require_session()?;
    body.validate()?;
    let mut conn = state.conn().await?;
    let person = people::set_name(&mut conn, auth.person_id(), body.name.trim()).await?;
    let member = MemberRow { name: person.name, ..auth.member };
    let me = me::load(&mut conn, &member, &auth.organization, Memberships::All).await?;
    Ok(web::Json(me))
}
