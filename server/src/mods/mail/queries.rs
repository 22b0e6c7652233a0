//! `mail_message` rows: stored with their job, listed and read per organization, and moved by
//! the `send_mail` job from `queued` to where they end.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{MailMessage, MailStatus};
use uuid::Uuid;

use super::error::MailError;
use crate::clients::mail::Email;
use crate::db::schema::mail_message;
use crate::pagination::Cursor;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_message, check_for_backend(diesel::pg::Pg))]
pub struct MailMessageRow {
    pub id: Uuid,
    /// `None` for a person's account mail (password resets, email changes), which no
    /// organization's outbox shows.
    pub organization_id: Option<Uuid>,
    pub kind: String,
    pub from_address: String,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl MailMessageRow {
    /// The stored status; the table's CHECK keeps it one of ours.
    pub fn status(&self) -> MailStatus {
        MailStatus::parse(&self.status).unwrap_or(MailStatus::Queued)
    }

    pub fn to_dto(&self) -> MailMessage {
        MailMessage {
            id: self.id,
            kind: self.kind.clone(),
            from: self.from_address.clone(),
            to: self.to_address.clone(),
            subject: self.subject.clone(),
            status: self.status(),
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            last_error: self.last_error.clone(),
            created_at: self.created_at,
            sent_at: self.sent_at,
        }
    }

    /// What the SMTP server is handed.
    pub fn email(&self) -> Email {
        Email {
            id: self.id,
            from: self.from_address.clone(),
            to: self.to_address.clone(),
            subject: self.subject.clone(),
            text: self.text_body.clone(),
            html: self.html_body.clone(),
        }
    }
}

/// A message about to be stored, every field final.
pub struct NewMessageRow<'a> {
    pub organization_id: Option<Uuid>,
    pub kind: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: NewMessageRow<'_>,
) -> QueryResult<MailMessageRow> {
    diesel::insert_into(mail_message::table)
        .values((
            mail_message::organization_id.eq(new.organization_id),
            mail_message::kind.eq(new.kind),
            mail_message::from_address.eq(new.from),
            mail_message::to_address.eq(new.to),
            mail_message::subject.eq(new.subject),
            mail_message::text_body.eq(new.text),
            mail_message::html_body.eq(new.html),
        ))
        .returning(MailMessageRow::as_returning())
        .get_result(conn)
        .await
}

/// The organization's messages, newest first, after `after`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    after: Option<Cursor>,
    limit: i64,
) -> QueryResult<Vec<MailMessageRow>> {
    let mut query = mail_message::table
        .filter(mail_message::organization_id.eq(organization_id))
        .select(MailMessageRow::as_select())
        .order((mail_message::created_at.desc(), mail_message::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(c) = after {
        query = query.filter(
            mail_message::created_at
                .lt(c.created_at)
                .or(mail_message::created_at.eq(c.created_at).and(mail_message::id.lt(c.id))),
        );
    }
    query.load(conn).await
}

/// One of the organization's messages.
pub async fn find(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> Result<MailMessageRow, MailError> {
    mail_message::table
        .filter(mail_message::id.eq(id))
        .filter(mail_message::organization_id.eq(organization_id))
        .select(MailMessageRow::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(MailError::NotFound)
}

/// The message a job sends, whichever organization it belongs to; `None` once deleted with its
/// organization.
pub async fn find_for_job(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> QueryResult<Option<MailMessageRow>> {
    mail_message::table.find(id).select(MailMessageRow::as_select()).first(conn).await.optional()
}

/// How a delivery attempt (or the decision not to make one) ended.
pub enum Outcome<'a> {
    /// No SMTP server: kept in the outbox, no attempt made.
    KeptInOutbox,
    /// The server accepted it.
    Sent,
    /// It failed and will be tried again.
    WillRetry { error: &'a str },
    /// It failed for good.
    Failed { error: &'a str },
}

/// Records `outcome` on a message still queued; `false` when it wasn't (another run got there
/// first), so nothing already settled is overwritten.
pub async fn record(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    outcome: Outcome<'_>,
) -> QueryResult<bool> {
    let queued = mail_message::table
        .filter(mail_message::id.eq(id))
        .filter(mail_message::status.eq(MailStatus::Queued.as_str()));
    let now = Utc::now();
    let attempted = mail_message::attempts.eq(mail_message::attempts + 1);
    let updated = match outcome {
        Outcome::KeptInOutbox => {
            diesel::update(queued)
                .set((
                    mail_message::status.eq(MailStatus::Outbox.as_str()),
                    mail_message::updated_at.eq(now),
                ))
                .execute(conn)
                .await?
        }
        Outcome::Sent => {
            diesel::update(queued)
                .set((
                    mail_message::status.eq(MailStatus::Sent.as_str()),
                    attempted,
                    mail_message::last_error.eq(None::<String>),
                    mail_message::sent_at.eq(now),
                    mail_message::updated_at.eq(now),
                ))
                .execute(conn)
                .await?
        }
        Outcome::WillRetry { error } => {
            diesel::update(queued)
                .set((
                    attempted,
                    mail_message::last_error.eq(error),
                    mail_message::updated_at.eq(now),
                ))
                .execute(conn)
                .await?
        }
        Outcome::Failed { error } => {
            diesel::update(queued)
                .set((
                    mail_message::status.eq(MailStatus::Failed.as_str()),
                    attempted,
                    mail_message::last_error.eq(error),
                    mail_message::updated_at.eq(now),
                ))
                .execute(conn)
                .await?
        }
    };
    Ok(updated > 0)
}

/// Inserts a message straight into the outbox (`outbox`, never attempted, no job), with the id
/// and time the caller chose: the demo workspace's sample mail, whose ids are derived from
/// their organization. [`super::keep`] is the way in.
pub async fn insert_kept(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    created_at: DateTime<Utc>,
    new: NewMessageRow<'_>,
) -> QueryResult<MailMessageRow> {
    diesel::insert_into(mail_message::table)
        .values((
            mail_message::id.eq(id),
            mail_message::organization_id.eq(new.organization_id),
            mail_message::kind.eq(new.kind),
            mail_message::from_address.eq(new.from),
            mail_message::to_address.eq(new.to),
            mail_message::subject.eq(new.subject),
            mail_message::text_body.eq(new.text),
            mail_message::html_body.eq(new.html),
            mail_message::status.eq(MailStatus::Outbox.as_str()),
            mail_message::created_at.eq(created_at),
            mail_message::updated_at.eq(created_at),
        ))
        .returning(MailMessageRow::as_returning())
        .get_result(conn)
        .await
}

/// Deletes those of `ids` that are the organization's messages; how many went.
pub async fn delete_many(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    ids: &[Uuid],
) -> QueryResult<usize> {
    diesel::delete(
        mail_message::table
            .filter(mail_message::organization_id.eq(organization_id))
            .filter(mail_message::id.eq_any(ids)),
    )
    .execute(conn)
    .await
}

/// Deletes the organization's messages to any of `addresses` (the demo workspace's made-up
/// callers, when it is cleared).
pub async fn delete_to(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    addresses: &[String],
) -> QueryResult<usize> {
    diesel::delete(
        mail_message::table
            .filter(mail_message::organization_id.eq(organization_id))
            .filter(mail_message::to_address.eq_any(addresses)),
    )
    .execute(conn)
    .await
}
