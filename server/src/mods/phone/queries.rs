use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::Phone;
use uuid::Uuid;

use super::error::PhoneError;
use crate::db::schema::phone_number;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = phone_number, check_for_backend(diesel::pg::Pg))]
pub struct PhoneRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub number: String,
    pub twilio_sid: String,
    pub friendly_name: String,
    pub agent_id: Option<Uuid>,
    pub previous_voice_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub routes_to_loquent: bool,
}

impl From<PhoneRow> for Phone {
    fn from(row: PhoneRow) -> Self {
        Phone {
            id: row.id,
            number: row.number,
            twilio_sid: row.twilio_sid,
            friendly_name: row.friendly_name,
            agent_id: row.agent_id,
            previous_voice_url: row.previous_voice_url,
            routes_to_loquent: row.routes_to_loquent,
            created_at: row.created_at,
        }
    }
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<PhoneRow>> {
    phone_number::table
        .filter(phone_number::organization_id.eq(organization_id))
        .order((phone_number::created_at.desc(), phone_number::id))
        .select(PhoneRow::as_select())
        .load(conn)
        .await
}

/// The organization's number, or 404 (also for another organization's id).
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<PhoneRow, PhoneError> {
    phone_number::table
        .filter(phone_number::id.eq(id))
        .filter(phone_number::organization_id.eq(organization_id))
        .select(PhoneRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(PhoneError::NotFound)
}

pub async fn exists_by_number(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    number: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        phone_number::table
            .filter(phone_number::organization_id.eq(organization_id))
            .filter(phone_number::number.eq(number)),
    ))
    .get_result(conn)
    .await
}

/// The Twilio SIDs and numbers the organization already registered.
pub async fn registered(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<(String, String)>> {
    phone_number::table
        .filter(phone_number::organization_id.eq(organization_id))
        .select((phone_number::twilio_sid, phone_number::number))
        .load(conn)
        .await
}

pub struct NewPhone<'a> {
    pub number: &'a str,
    pub twilio_sid: &'a str,
    pub friendly_name: &'a str,
    /// Its voice webhook already points at Loquent.
    pub routes_to_loquent: bool,
}

/// Inserts the number's row; `None` when the organization already has it. Loquent registers
/// numbers with [`super::register`], which also assigns the default analyzers.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    new: NewPhone<'_>,
) -> QueryResult<Option<PhoneRow>> {
    diesel::insert_into(phone_number::table)
        .values((
            phone_number::organization_id.eq(organization_id),
            phone_number::number.eq(new.number),
            phone_number::twilio_sid.eq(new.twilio_sid),
            phone_number::friendly_name.eq(new.friendly_name),
            phone_number::routes_to_loquent.eq(new.routes_to_loquent),
        ))
        .on_conflict((phone_number::organization_id, phone_number::number))
        .do_nothing()
        .returning(PhoneRow::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// How many of the organization's numbers each agent answers (agents without numbers are
/// absent).
pub async fn count_by_agent(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<HashMap<Uuid, u32>> {
    let rows: Vec<(Option<Uuid>, i64)> = phone_number::table
        .filter(phone_number::organization_id.eq(organization_id))
        .filter(phone_number::agent_id.is_not_null())
        .group_by(phone_number::agent_id)
        .select((phone_number::agent_id, count_star()))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| Some((id?, u32::try_from(n).unwrap_or(u32::MAX))))
        .collect())
}

/// Which of `ids` are the organization's numbers (another organization's id is as unknown as
/// a made-up one).
pub async fn owned_ids(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &std::collections::BTreeSet<Uuid>,
) -> QueryResult<Vec<Uuid>> {
    phone_number::table
        .filter(phone_number::organization_id.eq(organization_id))
        .filter(phone_number::id.eq_any(ids))
        .select(phone_number::id)
        .load(conn)
        .await
}

/// One of the organization's numbers, as an update target.
#[diesel::dsl::auto_type]
fn scoped(organization_id: Uuid, id: Uuid) -> _ {
    phone_number::table
        .filter(phone_number::id.eq(id))
        .filter(phone_number::organization_id.eq(organization_id))
}

/// What a partial update changes: `None` leaves a column as it is; `agent_id: Some(None)`
/// clears the agent.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = phone_number)]
pub struct PhoneChanges<'a> {
    pub friendly_name: Option<&'a str>,
    pub agent_id: Option<Option<Uuid>>,
}

