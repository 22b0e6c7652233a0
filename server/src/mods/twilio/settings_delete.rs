use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;

use super::account;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Disconnect the organization's own Twilio account and return to a Loquent-managed one.
/// Registered numbers stay in Loquent.
#[utoipa::path(
    tag = "twilio",
    operation_id = "delete_twilio_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "Back to platform-managed (also when it already was)"),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not change telephony settings", body = ErrorBody),
    )
)]
#[delete("/twilio/settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_twilio_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::TwilioSettingsUpdate)?;
    let mut conn = state.conn().await?;
    if account::forget_byo(&mut conn, auth.organization_id()).await? {
        tracing::info!("own Twilio account disconnected");
    }
    Ok(HttpResponse::NoContent().finish())
}
