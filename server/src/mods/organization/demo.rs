//! The demo organization's login, so a fresh checkout has a login to try. What the demo
//! workspace holds besides (a month of sample data) is `mods::demo`'s.

use diesel_async::AsyncConnection;
use loquent_shared::Role;
use uuid::Uuid;

use super::queries::{self, NewMember};
use crate::db::Pool;
use crate::mods::auth::password;
use crate::mods::todo;

pub const DEMO_ORGANIZATION: &str = "Demo Dental Clinic";
pub const DEMO_NAME: &str = "Demo Owner";
/// The demo clinic's time zone: its sample calls come in its opening hours, and its numbers
/// are Boston's (617).
pub const DEMO_TIMEZONE: &str = "America/New_York";

/// Creates the demo organization and owner, or resets the owner's password if they exist; the
/// organization's id either way. Idempotent: the run command calls it on every start.
pub async fn ensure_demo_login(pool: &Pool, email: &str, password: &str) -> anyhow::Result<Uuid> {
    let email = loquent_shared::validation::normalize_email(email);
    let hash = password::hash(password.to_string()).await?;
    let mut conn = pool.get().await?;
    let organization_id = conn
        .transaction::<_, anyhow::Error, _>(async move |conn| {
            match queries::find_credentials(conn, &email).await? {
                Some((member, org, _)) => {
                    queries::set_password_hash(conn, member.id, &hash).await?;
                    Ok(org.id)
                }
                None => {
                    let org = queries::insert_organization(conn, DEMO_ORGANIZATION).await?;
                    queries::update_organization(conn, org.id, None, Some(DEMO_TIMEZONE)).await?;
                    todo::types::create_defaults(conn, org.id).await?;
                    queries::insert_member(
                        conn,
                        NewMember {
                            organization_id: org.id,
                            name: DEMO_NAME,
                            email: &email,
                            password_hash: &hash,
                            role: Role::Owner,
                        },
                    )
                    .await?;
                    Ok(org.id)
                }
            }
        })
        .await?;
    Ok(organization_id)
}
