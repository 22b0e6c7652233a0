//! The call row a live media stream keeps: created (or resumed) when the stream starts,
//! finished when it ends. The stream calls these; only this module writes `call` rows.

use chrono::Utc;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use loquent_shared::validation::validate_e164;
use loquent_shared::{CallDirection, CallStatus};
use uuid::Uuid;

use super::error::CallError;
use super::queries::{self, NewCall};
use crate::mods::contact::resolve_contact;
use crate::mods::phone::queries::PhoneRow;

/// What Loquent already knows of a CallSid a webhook asks about. Twilio retries a webhook it
/// got no answer to, and a captured signed request can be replayed at any time: what may be
/// started for the call depends on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// No call has this SID yet: the first time Twilio asks.
    New,
    /// The organization's call in this direction, still going: Twilio asking again.
    InProgress(Uuid),
    /// A call that is over, or one this request can't be about (another organization's, the
    /// other direction): nothing may be started for it.
    Over,
}

/// What `organization_id` may do about `call_sid`, a call going `direction`.
pub async fn seen(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    call_sid: &str,
    direction: CallDirection,
) -> QueryResult<Seen> {
    let Some(row) = queries::find_by_sid(conn, call_sid).await? else { return Ok(Seen::New) };
    let going = row.ended_at.is_none()
        && matches!(
            CallStatus::parse(&row.status),
            Some(CallStatus::Queued | CallStatus::Ringing | CallStatus::InProgress)
        );
    let ours = row.organization_id == organization_id && row.direction == direction.as_str();
    Ok(if going && ours { Seen::InProgress(row.id) } else { Seen::Over })
}

/// Creates the inbound call (or finds it again if Twilio reconnects the same call while it is
/// going), with the caller resolved to a contact. Anonymous and malformed caller IDs get no
/// contact. A call that is over, or another organization's, is never started again:
/// [`CallError::Over`].
pub async fn begin(
    conn: &mut AsyncPgConnection,
    phone: &PhoneRow,
    call_sid: &str,
    from: &str,
) -> Result<Uuid, CallError> {
    let contact_id = match validate_e164("from", from) {
        Ok(()) => Some(resolve_contact(conn, from, phone.organization_id).await?),
        Err(_) => None,
    };
    let new = NewCall {
        organization_id: phone.organization_id,
        phone_number_id: phone.id,
        contact_id,
        call_sid,
        from_number: from,
        to_number: &phone.number,
    };
    queries::upsert_inbound(conn, new).await?.ok_or(CallError::Over)
}

/// Marks the call ended (once), with its duration.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    status: CallStatus,
) -> QueryResult<()> {
    let now = Utc::now();
    let started = queries::started_at(conn, call_id).await?;
    let duration = i32::try_from((now - started).num_seconds().max(0)).unwrap_or(i32::MAX);
    queries::mark_ended(conn, call_id, status, now, duration).await
}

/// Records a call placed from the browser (once per CallSid), with the callee resolved to a
/// contact unless the dial pad named one. A CallSid another organization holds is refused.
pub async fn begin_outbound(
    conn: &mut AsyncPgConnection,
    new: NewCall<'_>,
) -> Result<Uuid, CallError> {
    let organization_id = new.organization_id;
    let contact_id = match new.contact_id {
        Some(id) => Some(id),
        None => Some(resolve_contact(conn, new.to_number, organization_id).await?),
    };
    let (id, owner) = queries::insert_outbound(conn, NewCall { contact_id, ..new }).await?;
    if owner != organization_id {
        return Err(CallError::NotFound);
    }
    Ok(id)
}

/// Ends a dialled call with Twilio's outcome and the dialled leg's length (`DialCallDuration`),
/// once: a repeated callback changes nothing.
pub async fn finish_dialed(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
    status: CallStatus,
    duration_secs: i32,
) -> QueryResult<()> {
    queries::mark_ended(conn, call_id, status, Utc::now(), duration_secs).await
}
