//! Registering a number in Loquent, whether bought or imported: the one way `phone_number`
//! rows are created.

use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::queries::{self, NewPhone, PhoneRow};
use crate::mods::analyzer;

/// Registers the number with the organization's default analyzers assigned, atomically (a
/// savepoint when the caller is already in a transaction). `None` when the organization
/// already has the number; nothing changes then.
pub async fn register(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    new: NewPhone<'_>,
) -> QueryResult<Option<PhoneRow>> {
    conn.transaction(async |conn| {
        let Some(row) = queries::insert(conn, organization_id, new).await? else {
            return Ok(None);
        };
        analyzer::assign_defaults(conn, organization_id, row.id).await?;
        Ok(Some(row))
    })
    .await
}
