use actix_web::{post, web};
use loquent_shared::{ErrorBody, Phone};
use uuid::Uuid;

use super::queries;
use super::twilio_number::gone_or_upstream;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::twilio::account;
use crate::state::AppState;

/// Route the number's calls to Loquent: point its Twilio voice webhook here, keeping the URL it
/// had in `previous_voice_url` for a rollback. Idempotent.
#[utoipa::path(
    tag = "phone",
    operation_id = "take_over_phone_voice_url",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Phone number id")),
    responses(
        (status = 200, description = "The number, now routed to Loquent", body = Phone),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization", body = ErrorBody),
        (status = 409, description = "The organization has no Twilio account connected (`twilio_not_connected`), or the number is no longer in it (`number_not_in_twilio`)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[post("/phones/{id}/voice-url")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn take_over_voice_url(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    let (org, id) = (auth.organization_id(), id.into_inner());
    let mut conn = state.conn().await?;
    let phone = queries::find(&mut conn, org, id).await?;
    let creds = account::stored_credentials(&state, &mut conn, org).await?;
    let ours = account::voice_url(&state);
    let current = state
        .twilio
        .fetch_incoming_number(&creds, &phone.twilio_sid)
        .await
        .map_err(|e| gone_or_upstream(e, &phone.twilio_sid))?;
    let current_url = current.voice_url.unwrap_or_default();
    if current_url == ours {
        if phone.routes_to_loquent {
            return Ok(web::Json(phone.into()));
        }
        let row =
            queries::set_routing(&mut conn, org, id, phone.previous_voice_url.as_deref(), true)
                .await?;
        return Ok(web::Json(row.into()));
    }
    // Save the old URL first: if Twilio then fails, nothing is lost; if this fails, Twilio was
    // never touched.
    queries::set_routing(&mut conn, org, id, Some(&current_url), true).await?;
    if let Err(e) = state.twilio.set_voice_url(&creds, &phone.twilio_sid, &ours).await {
        let (previous, routed) = (phone.previous_voice_url.as_deref(), phone.routes_to_loquent);
        queries::set_routing(&mut conn, org, id, previous, routed).await?;
        return Err(gone_or_upstream(e, &phone.twilio_sid));
    }
    tracing::info!(twilio_sid = %phone.twilio_sid, "number routed to Loquent");
    Ok(web::Json(queries::find(&mut conn, org, id).await?.into()))
}
