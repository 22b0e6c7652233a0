use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncConnection;
use loquent_shared::validation::normalize_email;
use loquent_shared::{ErrorBody, Me, Role, SignupRequest};

use super::client_ip::client_ip;
use super::me;
use super::session::{self, NewSession};
use super::{password, rate_limit};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::mods::account::queries::{self as people, NewPerson};
use crate::mods::organization::queries::{self, OrganizationChanges};
use crate::mods::team::queries::{self as members, NewMember};
use crate::mods::todo;
use crate::state::AppState;

/// Create an organization and its owner, and sign the owner in.
///
/// Sets the `loquent_session` cookie.
#[utoipa::path(
    tag = "auth",
    operation_id = "sign_up",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Organization and owner created; session cookie set", body = Me),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 409, description = "An account with this email exists (`email_taken`)", body = ErrorBody),
        (status = 422, description = "A field is invalid; the message names it", body = ErrorBody),
        (status = 429, description = "Too many sign-ups from this address", body = ErrorBody),
    )
)]
#[post("/auth/signup")]
#[tracing::instrument(skip_all)]
pub async fn sign_up(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<SignupRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    body.validate()?;
    let email = normalize_email(&body.email);
    let ip = client_ip(&req, state.config.trust_proxy);
    let mut conn = state.conn().await?;
    let limit = state.config.login_limit;
    rate_limit::hit(&mut conn, &format!("signup:ip:{ip}"), limit.per_ip, limit.window).await?;

    let password_hash = password::hash(body.password).await?;
    let user_agent = user_agent(&req);
    let ttl = state.config.session_ttl;
    let (me, token) = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let mut organization =
                queries::insert_organization(conn, body.organization_name.trim()).await?;
            // The browser's zone, when the database knows it; otherwise UTC until an admin sets it.
            if let Some(zone) = body.timezone.as_deref() {
                if queries::timezone_exists(conn, zone).await? {
                    let changes =
                        OrganizationChanges { timezone: Some(zone), ..Default::default() };
                    organization =
                        queries::update_organization(conn, organization.id, changes).await?;
                } else {
                    tracing::info!(zone, "sign-up with a time zone the database doesn't know");
                }
            }
            todo::types::create_defaults(conn, organization.id).await?;
            let person = people::insert(
                conn,
                NewPerson { name: body.name.trim(), email: &email, password_hash: &password_hash },
            )
            .await
            .map_err(|e| match e {
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                    ApiError::conflict(
                        "email_taken",
                        "email: an account with this email already exists; sign in instead",
                    )
                    .on_field("email")
                }
                other => other.into(),
            })?;
            let member = members::insert_member(
                conn,
                NewMember {
                    organization_id: organization.id,
                    person_id: person.id,
                    role: Role::Owner,
                },
            )
            .await?;
            let token = session::create(
                conn,
                NewSession {
                    person_id: person.id,
                    member_id: member.id,
                    user_agent,
                    ip_address: ip,
                },
                ttl,
            )
            .await
            .map_err(ApiError::internal)?;
            let me = me::load(conn, &member, &organization, me::Memberships::All).await?;
            Ok((me, token))
        })
        .await?;

    tracing::info!(org_id = %me.organization.id, member_id = %me.member.id, "organization signed up");
    session::signed_in_response(StatusCode::CREATED, token, &me, &state.config)
}

pub(super) fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(512).collect())
}
