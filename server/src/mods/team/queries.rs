//! `member` rows: a person's membership of an organization, with its role.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Member, Role};
use uuid::Uuid;

use super::error::TeamError;
use crate::db::schema::{member, organization, person};

/// A member with their person's name and email: what every request carries around. Select it
/// from `member` joined to `person`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = member, check_for_backend(diesel::pg::Pg))]
pub struct MemberRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub person_id: Uuid,
    #[diesel(select_expression = person::name)]
    pub name: String,
    #[diesel(select_expression = person::email)]
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub last_active_at: Option<DateTime<Utc>>,
}

impl MemberRow {
    pub fn role(&self) -> Result<Role, TeamError> {
        Role::parse(&self.role)
            .ok_or_else(|| TeamError::UnknownRole { member_id: self.id, role: self.role.clone() })
    }

    pub fn to_dto(&self) -> Result<Member, TeamError> {
        Ok(Member {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role()?,
            created_at: self.created_at,
            last_active_at: self.last_active_at,
        })
    }
}

/// One of a person's organizations, for the switcher.
#[derive(Debug, Clone, Queryable)]
pub struct Membership {
    pub member_id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub role: String,
}

pub struct NewMember {
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub role: Role,
}

/// Adds the person to the organization; a unique violation means they are in it already.
pub async fn insert_member(conn: &mut AsyncPgConnection, new: NewMember) -> QueryResult<MemberRow> {
    let id: Uuid = diesel::insert_into(member::table)
        .values((
            member::organization_id.eq(new.organization_id),
            member::person_id.eq(new.person_id),
            member::role.eq(new.role.as_str()),
        ))
        .returning(member::id)
        .get_result(conn)
        .await?;
    find(conn, new.organization_id, id).await
}

/// The organization's member `id`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> QueryResult<MemberRow> {
    member::table
        .inner_join(person::table)
        .filter(member::id.eq(id))
        .filter(member::organization_id.eq(organization_id))
        .select(MemberRow::as_select())
        .first(conn)
        .await
}

/// The person's membership of the organization, if they have one.
pub async fn find_for_person(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    person_id: Uuid,
) -> QueryResult<Option<MemberRow>> {
    member::table
        .inner_join(person::table)
        .filter(member::person_id.eq(person_id))
        .filter(member::organization_id.eq(organization_id))
        .select(MemberRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Whether `member_id` is a member of the organization (a browser call's caller must be).
pub async fn is_member(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    member_id: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        member::table
            .filter(member::id.eq(member_id))
            .filter(member::organization_id.eq(organization_id)),
    ))
    .get_result(conn)
    .await
}

/// The names of the organization's members among `ids`, in one query (unknown ids left out).
pub async fn member_names(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<std::collections::HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = member::table
        .inner_join(person::table)
        .filter(member::organization_id.eq(organization_id))
        .filter(member::id.eq_any(ids))
        .select((member::id, person::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The organization's members, by name.
pub async fn members(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<MemberRow>> {
    member::table
        .inner_join(person::table)
        .filter(member::organization_id.eq(organization_id))
        .order((person::name, member::id))
        .select(MemberRow::as_select())
        .load(conn)
        .await
}

/// Every organization the person belongs to, by name.
pub async fn memberships(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
) -> QueryResult<Vec<Membership>> {
    member::table
        .inner_join(organization::table)
        .filter(member::person_id.eq(person_id))
        .order((organization::name, organization::id))
        .select((member::id, organization::id, organization::name, member::role))
        .load(conn)
        .await
}

/// The membership a sign-in lands in: the one the person worked in last.
pub async fn most_recent_for_person(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
) -> QueryResult<Option<MemberRow>> {
    member::table
        .inner_join(person::table)
        .filter(member::person_id.eq(person_id))
        .order((member::last_active_at.desc().nulls_last(), member::created_at, member::id))
        .select(MemberRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The person's membership they worked in last, other than in `organization_id`: where a
/// session goes when they leave that organization.
pub async fn most_recent_elsewhere(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
    organization_id: Uuid,
) -> QueryResult<Option<Uuid>> {
    member::table
        .filter(member::person_id.eq(person_id))
        .filter(member::organization_id.ne(organization_id))
        .order((member::last_active_at.desc().nulls_last(), member::created_at, member::id))
        .select(member::id)
        .first(conn)
        .await
        .optional()
}

/// Notes that the member is active now, at most once a minute (so browsing doesn't turn every
/// read into a write).
pub async fn touch(conn: &mut AsyncPgConnection, member: &MemberRow) -> QueryResult<()> {
    let now = Utc::now();
    if member.last_active_at.is_some_and(|at| now - at < chrono::Duration::minutes(1)) {
        return Ok(());
    }
    diesel::update(member::table.find(member.id))
        .set(member::last_active_at.eq(now))
        .execute(conn)
        .await
        .map(drop)
}

/// The organization's member with this (normalized) email, if any: who can't be invited again.
pub async fn find_by_email(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    email: &str,
) -> QueryResult<Option<MemberRow>> {
    member::table
        .inner_join(person::table)
        .filter(member::organization_id.eq(organization_id))
        .filter(person::email.eq(email))
        .select(MemberRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// How many owners the organization has. Read it with the team locked
/// ([`super::lock::lock_team`]) when deciding whether one may go.
pub async fn owner_count(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<i64> {
    member::table
        .filter(member::organization_id.eq(organization_id))
        .filter(member::role.eq(Role::Owner.as_str()))
        .count()
        .get_result(conn)
        .await
}

/// Gives the organization's member `id` the role `role`.
pub async fn set_role(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    role: Role,
) -> QueryResult<MemberRow> {
    diesel::update(
        member::table.filter(member::id.eq(id)).filter(member::organization_id.eq(organization_id)),
    )
    .set(member::role.eq(role.as_str()))
    .execute(conn)
    .await?;
    find(conn, organization_id, id).await
}

/// Deletes the organization's member `id`; `false` when it has no such member. The database
/// deletes their sessions in the organization and the API keys they made with the row, so
/// both stop working with this statement.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> QueryResult<bool> {
    let deleted = diesel::delete(
        member::table.filter(member::id.eq(id)).filter(member::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    Ok(deleted > 0)
}
