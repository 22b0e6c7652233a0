use actix_web::{post, web};
use loquent_shared::{AvailableNumber, Capabilities, ErrorBody, SearchAvailableRequest};

use super::account;
use crate::clients::twilio::resources::AvailableNumberResource;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Search numbers available to buy in a US area code. Read-only on Twilio.
#[utoipa::path(
    tag = "twilio",
    operation_id = "search_available_numbers",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = SearchAvailableRequest,
    responses(
        (status = 200, description = "Numbers on offer (possibly none)", body = Vec<AvailableNumber>),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not buy numbers", body = ErrorBody),
        (status = 422, description = "Not a 3-digit area code (`invalid_area_code`)", body = ErrorBody),
        (status = 500, description = "No Twilio account can be used (`twilio_not_configured`)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[post("/twilio/search-available-numbers")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn search_available_numbers(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<SearchAvailableRequest>,
) -> ApiResult<web::Json<Vec<AvailableNumber>>> {
    auth.require(Permission::PhoneCollectionSearch)?;
    body.validate()?;
    let creds = account::ensure_credentials(&state, &auth.organization).await?;
    let found = state.twilio.search_local_numbers(&creds, &body.area_code).await?;
    Ok(web::Json(found.into_iter().map(to_dto).collect()))
}

fn to_dto(n: AvailableNumberResource) -> AvailableNumber {
    let caps = n.capabilities.unwrap_or_default();
    AvailableNumber {
        friendly_name: n.friendly_name.unwrap_or_else(|| n.phone_number.clone()),
        phone_number: n.phone_number,
        locality: n.locality.filter(|s| !s.is_empty()),
        region: n.region.filter(|s| !s.is_empty()),
        capabilities: Capabilities {
            voice: caps.voice,
            sms: caps.sms,
            mms: caps.mms,
            fax: caps.fax,
        },
    }
}