/// Applies `changes` (at least one) to the organization's number. The caller checks a new
/// agent is the organization's; should it be deleted meanwhile, the composite foreign key
/// refuses it and so does this, as an unknown agent.
pub async fn update(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    changes: &PhoneChanges<'_>,
) -> Result<PhoneRow, PhoneError> {
    diesel::update(scoped(organization_id, id))
        .set(changes)
        .returning(PhoneRow::as_returning())
        .get_result(conn)
        .await
        .optional()
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                _,
            ) => PhoneError::UnknownAgent,
            other => PhoneError::Database(other),
        })?
        .ok_or(PhoneError::NotFound)
}

/// Sets or clears the number's agent. The caller checks the agent is the organization's; the
/// composite foreign key refuses it otherwise anyway.
pub async fn set_agent(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    agent_id: Option<Uuid>,
) -> Result<PhoneRow, PhoneError> {
    diesel::update(scoped(organization_id, id))
        .set(phone_number::agent_id.eq(agent_id))
        .returning(PhoneRow::as_returning())
        .get_result(conn)
        .await
        .optional()?
        .ok_or(PhoneError::NotFound)
}

/// Records where the number's calls go: to Loquent or not, and the URL to roll back to.
pub async fn set_routing(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    previous: Option<&str>,
    routes_to_loquent: bool,
) -> Result<PhoneRow, PhoneError> {
    diesel::update(scoped(organization_id, id))
        .set((
            phone_number::previous_voice_url.eq(previous),
            phone_number::routes_to_loquent.eq(routes_to_loquent),
        ))
        .returning(PhoneRow::as_returning())
        .get_result(conn)
        .await
        .optional()?
        .ok_or(PhoneError::NotFound)
}

/// Every organization's registration of `number`, across organizations: (organization, number
/// id, agent). For the voice webhook, which learns the organization only from whose token
/// signed the request.
pub async fn holders_of(
    conn: &mut AsyncPgConnection,
    number: &str,
) -> QueryResult<Vec<(Uuid, Uuid, Option<Uuid>)>> {
    phone_number::table
        .filter(phone_number::number.eq(number))
        .select((phone_number::organization_id, phone_number::id, phone_number::agent_id))
        .load(conn)
        .await
}

/// A number by id across organizations: for the media stream, which Twilio opens before any
/// organization is known (its signature is then checked with the number's organization's token).
pub async fn find_for_stream(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> QueryResult<Option<PhoneRow>> {
    phone_number::table.find(id).select(PhoneRow::as_select()).first(conn).await.optional()
}

/// A number as the demo workspace registers it: fictional, never at Twilio, its id derived
/// from its organization so it can be found again.
pub struct NumberAt<'a> {
    pub id: Uuid,
    pub new: NewPhone<'a>,
    pub agent_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Inserts the number with the id, agent and creation time the caller chose. Analyzers are
/// assigned by the caller (the analyzer module), as it sees fit.
pub async fn insert_at(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    number: NumberAt<'_>,
) -> QueryResult<()> {
    let NumberAt { id, new, agent_id, created_at } = number;
    diesel::insert_into(phone_number::table)
        .values((
            phone_number::id.eq(id),
            phone_number::organization_id.eq(organization_id),
            phone_number::number.eq(new.number),
            phone_number::twilio_sid.eq(new.twilio_sid),
            phone_number::friendly_name.eq(new.friendly_name),
            phone_number::routes_to_loquent.eq(new.routes_to_loquent),
            phone_number::agent_id.eq(agent_id),
            phone_number::created_at.eq(created_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Whether the organization has any number.
pub async fn any(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        phone_number::table.filter(phone_number::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// Whether a number of the organization is answered: it has an agent and its calls reach
/// Loquent.
pub async fn any_answered(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        phone_number::table
            .filter(phone_number::organization_id.eq(organization_id))
            .filter(phone_number::agent_id.is_not_null())
            .filter(phone_number::routes_to_loquent.eq(true)),
    ))
    .get_result(conn)
    .await
}

/// Deletes those of `ids` that are the organization's numbers (their calls keep their rows,
/// without the number); how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        phone_number::table
            .filter(phone_number::organization_id.eq(organization_id))
            .filter(phone_number::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}
