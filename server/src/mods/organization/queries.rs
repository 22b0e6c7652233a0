use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{OpeningHours, Organization};
use uuid::Uuid;

use crate::db::schema::organization;

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
    pub description: String,
    pub address: String,
    pub website: String,
    /// `[OpeningHours]`, validated before it is stored.
    pub hours: serde_json::Value,
}

impl OrganizationRow {
    /// The stored opening hours; hours that no longer read (never expected) count as none
    /// rather than failing every request that carries the organization.
    pub fn hours(&self) -> Vec<OpeningHours> {
        serde_json::from_value(self.hours.clone()).unwrap_or_else(|e| {
            tracing::warn!(org_id = %self.id, error = %e, "unreadable opening hours");
            Vec::new()
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
            description: row.description.clone(),
            address: row.address.clone(),
            website: row.website.clone(),
            hours: row.hours(),
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

/// Whether PostgreSQL knows `name` as a time zone (so `AT TIME ZONE` can use it).
pub async fn timezone_exists(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pg_timezone_names::table.filter(pg_timezone_names::name.eq(name)),
    ))
    .get_result(conn)
    .await
}

/// What an update changes; `None` leaves a field as it is.
#[derive(Default)]
pub struct OrganizationChanges<'a> {
    pub name: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub description: Option<&'a str>,
    pub address: Option<&'a str>,
    pub website: Option<&'a str>,
    pub hours: Option<serde_json::Value>,
}

impl OrganizationChanges<'_> {
    /// Whether the changes leave everything as it is (an update must set something).
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.timezone.is_none()
            && self.description.is_none()
            && self.address.is_none()
            && self.website.is_none()
            && self.hours.is_none()
    }
}

pub async fn update_organization(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    changes: OrganizationChanges<'_>,
) -> QueryResult<OrganizationRow> {
    diesel::update(organization::table.find(id))
        .set((
            changes.name.map(|n| organization::name.eq(n)),
            changes.timezone.map(|t| organization::timezone.eq(t)),
            changes.description.map(|t| organization::description.eq(t)),
            changes.address.map(|t| organization::address.eq(t)),
            changes.website.map(|t| organization::website.eq(t)),
            changes.hours.map(|h| organization::hours.eq(h)),
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

/// The organization by id: for jobs, which hold only its id.
pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<OrganizationRow> {
    organization::table.find(id).select(OrganizationRow::as_select()).first(conn).await
}

/// The organization by id, and what its clocks show now. PostgreSQL tells the time: its zone
/// data is what the organization's time zone was checked against when it was set.
pub async fn find_with_local_now(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> QueryResult<(OrganizationRow, NaiveDateTime)> {
    let local_now = diesel::dsl::sql::<diesel::sql_types::Timestamp>(
        "now() AT TIME ZONE organization.timezone",
    );
    organization::table.find(id).select((OrganizationRow::as_select(), local_now)).first(conn).await
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
