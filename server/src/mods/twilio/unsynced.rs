use std::collections::HashSet;

use actix_web::{post, web};
use loquent_shared::{ErrorBody, UnsyncedNumber};

use super::account;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::phone::queries as phones;
use crate::state::AppState;

/// Numbers in the organization's Twilio account that Loquent doesn't have yet. Read-only on
/// Twilio.
#[utoipa::path(
    tag = "twilio",
    operation_id = "get_unsynced_numbers",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Numbers that can be imported", body = Vec<UnsyncedNumber>),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not import numbers", body = ErrorBody),
        (status = 500, description = "No Twilio account can be used (`twilio_not_configured`)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[post("/twilio/get-unsynced-numbers")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_unsynced_numbers(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<UnsyncedNumber>>> {
    auth.require(Permission::PhoneCollectionImport)?;
    let creds = account::ensure_credentials(&state, &auth.organization).await?;
    let in_twilio = state.twilio.list_incoming_numbers(&creds).await?;
    let mut conn = state.conn().await?;
    let known: HashSet<String> = phones::registered(&mut conn, auth.organization_id())
        .await?
        .into_iter()
        .flat_map(|(sid, number)| [sid, number])
        .collect();
    let unsynced = in_twilio
        .into_iter()
        .filter(|n| !known.contains(&n.sid) && !known.contains(&n.phone_number))
        .map(|n| UnsyncedNumber {
            friendly_name: n.friendly_name.unwrap_or_else(|| n.phone_number.clone()),
            twilio_sid: n.sid,
            phone_number: n.phone_number,
            voice_url: n.voice_url.filter(|u| !u.is_empty()),
        })
        .collect();
    Ok(web::Json(unsynced))
}
