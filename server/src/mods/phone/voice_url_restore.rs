use actix_web::{post, web};
use loquent_shared::{ErrorBody, Phone};
use uuid::Uuid;

use super::queries;
use super::twilio_number::gone_or_upstream;
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::mods::twilio::account;
use crate::state::AppState;

/// Roll back: give the number its previous voice webhook (saved when Loquent took it over).
#[utoipa::path(
    tag = "phone",
    operation_id = "restore_phone_voice_url",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Phone number id")),
    responses(
        (status = 200, description = "The number, routed back to its previous URL", body = Phone),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change numbers", body = ErrorBody),
        (status = 404, description = "No such number in the caller's organization", body = ErrorBody),
        (status = 409, description = "No voice URL was saved (`no_previous_voice_url`), no Twilio account is connected (`twilio_not_connected`), or the number is no longer in it (`number_not_in_twilio`)", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[post("/phones/{id}/voice-url/restore")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn restore_voice_url(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Phone>> {
    auth.require(Permission::PhoneInstanceUpdate)?;
    let (org, id) = (auth.organization_id(), id.into_inner());
    let mut conn = state.conn().await?;
    let phone = queries::find(&mut conn, org, id).await?;
    let Some(previous) = phone.previous_voice_url.clone() else {
        return Err(ApiError::conflict(
            "no_previous_voice_url",
            "this number has no saved voice URL to restore: Loquent never took it over",
        ));
    };
    let creds = account::stored_credentials(&state, &mut conn, org).await?;
    state
        .twilio
        .set_voice_url(&creds, &phone.twilio_sid, &previous)
        .await
        .map_err(|e| gone_or_upstream(e, &phone.twilio_sid))?;
    tracing::info!(twilio_sid = %phone.twilio_sid, "previous voice URL restored");
    Ok(web::Json(queries::set_routing(&mut conn, org, id, None, false).await?.into()))
}
