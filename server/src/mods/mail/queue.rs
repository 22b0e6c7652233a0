//! [`queue`]: how any module sends an email. The message and its `send_mail` job are stored in
//! one transaction (a savepoint inside the caller's own, if it has one): a message is never
//! stored without the job that sends it, nor a job without its message.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use lettre::message::Mailbox;
use uuid::Uuid;

use super::deliver::SendMail;
use super::error::MailError;
use super::queries::{self, MailMessageRow, NewMessageRow};
use crate::clients::mail::Mailer;
use crate::jobs::{Job, queue as jobs};

/// A message to send to one recipient, as plain text and as HTML (mail programs show the part
/// they can; write the same content in both).
#[derive(Debug, Clone)]
pub struct NewMail {
    /// What is sending it (`test`, `call_report`…), shown in the outbox.
    pub kind: &'static str,
    /// `grace@example.com` or `Grace Hopper <grace@example.com>`.
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Stores the message (from `MAIL_FROM`) and queues the job that sends it, or keeps it in the
/// outbox when no SMTP server is configured. The recipient is checked now: a bad one is
/// refused here, not found out by the job.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    mailer: &Mailer,
    organization_id: Uuid,
    mail: &NewMail,
) -> Result<MailMessageRow, MailError> {
    queue_owned(conn, mailer, Some(organization_id), mail).await
}

/// [`queue`] for a person's account mail (a password reset, an email change): it belongs to
/// no organization, so no organization's outbox shows the link it carries.
pub async fn queue_for_person(
    conn: &mut AsyncPgConnection,
    mailer: &Mailer,
    mail: &NewMail,
) -> Result<MailMessageRow, MailError> {
    queue_owned(conn, mailer, None, mail).await
}

async fn queue_owned(
    conn: &mut AsyncPgConnection,
    mailer: &Mailer,
    organization_id: Option<Uuid>,
    mail: &NewMail,
) -> Result<MailMessageRow, MailError> {
    let to: Mailbox = mail.to.trim().parse().map_err(|e: lettre::address::AddressError| {
        MailError::InvalidRecipient { address: mail.to.clone(), reason: e.to_string() }
    })?;
    let from = mailer.from().to_string();
    let to = to.to_string();
    // One line: a line break in a subject would end the header early.
    let subject = mail.subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let new = NewMessageRow {
        organization_id,
        kind: mail.kind,
        from: &from,
        to: &to,
        subject: &subject,
        text: &mail.text,
        html: &mail.html,
    };
    let row = conn
        .transaction::<_, MailError, _>(async move |conn| {
            let row = queries::insert(conn, new).await?;
            let job = Job::SendMail(SendMail { message_id: row.id });
            jobs::enqueue(conn, &job, Some(format!("send_mail:{}", row.id))).await?;
            Ok(row)
        })
        .await?;
    tracing::info!(message_id = %row.id, kind = mail.kind, "mail queued");
    Ok(row)
}
