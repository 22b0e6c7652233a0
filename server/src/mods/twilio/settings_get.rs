use actix_web::{get, web};
use loquent_shared::twilio::mask_sid;
use loquent_shared::{ErrorBody, TwilioMode, TwilioSettings};

use super::account::{self, SettingsRow};
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// The organization's Twilio account: platform-managed or its own. Never includes the token.
#[utoipa::path(
    tag = "twilio",
    operation_id = "get_twilio_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Mode, masked account SID, when it was connected, and whether Loquent can manage an account", body = TwilioSettings),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not see telephony settings", body = ErrorBody),
    )
)]
#[get("/twilio/settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_twilio_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<TwilioSettings>> {
    auth.require(Permission::TwilioSettingsRead)?;
    let mut conn = state.conn().await?;
    let row = account::get_twilio_settings(&mut conn, auth.organization_id()).await?;
    Ok(web::Json(settings_dto(&state, row.as_ref())))
}

pub fn settings_dto(state: &AppState, row: Option<&SettingsRow>) -> TwilioSettings {
    let managed_available = state.config.twilio_main.is_some();
    match row {
        // Platform-managed until the first need creates the subaccount.
        None => TwilioSettings {
            mode: TwilioMode::Platform,
            account_sid_masked: None,
            connected_at: None,
            managed_available,
        },
        Some(row) => TwilioSettings {
            mode: if row.is_byo { TwilioMode::Byo } else { TwilioMode::Platform },
            account_sid_masked: Some(mask_sid(&row.account_sid)),
            connected_at: Some(row.connected_at),
            managed_available,
        },
    }
}
