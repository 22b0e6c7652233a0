//! [`keep`]: a message stored in the outbox and never sent, as a message queued without an SMTP
//! server ends up. The demo workspace's sample mail (reports, a to-do's email) goes this way:
//! it shows in the outbox exactly like real mail, and no sample ever reaches a real address.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use lettre::message::Mailbox;
use uuid::Uuid;

use super::error::MailError;
use super::queries::{self, MailMessageRow, NewMessageRow};
use super::queue::NewMail;

/// Stores `mail` from `from` in the outbox (`outbox`), with the id and time the caller chose.
/// The recipient is checked as [`super::queue`] checks it.
pub async fn keep(
    conn: &mut AsyncPgConnection,
    from: &Mailbox,
    organization_id: Uuid,
    id: Uuid,
    created_at: DateTime<Utc>,
    mail: &NewMail,
) -> Result<MailMessageRow, MailError> {
    let to: Mailbox = mail.to.trim().parse().map_err(|e: lettre::address::AddressError| {
        MailError::InvalidRecipient { address: mail.to.clone(), reason: e.to_string() }
    })?;
    let (from, to) = (from.to_string(), to.to_string());
    // One line, as `queue` makes it: a line break in a subject would end the header early.
    let subject = mail.subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let new = NewMessageRow {
        organization_id: Some(organization_id),
        kind: mail.kind,
        from: &from,
        to: &to,
        subject: &subject,
        text: &mail.text,
        html: &mail.html,
    };
    Ok(queries::insert_kept(conn, id, created_at, new).await?)
}
