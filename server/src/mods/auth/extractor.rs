//! The `Authenticated` extractor: who is calling, for which organization, and how.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use loquent_shared::{ApiKeyScope, Role};
use uuid::Uuid;

use super::permission::{Permission, role_grants};
use super::session::{self, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::mods::api_key;
use crate::mods::api_key::queries::KeyCheck;
use crate::mods::organization::OrganizationRow;
use crate::mods::team::{self, MemberRow};
use crate::state::AppState;

/// A signed-in member and their organization. Every org-scoped query filters by
/// [`Authenticated::organization_id`].
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub member: MemberRow,
    pub organization: OrganizationRow,
    /// The role the request acts with: the member's, limited by a read-only key's scope.
    pub role: Role,
    pub credential: Credential,
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    Session { session_id: Uuid },
    ApiKey { api_key_id: Uuid, scope: ApiKeyScope },
}

impl Authenticated {
    pub fn organization_id(&self) -> Uuid {
        self.organization.id
    }

    pub fn person_id(&self) -> Uuid {
        self.member.person_id
    }

    /// The caller's session: 403 for an API key, which acts for an organization, not a person
    /// (it can't change a password or switch organizations).
    pub fn require_session(&self) -> ApiResult<Uuid> {
        match self.credential {
            Credential::Session { session_id } => Ok(session_id),
            Credential::ApiKey { .. } => Err(ApiError::refused(
                "session_required",
                "this needs a signed-in person; an API key acts for its organization only",
            )),
        }
    }

    /// 403 unless the caller's role holds `permission`.
    pub fn require(&self, permission: Permission) -> ApiResult<()> {
        if role_grants(self.role, permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden { permission: permission.name() })
        }
    }
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        // An Authorization header wins over the cookie: an integration sending a bad key must
        // be told so, not silently acting as whoever's browser it runs in.
        let bearer = req.headers().get(header::AUTHORIZATION).map(|v| {
            v.to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
                .map(|t| t.trim().to_string())
        });
        let cookie = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState missing")))?;
            let mut conn = state.conn().await?;
            let (credential, member, organization) = match (bearer, cookie) {
                (Some(Some(key)), _) => {
                    match api_key::queries::authenticate(&mut conn, &key).await? {
                        KeyCheck::Valid { id, scope, member, organization } => {
                            (Credential::ApiKey { api_key_id: id, scope }, member, organization)
                        }
                        KeyCheck::Expired { expired_at } => {
                            return Err(ApiError::ExpiredApiKey { expired_at });
                        }
                        KeyCheck::Unknown => return Err(ApiError::InvalidApiKey),
                    }
                }
                (Some(None), _) => return Err(ApiError::InvalidApiKey),
                (None, Some(token)) => session::find_live(&mut conn, &token)
                    .await?
                    .map(|(id, m, o)| (Credential::Session { session_id: id }, m, o))
                    .ok_or(ApiError::Unauthenticated)?,
                (None, None) => return Err(ApiError::Unauthenticated),
            };
            let role = member.role()?;
            let role = match credential {
                Credential::Session { .. } => {
                    team::queries::touch(&mut conn, &member).await?;
                    role
                }
                // A read-only key can do what a viewer can, whoever made it.
                Credential::ApiKey { scope, .. } => scope.limit(role),
            };
            tracing::Span::current().record("org_id", tracing::field::display(organization.id));
            Ok(Authenticated { member, organization, role, credential })
        })
    }
}
