//! `membership_event` rows: the trail of who changed the team, what, and when. Names and
//! emails are copied in, so the trail still reads after the people in it have gone.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{MembershipAction, MembershipEvent, Role};
use uuid::Uuid;

use super::error::TeamError;
use super::queries::MemberRow;
use crate::db::schema::membership_event;

/// How many events the Team page shows: a year of a busy team's changes.
pub const SHOWN: i64 = 200;

/// Who made a change.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub member_id: Uuid,
    pub name: &'a str,
}

impl<'a> From<&'a MemberRow> for Actor<'a> {
    fn from(member: &'a MemberRow) -> Self {
        Actor { member_id: member.id, name: &member.name }
    }
}

/// Whom a change was about: a member (with a name) or an invitee (an email only).
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub name: Option<&'a str>,
    pub email: &'a str,
}

impl<'a> From<&'a MemberRow> for Subject<'a> {
    fn from(member: &'a MemberRow) -> Self {
        Subject { name: Some(&member.name), email: &member.email }
    }
}

/// One change, to record in the same transaction as the change itself.
pub struct NewEvent<'a> {
    pub organization_id: Uuid,
    pub actor: Actor<'a>,
    pub action: MembershipAction,
    pub subject: Subject<'a>,
    pub role_before: Option<Role>,
    pub role_after: Option<Role>,
}

pub async fn record(conn: &mut AsyncPgConnection, event: NewEvent<'_>) -> QueryResult<()> {
    diesel::insert_into(membership_event::table)
        .values((
            membership_event::organization_id.eq(event.organization_id),
            // The clock, not the transaction's start: a transfer records two events in one
            // transaction, and the trail lists them in the order they happened.
            membership_event::at.eq(Utc::now()),
            membership_event::actor_member_id.eq(event.actor.member_id),
            membership_event::actor_name.eq(event.actor.name),
            membership_event::action.eq(event.action.as_str()),
            membership_event::subject_name.eq(event.subject.name),
            membership_event::subject_email.eq(event.subject.email),
            membership_event::role_before.eq(event.role_before.map(Role::as_str)),
            membership_event::role_after.eq(event.role_after.map(Role::as_str)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = membership_event, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub action: String,
    pub subject_name: Option<String>,
    pub subject_email: String,
    pub role_before: Option<String>,
    pub role_after: Option<String>,
}

impl EventRow {
    pub fn to_dto(&self) -> Result<MembershipEvent, TeamError> {
        let unreadable = |value: &str| TeamError::Unreadable {
            what: "membership event",
            id: self.id,
            value: value.to_string(),
        };
        let role = |stored: &Option<String>| {
            stored.as_deref().map(|r| Role::parse(r).ok_or_else(|| unreadable(r))).transpose()
        };
        Ok(MembershipEvent {
            id: self.id,
            at: self.at,
            actor_name: self.actor_name.clone(),
            action: MembershipAction::parse(&self.action)
                .ok_or_else(|| unreadable(&self.action))?,
            subject_name: self.subject_name.clone(),
            subject_email: self.subject_email.clone(),
            role_before: role(&self.role_before)?,
            role_after: role(&self.role_after)?,
        })
    }
}

/// The organization's latest `limit` events, newest first.
pub async fn latest(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    membership_event::table
        .filter(membership_event::organization_id.eq(organization_id))
        .order((membership_event::at.desc(), membership_event::id.desc()))
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
        .await
}
