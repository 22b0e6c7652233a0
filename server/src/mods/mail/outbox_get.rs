use actix_web::{get, web};
use loquent_shared::{ErrorBody, MailMessageDetails};

use super::redact::redact_link_tokens;
use uuid::Uuid;

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// One message of the outbox with its plain-text and HTML parts, as sent (or as they would
/// have been).
#[utoipa::path(
    tag = "mail",
    operation_id = "get_mail_message",
    security(("session_cookie" = []), ("api_key" = [])),
    params(("id" = Uuid, Path, description = "Message id")),
    responses(
        (status = 200, description = "The message. The secret of a link that is a credential (`#token=…`, as in an invitation) shows as `(hidden)`: the message sent holds it, the outbox doesn't", body = MailMessageDetails),
        (status = 400, description = "The id is not a UUID", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read the outbox", body = ErrorBody),
        (status = 404, description = "No such message in the caller's organization", body = ErrorBody),
    )
)]
#[get("/mail/outbox/{id}")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_mail_message(
    auth: Authenticated,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<MailMessageDetails>> {
    auth.require(Permission::MailMessageInstanceRead)?;
    let mut conn = state.conn().await?;
    let row = queries::find(&mut conn, auth.organization_id(), id.into_inner()).await?;
    Ok(web::Json(MailMessageDetails {
        message: row.to_dto(),
        text: redact_link_tokens(&row.text_body),
        html: redact_link_tokens(&row.html_body),
    }))
}
