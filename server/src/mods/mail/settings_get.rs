use actix_web::{get, web};
use loquent_shared::{ErrorBody, MailDelivery, MailSettings};

use crate::clients::mail::Mailer;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// How this Loquent sends email: through an SMTP server, or kept in the outbox when none is
/// configured. Never includes the SMTP credentials.
#[utoipa::path(
    tag = "mail",
    operation_id = "get_mail_settings",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "Delivery, sender and SMTP server", body = MailSettings),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not see mail settings", body = ErrorBody),
    )
)]
#[get("/mail/settings")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_mail_settings(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<MailSettings>> {
    auth.require(Permission::MailSettingsRead)?;
    Ok(web::Json(settings(&state.mailer)))
}

pub fn settings(mailer: &Mailer) -> MailSettings {
    MailSettings {
        delivery: delivery(mailer),
        from: mailer.from().to_string(),
        server: mailer.smtp().map(|smtp| smtp.server().to_string()),
    }
}

pub fn delivery(mailer: &Mailer) -> MailDelivery {
    if mailer.smtp().is_some() { MailDelivery::Smtp } else { MailDelivery::Outbox }
}
