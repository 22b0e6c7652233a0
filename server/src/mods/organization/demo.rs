//! The demo organization's login, so a fresh checkout has a login to try. What the demo
//! workspace holds besides (a month of sample data) is `mods::demo`'s.

use diesel_async::AsyncConnection;
use loquent_shared::Role;
use uuid::Uuid;

use super::queries::{self, OrganizationChanges};
use crate::db::Pool;
use crate::mods::account::queries::{self as people, NewPerson};
use crate::mods::auth::password;
use crate::mods::team::queries::{self as members, NewMember};
use crate::mods::todo;

pub const DEMO_ORGANIZATION: &str = "Demo Dental Clinic";
pub const DEMO_NAME: &str = "Demo Owner";
/// The demo clinic's time zone: its sample calls come in its opening hours, and its numbers
/// are Boston's (617).
pub const DEMO_TIMEZONE: &str = "America/New_York";

/// Creates the demo organization and owner, or resets the owner's password if they exist; the
/// organization's id either way (the one the owner worked in last, if they have several).
/// Idempotent: the run command calls it on every start.
pub async fn ensure_demo_login(pool: &Pool, email: &str, password: &str) -> anyhow::Result<Uuid> {
    let email = loquent_shared::validation::normalize_email(email);
    let hash = password::hash(password.to_string()).await?;
    let mut conn = pool.get().await?;
    let organization_id = conn
        .transaction::<_, anyhow::Error, _>(async move |conn| {
            let person = match people::find_by_email(conn, &email).await? {
                Some(person) => {
                    people::set_password_hash(conn, person.id, &hash).await?;
                    if let Some(member) = members::most_recent_for_person(conn, person.id).await? {
                        return Ok(member.organization_id);
                    }
                    person
                }
                None => {
                    let new = NewPerson { name: DEMO_NAME, email: &email, password_hash: &hash };
                    people::insert(conn, new).await?
                }
            };
            let org = queries::insert_organization(conn, DEMO_ORGANIZATION).await?;
            let changes =
                OrganizationChanges { timezone: Some(DEMO_TIMEZONE), ..Default::default() };
            queries::update_organization(conn, org.id, changes).await?;
            todo::types::create_defaults(conn, org.id).await?;
            let new =
                NewMember { organization_id: org.id, person_id: person.id, role: Role::Owner };
            members::insert_member(conn, new).await?;
            Ok(org.id)
        })
        .await?;
    Ok(organization_id)
}
