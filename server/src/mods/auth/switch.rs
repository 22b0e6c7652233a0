//! `POST /api/me/organization`: the session moves to another of the person's organizations.

use actix_web::{post, web};
use loquent_shared::{ErrorBody, Me, SwitchOrganizationRequest};

use super::me::{self, Memberships};
use super::{Authenticated, session};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::{organization, team};
use crate::state::AppState;

/// Switch the session to another organization the person belongs to. Everything after it is
/// that organization's: its data, and the role held there. Sessions only: an API key stays
/// bound to the organization it was made in.
#[utoipa::path(
    tag = "auth",
    operation_id = "switch_organization",
    security(("session_cookie" = [])),
    request_body = SwitchOrganizationRequest,
    responses(
        (status = 200, description = "The session now works in that organization", body = Me),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session", body = ErrorBody),
        (status = 403, description = "Called with an API key (`session_required`)", body = ErrorBody),
        (status = 404, description = "The person doesn't belong to that organization (`field: organization_id`)", body = ErrorBody),
        (status = 422, description = "A field is missing or has the wrong type (`invalid_body`)", body = ErrorBody),
    )
)]
#[post("/me/organization")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn switch_organization(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<SwitchOrganizationRequest>,
) -> ApiResult<web::Json<Me>> {
    let session_id = auth.require_session()?;
    let target = body.into_inner().organization_id;
    let mut conn = state.conn().await?;
    let not_member = || ApiError::Missing {
        code: "not_found",
        message: "organization_id: you are not a member of that organization".into(),
        field: Some("organization_id"),
    };
    let member = team::queries::find_for_person(&mut conn, target, auth.person_id())
        .await?
        .ok_or_else(not_member)?;
    if !session::switch_membership(&mut conn, session_id, auth.person_id(), member.id).await? {
        // Removed from it (or signed out) between the two queries.
        return Err(not_member());
    }
    let organization = organization::queries::find(&mut conn, target).await?;
    tracing::info!(to_org = %target, "switched organization");
    Ok(web::Json(me::load(&mut conn, &member, &organization, Memberships::All).await?))
}
