//! `PATCH /api/organization`: the caller's organization profile: its name, time zone,
//! description, address, website and opening hours.

use actix_web::{patch, web};
use diesel_async::AsyncConnection;
use loquent_shared::{ErrorBody, Organization, UpdateOrganizationRequest};

use super::{OrganizationError, queries};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Change the caller's organization profile: its name, its time zone (the days and hours its
/// reports and dashboard count in), and what its agents are told about the business at the
/// start of each call (description, address, website, opening hours). A field left out stays
/// as it is.
#[utoipa::path(
    tag = "organization",
    operation_id = "update_organization",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body(
        content = UpdateOrganizationRequest,
        examples(
            ("rename" = (summary = "Rename", value = json!({"name": "Acme Dental Group"}))),
            ("timezone" = (summary = "Set the time zone", value = json!({"timezone": "America/New_York"}))),
            ("profile" = (summary = "Describe the business", value = json!({
                "description": "Family dental practice: check-ups, cleanings, emergencies.",
                "address": "12 Harbor Street, Boston, MA 02110",
                "website": "https://acme-dental.example",
                "hours": [
                    {"day": "monday", "opens": "08:00", "closes": "12:00"},
                    {"day": "monday", "opens": "13:00", "closes": "17:00"},
                    {"day": "saturday", "opens": "09:00", "closes": "12:00"}
                ]
            }))),
        ),
    ),
    responses(
        (status = 200, description = "The organization as changed", body = Organization),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change the organization (admins and owners may)", body = ErrorBody),
        (status = 422, description = "The name is invalid (`field: name`); the time zone isn't an IANA name the database knows (`field: timezone`, `invalid_timezone` or `unknown_timezone`); the description or address is too long (`too_long`), the website isn't a web address (`invalid_url`), or opening hours don't open before they close or overlap (`invalid_hours`), each naming its field; a field has the wrong type (`invalid_body`, naming it); or the body changes nothing (`invalid_body`), and nothing changed", body = ErrorBody),
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
            message: "nothing to change: give at least one of name, timezone, description, address, website, hours".into(),
            field: None,
        });
    }
    let org = auth.organization_id();
    let request = body.into_inner();
    let hours =
        request.hours.as_ref().map(serde_json::to_value).transpose().map_err(ApiError::internal)?;
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, OrganizationError, _>(async move |conn| {
            if let Some(zone) = request.timezone.as_deref()
                && !queries::timezone_exists(conn, zone).await?
            {
                return Err(OrganizationError::UnknownTimezone(zone.to_owned()));
            }
            let changes = queries::OrganizationChanges {
                name: request.name.as_deref().map(str::trim),
                timezone: request.timezone.as_deref(),
                description: request.description.as_deref().map(str::trim),
                address: request.address.as_deref().map(str::trim),
                website: request.website.as_deref().map(str::trim),
                hours,
            };
            Ok(queries::update_organization(conn, org, changes).await?)
        })
        .await?;
    Ok(web::Json((&row).into()))
}
