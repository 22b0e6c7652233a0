use actix_web::{put, web};
use loquent_shared::{ErrorBody, PutTwilioSettingsRequest, TwilioSettings};
use secrecy::SecretString;

use super::account;
use super::error::TelephonyError;
use super::settings_get::settings_dto;
use crate::clients::twilio::TwilioCredentials;
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Connect the organization's own Twilio account. The credentials are checked with Twilio
/// before anything is saved; the token is stored encrypted and never shown again.
#[utoipa::path(
    tag = "twilio",
    operation_id = "put_twilio_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    request_body = PutTwilioSettingsRequest,
    responses(
        (status = 200, description = "Connected", body = TwilioSettings),
        (status = 400, description = "Malformed JSON, or Twilio refused the credentials (`twilio_credentials_rejected`)", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change telephony settings", body = ErrorBody),
        (status = 422, description = "The SID or token is not well-formed", body = ErrorBody),
        (status = 502, description = "Twilio failed (`twilio_error`)", body = ErrorBody),
    )
)]
#[put("/twilio/settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn put_twilio_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
    body: JsonBody<PutTwilioSettingsRequest>,
) -> ApiResult<web::Json<TwilioSettings>> {
    auth.require(Permission::TwilioSettingsUpdate)?;
    body.validate()?;
    let creds = TwilioCredentials {
        account_sid: body.account_sid.trim().to_string(),
        auth_token: SecretString::from(body.auth_token.trim().to_string()),
    };
    match state.twilio.fetch_account(&creds).await {
        Ok(_) => {}
        Err(e) if e.is_unauthenticated() => {
            return Err(TelephonyError::CredentialsRejected.into());
        }
        Err(e) => return Err(e.into()),
    }
    let mut conn = state.conn().await?;
    let row = account::save(&mut conn, &state.cipher, auth.organization_id(), &creds, true).await?;
    tracing::info!(account_sid = %creds.account_sid, "own Twilio account connected");
    Ok(web::Json(settings_dto(&state, Some(&row))))
}
