use std::collections::{HashMap, HashSet};

use actix_web::{post, web};
use diesel_async::AsyncConnection;
use loquent_shared::twilio::is_sid;
use loquent_shared::validation::FieldError;
use loquent_shared::{ErrorBody, SyncNumbersRequest, SyncNumbersResponse};

use super::account;
use super::error::TelephonyError;
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::phone::{self, queries::NewPhone};
use crate::state::AppState;

/// Import numbers from the organization's Twilio account. Read-only on Twilio: nothing is
/// bought and no number's configuration changes (point a number at Loquent afterwards with
/// `POST /api/phones/{id}/voice-url`). New numbers get the default analyzers.
#[utoipa::path(
    tag = "twilio",
    operation_id = "sync_numbers",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = SyncNumbersRequest,
    responses(
        (status = 200, description = "How many were imported, and how many Loquent already had", body = SyncNumbersResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not import numbers", body = ErrorBody),
        (status = 404, description = "A SID is not a number in the Twilio account", body = ErrorBody),
        (status = 422, description = "No SIDs, or one is not a `PN…` SID", body = ErrorBody),
        (status = 500, description = "No Twilio account can be used (`twilio_not_configured`)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[post("/twilio/sync-numbers")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn sync_numbers(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<SyncNumbersRequest>,
) -> ApiResult<web::Json<SyncNumbersResponse>> {
    auth.require(Permission::PhoneCollectionImport)?;
    if body.twilio_sids.is_empty() {
        return Err(FieldError::new("twilio_sids", "required", "select at least one number").into());
    }
    if let Some(bad) = body.twilio_sids.iter().find(|s| !is_sid(s, "PN")) {
        return Err(FieldError::new(
            "twilio_sids",
            "invalid_sid",
            format!("{bad:?} is not a PN… SID"),
        )
        .into());
    }
    let creds = account::ensure_credentials(&state, &auth.organization).await?;
    let in_twilio: HashMap<String, _> = state
        .twilio
        .list_incoming_numbers(&creds)
        .await?
        .into_iter()
        .map(|n| (n.sid.clone(), n))
        .collect();
    let mut selected = Vec::new();
    let mut seen = HashSet::new();
    for sid in body.twilio_sids.iter().filter(|s| seen.insert(s.as_str())) {
        let number =
            in_twilio.get(sid).ok_or_else(|| TelephonyError::NotInAccount { sid: sid.clone() })?;
        selected.push(number.clone());
    }

    let org = auth.organization_id();
    let ours = account::voice_url(&state);
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let mut result = SyncNumbersResponse { imported: 0, already_existed: 0 };
            for n in &selected {
                let new = NewPhone {
                    number: &n.phone_number,
                    twilio_sid: &n.sid,
                    friendly_name: n.friendly_name.as_deref().unwrap_or(&n.phone_number),
                    routes_to_loquent: n.voice_url.as_deref() == Some(ours.as_str()),
                };
                match phone::register(conn, org, new).await? {
                    Some(_) => result.imported += 1,
                    None => result.already_existed += 1,
                }
            }
            Ok(result)
        })
        .await?;
    tracing::info!(
        imported = result.imported,
        already_existed = result.already_existed,
        "numbers imported"
    );
    Ok(web::Json(result))
}
