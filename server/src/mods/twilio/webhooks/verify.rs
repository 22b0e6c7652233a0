//! Signature checks for Twilio's webhooks.

use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::clients::twilio::signature;
use crate::error::{ApiError, ApiResult};
use crate::mods::twilio::account;
use crate::state::AppState;

pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

pub fn forbidden() -> ApiError {
    ApiError::Http {
        field: None,
        status: StatusCode::FORBIDDEN,
        code: "invalid_signature",
        message: "the request's X-Twilio-Signature does not match".into(),
    }
}

/// The public URL Twilio requested: `APP_HOST` + path and query as received.
pub fn public_url(state: &AppState, req: &HttpRequest) -> String {
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    format!("{}{path}", state.config.app_host)
}

/// The WebSocket URL Twilio signs a media-stream upgrade over: `wss://` (or `ws://` for a
/// plain-http deployment) + host + path, without the query string.
pub fn public_ws_url(state: &AppState, req: &HttpRequest) -> String {
    let host = &state.config.app_host;
    let base = match host.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", host.trim_start_matches("http://")),
    };
    format!("{base}{}", req.uri().path())
}

/// Verifies the request was signed with the organization's auth token.
pub async fn verify(
    state: &AppState,
    req: &HttpRequest,
    organization_id: Uuid,
    params: &[(String, String)],
) -> ApiResult<()> {
    verify_url(state, req, organization_id, &public_url(state, req), params).await
}

/// Verifies a signature over `url` and `params` with the organization's auth token.
pub async fn verify_url(
    state: &AppState,
    req: &HttpRequest,
    organization_id: Uuid,
    url: &str,
    params: &[(String, String)],
) -> ApiResult<()> {
    let Some(sig) = req.headers().get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()) else {
        return Err(forbidden());
    };
    let mut conn = state.conn().await?;
    let creds = account::stored_credentials(state, &mut conn, organization_id)
        .await
        .map_err(|_| forbidden())?;
    if signature::verify(creds.auth_token.expose_secret(), url, params, sig) {
        Ok(())
    } else {
        tracing::warn!(%organization_id, "Twilio webhook with a wrong signature refused");
        Err(forbidden())
    }
}
