//! The report module's tables: `report_settings` (one row per organization; none means the
//! defaults) and `report_sent` (every report sent, so none goes out twice).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::report::DEFAULT_DIGEST_HOUR;
use uuid::Uuid;

use crate::db::schema::{report_sent, report_settings};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = report_settings, check_for_backend(diesel::pg::Pg))]
pub struct SettingsRow {
    pub organization_id: Uuid,
    pub member_ids: Vec<Uuid>,
    pub emails: Vec<String>,
    pub call_reports: bool,
    pub daily_digest: bool,
    pub digest_hour: i16,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SettingsRow {
    /// What an organization that never saved its settings has: nothing is sent.
    pub fn defaults(organization_id: Uuid) -> SettingsRow {
        let now = Utc::now();
        SettingsRow {
            organization_id,
            member_ids: Vec::new(),
            emails: Vec::new(),
            call_reports: false,
            daily_digest: false,
            digest_hour: i16::from(DEFAULT_DIGEST_HOUR),
            created_at: now,
            updated_at: now,
        }
    }

    /// The digest hour; the table's check keeps it from 0 to 23.
    pub fn hour(&self) -> u8 {
        u8::try_from(self.digest_hour).unwrap_or(DEFAULT_DIGEST_HOUR)
    }

    pub fn has_recipients(&self) -> bool {
        !self.member_ids.is_empty() || !self.emails.is_empty()
    }
}

/// The organization's settings, or the defaults.
pub async fn find(conn: &mut AsyncPgConnection, organization_id: Uuid) -> QueryResult<SettingsRow> {
    let row = report_settings::table
        .find(organization_id)
        .select(SettingsRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.unwrap_or_else(|| SettingsRow::defaults(organization_id)))
}

/// The settings as they are to be stored: already validated and normalised.
pub struct NewSettings<'a> {
    pub member_ids: &'a [Uuid],
    pub emails: &'a [String],
    pub call_reports: bool,
    pub daily_digest: bool,
    pub digest_hour: u8,
}

/// Replaces the organization's settings (creating its row the first time).
pub async fn save(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    new: NewSettings<'_>,
) -> QueryResult<SettingsRow> {
    diesel::insert_into(report_settings::table)
        .values((
            report_settings::organization_id.eq(organization_id),
            report_settings::member_ids.eq(new.member_ids),
            report_settings::emails.eq(new.emails),
            report_settings::call_reports.eq(new.call_reports),
            report_settings::daily_digest.eq(new.daily_digest),
            report_settings::digest_hour.eq(i16::from(new.digest_hour)),
        ))
        .on_conflict(report_settings::organization_id)
        .do_update()
        .set((
            report_settings::member_ids.eq(excluded(report_settings::member_ids)),
            report_settings::emails.eq(excluded(report_settings::emails)),
            report_settings::call_reports.eq(excluded(report_settings::call_reports)),
            report_settings::daily_digest.eq(excluded(report_settings::daily_digest)),
            report_settings::digest_hour.eq(excluded(report_settings::digest_hour)),
            report_settings::updated_at.eq(Utc::now()),
        ))
        .returning(SettingsRow::as_returning())
        .get_result(conn)
        .await
}

/// Stores `new` unless the organization saved settings of its own already (the demo workspace
/// starts with reports on; an organization that chose otherwise keeps its choice).
pub async fn save_unless_set(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    new: NewSettings<'_>,
) -> QueryResult<()> {
    diesel::insert_into(report_settings::table)
        .values((
            report_settings::organization_id.eq(organization_id),
            report_settings::member_ids.eq(new.member_ids),
            report_settings::emails.eq(new.emails),
            report_settings::call_reports.eq(new.call_reports),
            report_settings::daily_digest.eq(new.daily_digest),
            report_settings::digest_hour.eq(i16::from(new.digest_hour)),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Every organization's settings with the digest on and someone to send it to.
pub async fn with_digest_on(conn: &mut AsyncPgConnection) -> QueryResult<Vec<SettingsRow>> {
    use diesel::dsl::sql;
    use diesel::sql_types::Bool;
    report_settings::table
        .filter(report_settings::daily_digest)
        .filter(sql::<Bool>("(cardinality(member_ids) > 0 OR cardinality(emails) > 0)"))
        .select(SettingsRow::as_select())
        .load(conn)
        .await
}

/// Which report: the kinds `report_sent` knows, also the messages' kind in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    CallReport,
    DailyDigest,
}

impl ReportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::CallReport => "call_report",
            ReportKind::DailyDigest => "daily_digest",
        }
    }
}

/// Whether the report (`key`: the call's id, the digest's date) was sent already.
pub async fn was_sent(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    kind: ReportKind,
    key: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(report_sent::table.find((
        organization_id,
        kind.as_str(),
        key,
    ))))
    .get_result(conn)
    .await
}

/// The keys of the reports of `kind` the organizations were sent since `since`, in one query:
/// the scheduler's check each minute asks for every organization at once.
pub async fn sent_since(
    conn: &mut AsyncPgConnection,
    organization_ids: &[Uuid],
    kind: ReportKind,
    since: DateTime<Utc>,
) -> QueryResult<HashSet<(Uuid, String)>> {
    if organization_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<(Uuid, String)> = report_sent::table
        .filter(report_sent::organization_id.eq_any(organization_ids))
        .filter(report_sent::kind.eq(kind.as_str()))
        .filter(report_sent::created_at.ge(since))
        .select((report_sent::organization_id, report_sent::key))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Records the report as sent, inside the transaction that queues its messages; `false` when
/// it was recorded already (by an earlier run, or one that committed while this one waited on
/// the row), and then nothing may be sent.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    kind: ReportKind,
    key: &str,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(report_sent::table)
        .values((
            report_sent::organization_id.eq(organization_id),
            report_sent::kind.eq(kind.as_str()),
            report_sent::key.eq(key),
            report_sent::recipients.eq(0),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted > 0)
}

/// How many messages the claimed report went out as.
pub async fn set_recipients(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    kind: ReportKind,
    key: &str,
    recipients: usize,
) -> QueryResult<()> {
    diesel::update(report_sent::table.find((organization_id, kind.as_str(), key)))
        .set(report_sent::recipients.eq(i32::try_from(recipients).unwrap_or(i32::MAX)))
        .execute(conn)
        .await?;
    Ok(())
}
