use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use loquent_shared::validation::normalize_email;
use loquent_shared::{ErrorBody, LoginRequest, Me};

use super::client_ip::client_ip;
use super::session::{self, NewSession};
use super::signup::user_agent;
use super::{password, rate_limit};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::organization::queries;
use crate::state::AppState;

/// Sign in with email and password.
///
/// Sets the `loquent_session` cookie. Attempts are limited per email and per client address.
#[utoipa::path(
    tag = "auth",
    operation_id = "log_in",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; session cookie set", body = Me),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Email or password is wrong (`invalid_credentials`)", body = ErrorBody),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may succeed"))),
    )
)]
#[post("/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn log_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { email, password } = body.into_inner();
    let email = normalize_email(&email);
    let ip = client_ip(&req, state.config.trust_proxy);
    let limit = state.config.login_limit;
    let email_bucket = format!("login:email:{email}");
    let mut conn = state.conn().await?;
    // Count the attempt before checking the password, so guesses past the limit learn nothing.
    rate_limit::hit(&mut conn, &email_bucket, limit.per_email, limit.window).await?;
    rate_limit::hit(&mut conn, &format!("login:ip:{ip}"), limit.per_ip, limit.window).await?;

    let found = queries::find_credentials(&mut conn, &email).await?;
    let stored_hash = found.as_ref().map(|(_, _, hash)| hash.clone());
    if !password::verify(password, stored_hash).await? {
        tracing::info!("login refused");
        return Err(ApiError::InvalidCredentials);
    }
    let Some((member, organization, _)) = found else {
        return Err(ApiError::internal(anyhow::anyhow!("verified a password without a member")));
    };
    rate_limit::reset(&mut conn, &email_bucket).await?;
    let token = session::create(
        &mut conn,
        NewSession { member_id: member.id, user_agent: user_agent(&req), ip_address: ip },
        state.config.session_ttl,
    )
    .await
    .map_err(ApiError::internal)?;
    tracing::info!(org_id = %organization.id, member_id = %member.id, "signed in");
    session::signed_in_response(StatusCode::OK, token, &member, &organization, &state.config)
}
