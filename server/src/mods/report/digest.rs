//! `send_daily_digest`: an organization's digest of one day, sent to its recipients when the
//! digest is on. The day's window runs from the digest hour the day before to the digest hour
//! of the day (local time, so 23 or 25 hours when clocks change): consecutive days' windows
//! meet exactly, and every call is in one digest.
//!
//! One digest per day: the first run that sends it records it (see [`super::send`]).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::OptionalExtension;
use diesel_async::AsyncPgConnection;
use loquent_shared::{CallDirection, TodoStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::digest_mail::{self, DigestFacts, ListedCall, MAX_LISTED_CALLS, MAX_LISTED_TODOS};
use super::queries::{self, ReportKind, SettingsRow};
use super::send::{self, Sent};
use super::{clock, recipients};
use crate::jobs::{Job, queue};
use crate::mods::call::totals;
use crate::mods::mail::NewMail;
use crate::mods::organization::OrganizationRow;
use crate::mods::todo::queries::TodoFilter;
use crate::mods::{contact, organization, phone, todo};
use crate::public_urls::PublicUrls;
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendDailyDigest {
    pub organization_id: Uuid,
    /// The day, in the organization's time zone, whose digest this is.
    pub date: NaiveDate,
}

/// Enqueues the day's digest; `false` when it was enqueued already (by another server's check,
/// or an earlier one).
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    date: NaiveDate,
) -> diesel::QueryResult<bool> {
    let job = Job::SendDailyDigest(SendDailyDigest { organization_id, date });
    queue::enqueue(conn, &job, Some(format!("send_daily_digest:{organization_id}:{date}"))).await
}

#[tracing::instrument(skip_all, fields(org_id = %job.organization_id, date = %job.date))]
pub async fn send_daily_digest(state: &AppState, job: SendDailyDigest) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let org_id = job.organization_id;
    let Some(org) = organization::queries::find(&mut conn, org_id).await.optional()? else {
        return Ok(());
    };
    let settings = queries::find(&mut conn, org_id).await?;
    if !settings.daily_digest {
        return Ok(());
    }
    let key = job.date.to_string();
    if queries::was_sent(&mut conn, org_id, ReportKind::DailyDigest, &key).await? {
        tracing::info!("the day's digest was sent already");
        return Ok(());
    }
    let addresses = recipients::addresses(&mut conn, &settings).await?;
    if addresses.is_empty() {
        tracing::info!("the digest is on, but nobody receives it");
        return Ok(());
    }
    let mail = compose(state.config.public_urls(), &mut conn, &org, &settings, job.date).await?;
    let sent = send::once(
        &mut conn,
        &state.mailer,
        org_id,
        ReportKind::DailyDigest,
        &key,
        &addresses,
        &mail,
    )
    .await?;
    match sent {
        Sent::Now(n) => tracing::info!(recipients = n, "daily digest sent"),
        Sent::Before => tracing::info!("the day's digest was sent already"),
    }
    Ok(())
}

/// The window of `date`'s digest in local time: the digest hour the day before, to the digest
/// hour of `date`.
pub fn window(date: NaiveDate, hour: u8) -> (NaiveDateTime, NaiveDateTime) {
    let at = NaiveTime::from_hms_opt(u32::from(hour.min(23)), 0, 0).unwrap_or(NaiveTime::MIN);
    let end = date.and_time(at);
    (end - chrono::Duration::days(1), end)
}

/// The digest of `date` as it reads now (its `to` empty: [`send::once`] sets each recipient),
/// linking to pages under `urls`. The demo workspace renders its sample digest with it too, so
/// it reads exactly like a real one.
pub async fn compose(
    urls: PublicUrls<'_>,
    conn: &mut AsyncPgConnection,
    org: &OrganizationRow,
    settings: &SettingsRow,
    date: NaiveDate,
) -> anyhow::Result<NewMail> {
    let (local_from, local_to) = window(date, settings.hour());
    let bounds = clock::instants(conn, &org.timezone, &[local_from, local_to]).await?;
    let [from, to] = bounds[..] else {
        anyhow::bail!("the digest's window in {}: {} instants", org.timezone, bounds.len());
    };
    let totals = totals::totals(conn, org.id, from, to).await?;
    let per_number = totals::per_number(conn, org.id, from, to).await?;
    let rows = totals::in_window(conn, org.id, from, to, MAX_LISTED_CALLS).await?;

    let names: std::collections::HashMap<String, String> = phone::queries::list(conn, org.id)
        .await?
        .into_iter()
        .filter(|p| !p.friendly_name.trim().is_empty())
        .map(|p| (p.number, p.friendly_name))
        .collect();
    let labelled = |number: &str| match names.get(number) {
        Some(name) => format!("{name} ({number})"),
        None => number.to_string(),
    };

    let contact_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.contact_id).collect();
    let contacts = contact::display_names(conn, org.id, &contact_ids).await?;
    let at: Vec<_> = rows.iter().map(|r| (r.created_at, org.timezone.as_str())).collect();
    let local_times = clock::local_times(conn, &at).await?;
    let calls = rows
        .iter()
        .zip(local_times)
        .map(|(row, local_time)| {
            let inbound = CallDirection::parse(&row.direction) != Some(CallDirection::Outbound);
            let number = if inbound { &row.from_number } else { &row.to_number };
            let party = match row.contact_id.and_then(|id| contacts.get(&id)) {
                Some(name) => format!("{name} ({number})"),
                None => number.clone(),
            };
            ListedCall {
                local_time,
                party,
                inbound,
                duration_secs: row.duration_secs.map(i64::from),
                url: urls.call_page(row.id),
            }
        })
        .collect();

    let pending = TodoFilter { statuses: vec![TodoStatus::PendingReview], ..Default::default() };
    let pending_todos = todo::queries::counts(conn, org.id).await?.pending_review;
    let pending_titles = todo::queries::list(conn, org.id, &pending, None, MAX_LISTED_TODOS)
        .await?
        .into_iter()
        .map(|t| t.title)
        .collect();

    let facts = DigestFacts {
        organization: &org.name,
        timezone: &org.timezone,
        date,
        from: local_from,
        to: local_to,
        totals,
        per_number: per_number.iter().map(|n| (labelled(&n.number), n.calls)).collect(),
        calls,
        calls_url: urls.calls_page(local_from.date(), local_to.date()),
        pending_todos,
        pending_titles,
        todos_url: urls.todos_page(),
    };
    Ok(digest_mail::compose(&facts))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_days_window_ends_at_its_hour_and_starts_at_the_hour_before() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap_or_default();
        let (from, to) = super::window(date, 8);
        assert_eq!(from.to_string(), "2026-03-07 08:00:00");
        assert_eq!(to.to_string(), "2026-03-08 08:00:00");
        assert_eq!(super::window(date, 0).0.to_string(), "2026-03-07 00:00:00");
    }
}
