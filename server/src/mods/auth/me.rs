//! `GET /api/me`: who is signed in, where, and every organization they belong to.

use actix_web::{get, web};
use diesel_async::AsyncPgConnection;
use loquent_shared::{ErrorBody, Me, Membership};

use super::{Authenticated, Credential, Permission};
use crate::error::{ApiError, ApiResult};
use crate::mods::organization::OrganizationRow;
use crate::mods::team::{self, MemberRow};
use crate::state::AppState;

/// The signed-in member, the organization they work in now, and every organization they
/// belong to.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    security(("session_cookie" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No valid session or API key", body = ErrorBody),
    )
)]
#[get("/me")]
#[tracing::instrument(skip_all, fields(org_id))]
pub async fn get_me(auth: Authenticated, state: web::Data<AppState>) -> ApiResult<web::Json<Me>> {
    auth.require(Permission::OrganizationInstanceRead)?;
    let mut conn = state.conn().await?;
    let shown = match auth.credential {
        Credential::Session { .. } => Memberships::All,
        Credential::ApiKey { .. } => Memberships::Current { role: auth.role },
    };
    let me = load(&mut conn, &auth.member, &auth.organization, shown).await?;
    Ok(web::Json(me))
}

/// Which organizations `Me` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memberships {
    /// Every one the person belongs to (a signed-in person).
    All,
    /// Only the current one, with the role the caller acts with there: an API key is bound to
    /// its organization, and a read-only key acts as a viewer.
    Current { role: loquent_shared::Role },
}

/// `Me` for a member working in `organization`.
pub async fn load(
    conn: &mut AsyncPgConnection,
    member: &MemberRow,
    organization: &OrganizationRow,
    shown: Memberships,
) -> ApiResult<Me> {
    let memberships = match shown {
        Memberships::All => team::queries::memberships(conn, member.person_id)
            .await?
            .into_iter()
            .map(|m| {
                let role = loquent_shared::Role::parse(&m.role).ok_or_else(|| {
                    ApiError::internal(team::TeamError::UnknownRole {
                        member_id: m.member_id,
                        role: m.role.clone(),
                    })
                })?;
                Ok(Membership {
                    organization_id: m.organization_id,
                    organization_name: m.organization_name,
                    role,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?,
        Memberships::Current { role } => vec![Membership {
            organization_id: organization.id,
            organization_name: organization.name.clone(),
            role,
        }],
    };
    Ok(Me { member: member.to_dto()?, organization: organization.into(), memberships })
}
