//! `GET /api/twilio/access-token`: a Twilio access token for the Voice SDK in the browser, as
//! Twilio's helper libraries make them: a JWT signed (HS256) with the organization's API Key
//! secret, with a voice grant for its TwiML Application.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use loquent_shared::{ErrorBody, VoiceAccessToken};
use secrecy::ExposeSecret;
use serde::Serialize;
use uuid::Uuid;

use super::voice_app::{self, VoiceApp};
use crate::error::{ApiError, ApiResult};
use crate::mods::auth::{Authenticated, Permission};
use crate::state::AppState;

/// An hour, as Twilio's helper libraries default to (Twilio allows up to 24 h).
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// `user_{member_id}`: the client identity a member's browser calls as.
pub fn identity(member_id: Uuid) -> String {
    format!("user_{member_id}")
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: String,
    iss: &'a str,
    sub: &'a str,
    nbf: i64,
    exp: i64,
    grants: Grants<'a>,
}

#[derive(Serialize)]
struct Grants<'a> {
    identity: &'a str,
    voice: VoiceGrant<'a>,
}

#[derive(Serialize)]
struct VoiceGrant<'a> {
    incoming: Incoming,
    outgoing: Outgoing<'a>,
}

#[derive(Serialize)]
struct Incoming {
    allow: bool,
}

#[derive(Serialize)]
struct Outgoing<'a> {
    application_sid: &'a str,
}

/// The access token for `identity`, valid from `now` for [`TOKEN_LIFETIME_SECS`].
pub fn token(
    app: &VoiceApp,
    identity: &str,
    now: DateTime<Utc>,
) -> jsonwebtoken::errors::Result<String> {
    let now = now.timestamp();
    let claims = Claims {
        jti: format!("{}-{now}", app.api_key_sid),
        iss: &app.api_key_sid,
        sub: &app.account_sid,
        nbf: now,
        exp: now + TOKEN_LIFETIME_SECS,
        grants: Grants {
            identity,
            voice: VoiceGrant {
                incoming: Incoming { allow: true },
                outgoing: Outgoing { application_sid: &app.twiml_app_sid },
            },
        },
    };
    let header = Header {
        typ: Some("JWT".to_owned()),
        cty: Some("twilio-fpa;v=1".to_owned()),
        ..Header::new(Algorithm::HS256)
    };
    let key = EncodingKey::from_secret(app.api_key_secret.expose_secret().as_bytes());
    jsonwebtoken::encode(&header, &claims, &key)
}

/// A Twilio access token for calling from the browser with Twilio's Voice SDK. The first
/// request of an organization sets browser calling up in its Twilio account (a TwiML
/// Application pointing at `/twilio/voice/outbound`, and an API Key); later ones reuse them.
#[utoipa::path(
    tag = "twilio",
    operation_id = "get_voice_access_token",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "A token valid for an hour", body = VoiceAccessToken),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
        (status = 403, description = "The caller's role may not place calls", body = ErrorBody),
        (status = 500, description = "No Twilio account can be used (`twilio_not_configured`)", body = ErrorBody),
        (status = 502, description = "Twilio refused to set up browser calling (`twilio_error`, with Twilio's message)", body = ErrorBody),
    )
)]
#[get("/twilio/access-token")]
#[tracing::instrument(skip_all, fields(org_id = %auth.organization_id()))]
pub async fn get_voice_access_token(
    auth: Authenticated,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<VoiceAccessToken>> {
    auth.require(Permission::CallOutboundCreate)?;
    let app = voice_app::ensure(&state, &auth.organization).await?;
    let identity = identity(auth.member.id);
    let now = Utc::now();
    let token = token(&app, &identity, now).map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let expires_at = now + chrono::Duration::seconds(TOKEN_LIFETIME_SECS);
    Ok(web::Json(VoiceAccessToken { token, identity, expires_at }))
}
