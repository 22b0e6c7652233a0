//! The outbox as a month of reporting leaves it: reports of the latest calls, the morning's
//! daily digest and the emails sent for to-dos, rendered by the same code that renders real
//! ones (so they read exactly alike) and kept in the outbox, as mail is when no SMTP server is
//! configured. Nothing seeded is ever sent.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Timelike, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::TodoStatus;

use super::calls::PlannedCall;
use super::error::DemoError;
use super::ids::{self, Kind};
use super::people::Person;
use super::todos::PlannedTodo;
use crate::config::Config;
use crate::mods::mail::{self, NewMail};
use crate::mods::organization::OrganizationRow;
use crate::mods::report::{self, clock};
use crate::mods::todo::action_mail;

/// How many of the latest calls have their report in the outbox.
pub const CALL_REPORTS: usize = 3;

/// What the outbox holds, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kept {
    pub call_reports: usize,
    pub digests: usize,
    pub todo_emails: usize,
}

impl Kept {
    pub fn total(&self) -> usize {
        self.call_reports + self.digests + self.todo_emails
    }
}

/// Renders and keeps the reports (to `recipient`, the owner) and the to-dos' emails.
#[expect(clippy::too_many_arguments, reason = "the month's parts, each needed once")]
pub async fn insert(
    conn: &mut AsyncPgConnection,
    config: &Config,
    org: &OrganizationRow,
    recipient: &str,
    calls: &[PlannedCall],
    todos: &[PlannedTodo],
    people: &[Person],
    local_now: NaiveDateTime,
) -> Result<Kept, DemoError> {
    let urls = config.public_urls();
    let keep = async |conn: &mut AsyncPgConnection, id, at, mail: NewMail| {
        mail::keep(conn, &config.mail_from, org.id, id, at, &mail).await.map(drop)
    };
    let mut kept = Kept::default();

    for call in calls.iter().rev().filter(|c| c.answered()).take(CALL_REPORTS) {
        let row = crate::mods::call::queries::find(conn, org.id, call.id).await?;
        let report =
            report::call_report::compose(urls, conn, &row).await.map_err(DemoError::Report)?;
        let at = call.ended + Duration::minutes(2);
        let mail = NewMail { to: recipient.to_string(), ..report };
        keep(conn, ids::id(org.id, Kind::CallReport, call.n), at, mail).await?;
        kept.call_reports += 1;
    }

    let settings = report::queries::find(conn, org.id).await?;
    if let Some((date, at)) = digest_day(conn, org, settings.hour(), calls, local_now).await? {
        let digest = report::digest::compose(urls, conn, org, &settings, date)
            .await
            .map_err(DemoError::Report)?;
        let mail = NewMail { to: recipient.to_string(), ..digest };
        keep(conn, ids::id(org.id, Kind::Digest, 0), at + Duration::seconds(30), mail).await?;
        kept.digests += 1;
    }

    for todo in todos.iter().filter(|t| t.status == TodoStatus::Completed) {
        let (Some(call), Some((subject, body))) = (calls.get(todo.call), todo.email.as_ref())
        else {
            continue;
        };
        let Some(address) = people.get(todo.person).and_then(|p| p.email.as_deref()) else {
            continue;
        };
        let Ok(mail) = action_mail::to_caller(address, &org.name, Some(subject), Some(body)) else {
            continue;
        };
        let at = todo.updated_at;
        keep(conn, ids::id(org.id, Kind::TodoMail, call.n), at, mail).await?;
        kept.todo_emails += 1;
    }
    Ok(kept)
}

/// A digest worth showing has at least this many calls.
const DIGEST_MIN_CALLS: usize = 5;
/// How many days back the digest may be.
const DIGEST_DAYS_BACK: i64 = 7;

/// The day whose digest the outbox holds, and when it went: the latest day whose digest was
/// sent by now (at `hour`, local time) with a few calls in it, so the sample isn't a quiet
/// Sunday's; the latest day if the week had none.
async fn digest_day(
    conn: &mut AsyncPgConnection,
    org: &OrganizationRow,
    hour: u8,
    calls: &[PlannedCall],
    local_now: NaiveDateTime,
) -> Result<Option<(NaiveDate, DateTime<Utc>)>, DemoError> {
    let latest = if local_now.hour() >= u32::from(hour) {
        local_now.date()
    } else {
        local_now.date() - Duration::days(1)
    };
    // The ends of the week's windows, newest first: each day's window starts where the day
    // before's ends, so one more end is the start of the oldest.
    let ends: Vec<NaiveDateTime> = (0..=DIGEST_DAYS_BACK)
        .map(|back| report::digest::window(latest - Duration::days(back), hour).1)
        .collect();
    let instants = clock::instants(conn, &org.timezone, &ends).await?;
    if instants.len() != ends.len() {
        return Err(DemoError::Clock(org.timezone.clone()));
    }
    let days = instants.windows(2).enumerate().map(|(back, pair)| {
        let in_window = calls.iter().filter(|c| c.started >= pair[1] && c.started < pair[0]);
        (latest - Duration::days(back as i64), pair[0], in_window.count())
    });
    let mut newest = None;
    for (date, sent, count) in days {
        newest.get_or_insert((date, sent));
        if count >= DIGEST_MIN_CALLS {
            return Ok(Some((date, sent)));
        }
    }
    Ok(newest)
}
