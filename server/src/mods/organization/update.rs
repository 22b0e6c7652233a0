//! `PATCH /api/organization`: the caller's organization renamed, or given its time zone.

use actix_web::{patch, web};
use diesel_async::AsyncConnection;
use loquent_shared::{ErrorBody, Organization, UpdateOrganizationRequest};

use super::{OrganizationError, queries};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Change the caller's organization: its name, its time zone (the days and hours its reports
/// and dashboard count in), or both. A field left out stays as it is.
#[utoipa::path(
    tag = "organization",
    operation_id = "update_organization",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body(
        content = UpdateOrganizationRequest,
        examples(
            ("rename" = (summary = "Rename", value = json!({"name": "Acme Dental Group"}))),
            ("timezone" = (summary = "Set the time zone", value = json!({"timezone": "America/New_York"}))),
        ),
    ),
    responses(
        (status = 200, description = "The organization as changed", body = Organization),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change the organization (admins and owners may)", body = ErrorBody),
        (status = 422, description = "The name is invalid (`field: name`); the time zone isn't an IANA name the database knows (`field: timezone`, `invalid_timezone` or `unknown_timezone`); a field has the wrong type (`invalid_body`, naming it); or the body changes nothing (`invalid_body`), and nothing changed", body = ErrorBody),
    )
)]
#[patch("/organization")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn update_organization(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<UpdateOrganizationRequest>,
) -> ApiResult<web::Json<Organization>> {
    auth.require(Permission::OrganizationInstanceUpdate)?;
    body.validate()?;
    if body.is_empty() {
        return Err(ApiError::InvalidBody {
            message: "nothing to change: give name, timezone or both".into(),
            field: None,
        });
    }
    let org = auth.organization_id();
    let request = body.into_inner();
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, OrganizationError, _>(async move |conn| {
            if let Some(zone) = request.timezone.as_deref()
                && !queries::timezone_exists(conn, zone).await?
            {
                return Err(OrganizationError::UnknownTimezone(zone.to_owned()));
            }
            let name = request.name.as_deref().map(str::trim);
            Ok(queries::update_organization(conn, org, name, request.timezone.as_deref()).await?)
        })
        .await?;
    Ok(web::Json((&row).into()))
}
