//! `resolve_contact`: who is calling, as a contact, creating a stub for a new number.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::queries::find_by_number;
use crate::db::schema::{contact, contact_phone};
use crate::error::{ApiError, ApiResult};

/// The organization's contact with `caller_phone`, or a new nameless one holding that number
/// as its preferred phone. Safe under concurrency: the unique (organization, number) constraint
/// decides which of several simultaneous first calls creates the contact; the others find it.
pub async fn resolve_contact(
    conn: &mut AsyncPgConnection,
    caller_phone: &str,
    organization_id: Uuid,
) -> ApiResult<Uuid> {
    for _ in 0..3 {
        if let Some(id) = find_by_number(conn, organization_id, caller_phone).await? {
            return Ok(id);
        }
        let number = caller_phone.to_string();
        let created = conn
            .transaction::<_, ApiError, _>(async move |conn| {
                let id: Uuid = diesel::insert_into(contact::table)
                    .values(contact::organization_id.eq(organization_id))
                    .returning(contact::id)
                    .get_result(conn)
                    .await?;
                let claimed = diesel::insert_into(contact_phone::table)
                    .values((
                        contact_phone::organization_id.eq(organization_id),
                        contact_phone::contact_id.eq(id),
                        contact_phone::number.eq(&number),
                        contact_phone::is_preferred.eq(true),
                    ))
                    .on_conflict((contact_phone::organization_id, contact_phone::number))
                    .do_nothing()
                    .execute(conn)
                    .await?;
                // Someone else claimed the number first: roll back our stub and use theirs.
                if claimed == 0 {
                    Err(ApiError::conflict("raced", "number claimed concurrently"))
                } else {
                    Ok(id)
                }
            })
            .await;
        match created {
            Ok(id) => return Ok(id),
            Err(ApiError::Conflict { code: "raced", .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ApiError::internal(anyhow::anyhow!(
        "could not resolve a contact for a caller after 3 attempts"
    )))
}
