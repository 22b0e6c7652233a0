//! Sends a report once: the report is recorded in `report_sent` and its messages queued (one per
//! recipient) in one transaction. A run that finds the report recorded sends nothing; a run
//! that fails part-way leaves neither record nor messages, and its retry sends them all.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::queries::{self, ReportKind};
use crate::clients::mail::Mailer;
use crate::mods::mail::{self, MailError, NewMail};

/// What became of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Queued as this many messages.
    Now(usize),
    /// An earlier run sent it.
    Before,
}

/// Queues `mail` to each of `addresses` (its `to` set to each) unless the report was sent.
pub async fn once(
    conn: &mut AsyncPgConnection,
    mailer: &Mailer,
    organization_id: Uuid,
    kind: ReportKind,
    key: &str,
    addresses: &[String],
    mail: &NewMail,
) -> anyhow::Result<Sent> {
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        if !queries::claim(conn, organization_id, kind, key).await? {
            return Ok(Sent::Before);
        }
        let mut queued = 0;
        for address in addresses {
            let one = NewMail { to: address.clone(), ..mail.clone() };
            match mail::queue(conn, mailer, organization_id, &one).await {
                Ok(_) => queued += 1,
                // Checked when it was saved, so the mail library is stricter than that check:
                // the others still get their report.
                Err(e @ MailError::InvalidRecipient { .. }) => {
                    tracing::warn!(error = %e, kind = kind.as_str(), "report recipient refused");
                }
                Err(e) => return Err(e.into()),
            }
        }
        queries::set_recipients(conn, organization_id, kind, key, queued).await?;
        Ok(Sent::Now(queued))
    })
    .await
}
