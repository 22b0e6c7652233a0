//! The clinic's patients as contacts: each made when they first called (or were called), as
//! Loquent makes a contact for a new number, and named as enrichment would name them. Patients
//! who didn't call this month were added a month ago.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::calls::PlannedCall;
use super::error::DemoError;
use super::ids::{self, Kind};
use super::people::Person;
use crate::mods::contact;
use crate::mods::contact::queries::ContactAt;

/// Inserts the people as contacts through the contact module; their ids, in `people`'s order.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    people: &[Person],
    calls: &[PlannedCall],
    set_up_at: DateTime<Utc>,
) -> Result<Vec<Uuid>, DemoError> {
    let ids: Vec<Uuid> =
        (0..people.len()).map(|n| ids::id(organization_id, Kind::Contact, n)).collect();
    let rows: Vec<ContactAt<'_>> = people
        .iter()
        .zip(&ids)
        .enumerate()
        .map(|(n, (person, id))| {
            let first_call = calls.iter().filter(|c| c.person == n).map(|c| c.started).min();
            ContactAt {
                id: *id,
                first_name: person.first,
                last_name: person.last,
                created_at: first_call
                    .unwrap_or_else(|| set_up_at + Duration::minutes(7 * n as i64)),
                phone: &person.phone,
                phone_label: person.phone_label,
                email: person.email.as_deref(),
            }
        })
        .collect();
    contact::queries::insert_many_at(conn, organization_id, &rows).await?;
    Ok(ids)
}
