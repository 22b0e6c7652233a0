//! `send_mail`: one message of the outbox out through the SMTP server, or kept in the outbox
//! when none is configured.
//!
//! Idempotent: only a `queued` message is sent, so a job run again after the message was sent,
//! kept or failed does nothing. The one gap is a crash after the server accepted the message
//! and before `sent` was written: the next run sends it again (SMTP has no way to ask whether a
//! message was already received), the usual at-least-once of mail.

use loquent_shared::MailStatus;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::queries::{self, Outcome};
use crate::state::AppState;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendMail {
    pub message_id: Uuid,
}

/// Runs the job. `last_attempt`: the queue won't try again after this run, so a failure now is
/// final. An `Err` asks the queue for a retry; a message that ended (sent, kept, failed for
/// good) is `Ok`.
#[tracing::instrument(skip_all, fields(message_id = %job.message_id))]
pub async fn send_mail(state: &AppState, job: SendMail, last_attempt: bool) -> anyhow::Result<()> {
    let mut conn = state.pool.get().await?;
    let Some(row) = queries::find_for_job(&mut conn, job.message_id).await? else {
        return Ok(());
    };
    if row.status() != MailStatus::Queued {
        return Ok(());
    }
    let Some(smtp) = state.mailer.smtp() else {
        queries::record(&mut conn, row.id, Outcome::KeptInOutbox).await?;
        tracing::info!("no SMTP server configured: the message stays in the outbox");
        return Ok(());
    };
    // The conversation with the mail server may take seconds: no pooled connection waits on it.
    drop(conn);
    let sent = smtp.send(&row.email()).await;
    let mut conn = state.pool.get().await?;
    match sent {
        Ok(()) => {
            queries::record(&mut conn, row.id, Outcome::Sent).await?;
            tracing::info!(server = smtp.server(), "mail sent");
            Ok(())
        }
        Err(e) if e.is_permanent() || last_attempt => {
            let error = e.to_string();
            queries::record(&mut conn, row.id, Outcome::Failed { error: &error }).await?;
            tracing::warn!(error = %error, "mail failed for good");
            Ok(())
        }
        Err(e) => {
            let error = e.to_string();
            queries::record(&mut conn, row.id, Outcome::WillRetry { error: &error }).await?;
            Err(anyhow::Error::new(e).context("sending mail"))
        }
    }
}
