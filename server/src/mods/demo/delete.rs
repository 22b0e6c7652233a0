use actix_web::{HttpResponse, delete, web};
use loquent_shared::ErrorBody;

use super::clear;
use crate::error::ApiResult;
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// Clear the demo workspace's sample data.
///
/// Deletes the agent, numbers, analyzers, contacts, calls (with their recordings, analysis and
/// to-dos) and outbox messages Loquent seeded, and nothing staff added. Afterwards `GET /api/me`
/// says `demo_data: false`, and the data is not seeded again. Idempotent: an organization
/// without demo data (never seeded, or cleared already) answers 204 too, and nothing changes.
#[utoipa::path(
    tag = "demo",
    operation_id = "delete_demo_data",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 204, description = "The demo data is gone (also when there was none)"),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not clear the demo data (owners and admins may)", body = ErrorBody),
        (status = 500, description = "Unexpected error; nothing was deleted", body = ErrorBody),
    )
)]
#[delete("/demo-data")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn delete_demo_data(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    auth.require(Permission::DemoDataDelete)?;
    let mut conn = state.conn().await?;
    if clear::clear(&mut conn, &state.store, auth.organization_id()).await?.is_none() {
        tracing::info!("no demo data to clear");
    }
    Ok(HttpResponse::NoContent().finish())
}
