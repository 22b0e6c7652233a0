//! The public invitation endpoints are limited per client address like sign-in: a link's
//! secret can't be guessed, but its pages check passwords.

use actix_web::HttpRequest;
use diesel_async::AsyncPgConnection;

use crate::error::ApiResult;
use crate::mods::auth::client_ip::client_ip;
use crate::mods::auth::rate_limit;
use crate::state::AppState;

/// Counts one attempt from the request's address; 429 past the limit.
pub async fn hit(
    conn: &mut AsyncPgConnection,
    req: &HttpRequest,
    state: &AppState,
) -> ApiResult<()> {
    let ip = client_ip(req, state.config.trust_proxy);
    let limit = state.config.login_limit;
    rate_limit::hit(conn, &format!("invitation:ip:{ip}"), limit.per_ip, limit.window).await?;
    Ok(())
}
