//! `resolve_contact`: who is calling, as a contact, creating a stub for a new number.

use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::error::ContactError;
use super::queries::find_by_number;

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = SqlUuid)]
    contact_id: Uuid,
}

/// The organization's contact with `caller_phone`, or a new nameless one holding that number
/// as its preferred phone.
///
/// Safe under concurrency: the stub and its phone are written by one statement whose phone
/// insert yields to the unique (organization, number) constraint, and the stub is only written
/// when the phone was. Of several simultaneous first calls one creates the contact and the
/// others find it, with no retry loop and no rolled-back stubs.
pub async fn resolve_contact(
    conn: &mut AsyncPgConnection,
    caller_phone: &str,
    organization_id: Uuid,
) -> Result<Uuid, ContactError> {
    if let Some(id) = find_by_number(conn, organization_id, caller_phone).await? {
        return Ok(id);
    }
    // The foreign key from the phone to the stub is checked at the end of the statement, by
    // which time both rows exist.
    let claimed: Option<Claimed> = diesel::sql_query(
        "WITH phone AS ( \
             INSERT INTO contact_phone (organization_id, contact_id, number, is_preferred) \
             VALUES ($1, $2, $3, true) \
             ON CONFLICT (organization_id, number) DO NOTHING \
             RETURNING contact_id \
         ), stub AS ( \
             INSERT INTO contact (id, organization_id) SELECT contact_id, $1 FROM phone \
         ) \
         SELECT contact_id FROM phone",
    )
    .bind::<SqlUuid, _>(organization_id)
    .bind::<SqlUuid, _>(Uuid::new_v4())
    .bind::<Text, _>(caller_phone)
    .get_result(conn)
    .await
    .optional()?;
    if let Some(Claimed { contact_id }) = claimed {
        return Ok(contact_id);
    }
    // Another call claimed the number between our lookup and our insert: theirs is the contact.
    find_by_number(conn, organization_id, caller_phone).await?.ok_or(ContactError::NotFound)
}
