use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Member, Organization, Role};
use uuid::Uuid;

use super::error::OrganizationError;
use crate::db::schema::{member, organization};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organization, check_for_backend(diesel::pg::Pg))]
pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub timezone: String,
    /// When the demo workspace's sample data was seeded; `None` without any (or once cleared).
    pub demo_data_seeded_at: Option<DateTime<Utc>>,
    /// When staff cleared the sample data: the seed command doesn't bring it back.
    pub demo_data_cleared_at: Option<DateTime<Utc>>,
}

/// A member without the password hash: what every request carries around.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = member, check_for_backend(diesel::pg::Pg))]
pub struct MemberRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

impl MemberRow {
    pub fn role(&self) -> Result<Role, OrganizationError> {
        Role::parse(&self.role).ok_or_else(|| OrganizationError::UnknownRole {
            member_id: self.id,
            role: self.role.clone(),
        })
    }

    pub fn to_dto(&self) -> Result<Member, OrganizationError> {
        Ok(Member {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role()?,
            created_at: self.created_at,
        })
    }
}

impl From<&OrganizationRow> for Organization {
    fn from(row: &OrganizationRow) -> Self {
        Organization {
            id: row.id,
            name: row.name.clone(),
            timezone: row.timezone.clone(),
            created_at: row.created_at,
            demo_data: row.demo_data_seeded_at.is_some(),
        }
    }
}

pub async fn insert_organization(
    conn: &mut AsyncPgConnection,
    name: &str,
) -> QueryResult<OrganizationRow> {
    diesel::insert_into(organization::table)
        .values(organization::name.eq(name))
        .returning(OrganizationRow::as_returning())
        .get_result(conn)
        .await
}

pub struct NewMember<'a> {
    pub organization_id: Uuid,
    pub name: &'a str,
    /// Already normalized.
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

pub async fn insert_member(
    conn: &mut AsyncPgConnection,
    new: NewMember<'_>,
) -> QueryResult<MemberRow> {
    diesel::insert_into(member::table)
        .values((
            member::organization_id.eq(new.organization_id),
            member::name.eq(new.name),
            member::email.eq(new.email),
            member::password_hash.eq(new.password_hash),
            member::role.eq(new.role.as_str()),
        ))
        .returning(MemberRow::as_returning())
        .get_result(conn)
        .await
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

/// The member, their organization and their password hash, for signing in.
pub async fn find_credentials(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<(MemberRow, OrganizationRow, String)>> {
    member::table
        .inner_join(organization::table)
        .filter(member::email.eq(email))
        .select((MemberRow::as_select(), OrganizationRow::as_select(), member::password_hash))
        .first(conn)
        .await
        .optional()
}

pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    member_id: Uuid,
    password_hash: &str,
) -> QueryResult<()> {
    diesel::update(member::table.find(member_id))
        .set(member::password_hash.eq(password_hash))
        .execute(conn)
        .await
        .map(drop)
}

/// Whether PostgreSQL knows `name` as a time zone (so `AT TIME ZONE` can use it).
pub async fn timezone_exists(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pg_timezone_names::table.filter(pg_timezone_names::name.eq(name)),
    ))
    .get_result(conn)
    .await
}

/// Renames the organization and/or changes its time zone (`None` leaves a field as it is).
pub async fn update_organization(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    name: Option<&str>,
    timezone: Option<&str>,
) -> QueryResult<OrganizationRow> {
    diesel::update(organization::table.find(id))
        .set((
            name.map(|n| organization::name.eq(n)),
            timezone.map(|t| organization::timezone.eq(t)),
        ))
        .returning(OrganizationRow::as_returning())
        .get_result(conn)
        .await
}

diesel::table! {
    /// PostgreSQL's list of the time zones it knows (a system view, read only).
    pg_timezone_names (name) {
        name -> Text,
    }
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
        .filter(member::organization_id.eq(organization_id))
        .filter(member::id.eq_any(ids))
        .select((member::id, member::name))
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
        .filter(member::organization_id.eq(organization_id))
        .order((member::name, member::id))
        .select(MemberRow::as_select())
        .load(conn)
        .await
}

/// The organization by id: for jobs, which hold only its id.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<OrganizationRow> {
    organization::table.find(id).select(OrganizationRow::as_select()).first(conn).await
}

/// The time zones of the organizations among `ids`, in one query (unknown ids left out).
pub async fn timezones(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> QueryResult<std::collections::HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = organization::table
        .filter(organization::id.eq_any(ids))
        .select((organization::id, organization::timezone))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The organization's row, locked until the transaction ends: seeding and clearing the demo
/// workspace read its demo columns and write them without the other slipping in between.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> QueryResult<OrganizationRow> {
    organization::table.find(id).select(OrganizationRow::as_select()).for_update().first(conn).await
}

/// Records that the demo workspace's sample data was seeded at `at`.
pub async fn set_demo_data_seeded(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(organization::table.find(id))
        .set((
            organization::demo_data_seeded_at.eq(Some(at)),
            organization::demo_data_cleared_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Records that staff cleared the sample data at `at`: the banner goes, and the seed command
/// won't seed the organization again.
pub async fn set_demo_data_cleared(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(organization::table.find(id))
        .set((
            organization::demo_data_seeded_at.eq(None::<DateTime<Utc>>),
            organization::demo_data_cleared_at.eq(Some(at)),
        ))
        .execute(conn)
        .await
        .map(drop)
}
