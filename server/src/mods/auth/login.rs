use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use loquent_shared::validation::normalize_email;
use loquent_shared::{ErrorBody, LoginRequest, Me};

use super::client_ip::client_ip;
use super::me::{self, Memberships};
use super::session::{self, NewSession};
use super::signup::user_agent;
use super::{password, rate_limit};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::account::queries as people;
use crate::mods::{organization, team};
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
        (status = 403, description = "The password is right but the login belongs to no organization any more (`no_membership`)", body = ErrorBody),
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
    let email_bucket = email_bucket(&email);
    let mut conn = state.conn().await?;
    // Count the attempt before checking the password, so guesses past the limit learn nothing.
    rate_limit::hit(&mut conn, &email_bucket, limit.per_email, limit.window).await?;
    rate_limit::hit(&mut conn, &format!("login:ip:{ip}"), limit.per_ip, limit.window).await?;

    let found = people::find_credentials(&mut conn, &email).await?;
    let stored_hash = found.as_ref().map(|(_, hash)| hash.clone());
    if !password::verify(password, stored_hash).await? {
        tracing::info!("login refused");
        return Err(ApiError::InvalidCredentials);
    }
    let Some((person, _)) = found else {
        return Err(ApiError::internal(anyhow::anyhow!("verified a password without a person")));
    };
    rate_limit::reset(&mut conn, &email_bucket).await?;
    let token = start_session(&req, &state, &mut conn, person.id, None).await?;
    let (token, me) = token;
    tracing::info!(org_id = %me.organization.id, member_id = %me.member.id, "signed in");
    session::signed_in_response(StatusCode::OK, token, &me, &state.config)
}

/// The rate-limit bucket of sign-in attempts for a (normalized) email.
pub fn email_bucket(email: &str) -> String {
    format!("login:email:{email}")
}

/// Signs the person in: a new session in the organization `organization_id` if given (they
/// must belong to it), else the one they worked in last. 403 `no_membership` when they belong
/// to none (every organization removed them); the password was right, so saying so is safe.
pub async fn start_session(
    req: &HttpRequest,
    state: &AppState,
    conn: &mut diesel_async::AsyncPgConnection,
    person_id: uuid::Uuid,
    organization_id: Option<uuid::Uuid>,
) -> ApiResult<(String, Me)> {
    let member = match organization_id {
        Some(org) => team::queries::find_for_person(conn, org, person_id).await?,
        None => team::queries::most_recent_for_person(conn, person_id).await?,
    };
    let Some(member) = member else {
        return Err(ApiError::refused(
            "no_membership",
            "this login doesn't belong to any organization any more; ask a team's owner to invite you",
        ));
    };
    let organization = organization::queries::find(conn, member.organization_id).await?;
    let token = session::create(
        conn,
        NewSession {
            person_id,
            member_id: member.id,
            user_agent: user_agent(req),
            ip_address: client_ip(req, state.config.trust_proxy),
        },
        state.config.session_ttl,
    )
    .await
    .map_err(ApiError::internal)?;
    let me = me::load(conn, &member, &organization, Memberships::All).await?;
    Ok((token, me))
}
