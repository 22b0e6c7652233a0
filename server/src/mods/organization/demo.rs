//! The demo organization the run command seeds, so a fresh checkout has a login to try.

use diesel_async::AsyncConnection;
use loquent_shared::Role;

use super::queries::{self, NewMember};
use crate::db::Pool;
use crate::mods::auth::password;
use crate::mods::todo;

pub const DEMO_ORGANIZATION: &str = "Demo Dental Clinic";
pub const DEMO_NAME: &str = "Demo Owner";

/// Creates the demo organization and owner, or resets the owner's password if they exist.
/// Idempotent: the run command calls it on every start.
pub async fn ensure_demo_login(pool: &Pool, email: &str, password: &str) -> anyhow::Result<()> {
    let email = loquent_shared::validation::normalize_email(email);
    let hash = password::hash(password.to_string()).await?;
    let mut conn = pool.get().await?;
    conn.transaction::<_, anyhow::Error, _>(async move |conn| {
        match queries::find_credentials(conn, &email).await? {
            Some((member, _, _)) => Ok(queries::set_password_hash(conn, member.id, &hash).await?),
            None => {
                let org = queries::insert_organization(conn, DEMO_ORGANIZATION).await?;
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
                Ok(())
            }
        }
    })
    .await?;
    Ok(())
}
