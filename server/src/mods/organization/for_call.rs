//! The business as its agent needs it at the start of a call: its profile, and the time on its
//! clocks (so the agent can tell a caller whether it is open now). One query.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use loquent_shared::OpeningHours;
use uuid::Uuid;

use super::queries;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessProfile {
    pub name: String,
    pub description: String,
    pub address: String,
    pub website: String,
    /// IANA name of the zone the hours and `local_now` are in.
    pub timezone: String,
    /// Opening hours as stored: a day without periods is closed, and none at all means none
    /// were given.
    pub hours: Vec<OpeningHours>,
    /// What the organization's clocks show as the call starts.
    pub local_now: NaiveDateTime,
}

/// The organization `id`'s profile, read now.
pub async fn load(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<BusinessProfile> {
    let (row, local_now) = queries::find_with_local_now(conn, id).await?;
    let hours = row.hours();
    Ok(BusinessProfile {
        name: row.name,
        description: row.description,
        address: row.address,
        website: row.website,
        timezone: row.timezone,
        hours,
        local_now,
    })
}
