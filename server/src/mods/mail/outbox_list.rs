use actix_web::{get, web};
use loquent_shared::{ErrorBody, MailMessagePage};

use super::queries;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::pagination::{Cursor, PageParams, page};
use crate::state::AppState;

/// The organization's outbox, newest first: every email Loquent sent (or kept) for it, with
/// what became of each.
#[utoipa::path(
    tag = "mail",
    operation_id = "list_mail_messages",
    security(("session_cookie" = []), ("api_key" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of messages, without their bodies", body = MailMessagePage),
        (status = 400, description = "A bad cursor or limit", body = ErrorBody),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not read the outbox", body = ErrorBody),
    )
)]
#[get("/mail/outbox")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn list_mail_messages(
    auth: Authenticated,
    state: web::Data<AppState>,
    paging: web::Query<PageParams>,
) -> ApiResult<web::Json<MailMessagePage>> {
    auth.require(Permission::MailMessageCollectionList)?;
    let limit = paging.limit()?;
    let mut conn = state.conn().await?;
    let rows =
        queries::list(&mut conn, auth.organization_id(), paging.cursor()?, limit + 1).await?;
    let (rows, next_cursor) = page(rows, limit, |m| Cursor { created_at: m.created_at, id: m.id });
    Ok(web::Json(MailMessagePage { items: rows.iter().map(|r| r.to_dto()).collect(), next_cursor }))
}
