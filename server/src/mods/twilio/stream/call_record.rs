//! The call row a media stream keeps: created (or resumed) at `start`, finished at the end.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::validation::validate_e164;
use uuid::Uuid;

use crate::db::schema::call;
use crate::error::ApiResult;
use crate::mods::contact::resolve_contact;
use crate::mods::phone::queries::PhoneRow;

/// Creates the inbound call (or finds it again if Twilio reconnects the same call), with the
/// caller resolved to a contact. Anonymous and malformed caller IDs get no contact.
pub async fn begin(
    conn: &mut AsyncPgConnection,
    phone: &PhoneRow,
    call_sid: &str,
    from: &str,
) -> ApiResult<Uuid> {
    let contact_id = match validate_e164("from", from) {
        Ok(()) => Some(resolve_contact(conn, from, phone.organization_id).await?),
        Err(_) => None,
    };
    let id = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(phone.organization_id),
            call::phone_number_id.eq(phone.id),
            call::contact_id.eq(contact_id),
            call::call_sid.eq(call_sid),
            call::from_to_number.eq(format!("{from} -> {}", phone.number)),
            call::direction.eq("inbound"),
            call::status.eq("in-progress"),
        ))
        .on_conflict(call::call_sid)
        .do_update()
        .set(call::status.eq("in-progress"))
        .returning(call::id)
        .get_result(conn)
        .await?;
    Ok(id)
}

/// Marks the call ended (once), with its duration.
pub async fn finish(conn: &mut AsyncPgConnection, call_id: Uuid, status: &str) -> QueryResult<()> {
    let now = Utc::now();
    let started: chrono::DateTime<Utc> =
        call::table.find(call_id).select(call::created_at).first(conn).await?;
    let duration = i32::try_from((now - started).num_seconds().max(0)).unwrap_or(i32::MAX);
    diesel::update(call::table.find(call_id).filter(call::ended_at.is_null()))
        .set((call::status.eq(status), call::ended_at.eq(now), call::duration_secs.eq(duration)))
        .execute(conn)
        .await?;
    Ok(())
}
