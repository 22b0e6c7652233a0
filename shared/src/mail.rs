//! Email Loquent sends for an organization: how it leaves (SMTP, or kept in the outbox), and
//! the outbox of every message with what became of it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How this Loquent sends email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailDelivery {
    /// Through the SMTP server this deployment is configured with.
    Smtp,
    /// No SMTP server is configured: messages are kept in the outbox and nothing leaves the
    /// machine.
    Outbox,
}

/// The deployment's mail settings as an organization sees them (never the SMTP password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailSettings {
    pub delivery: MailDelivery,
    /// The sender of every message.
    #[cfg_attr(feature = "openapi", schema(example = "Loquent <no-reply@example.com>"))]
    pub from: String,
    /// The SMTP server as `host:port`; absent when mail stays in the outbox.
    #[cfg_attr(feature = "openapi", schema(example = "smtp.example.com:587"))]
    pub server: Option<String>,
}

/// What became of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting to be sent, or to be tried again after a failure (see `last_error`).
    Queued,
    /// The SMTP server accepted it.
    Sent,
    /// It could not be delivered: the SMTP server refused it, or every attempt failed
    /// (`last_error` says why).
    Failed,
    /// Kept in the outbox: no SMTP server is configured, so it never left Loquent.
    Outbox,
}

impl MailStatus {
    pub const ALL: [MailStatus; 4] =
        [MailStatus::Queued, MailStatus::Sent, MailStatus::Failed, MailStatus::Outbox];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::Outbox => "outbox",
        }
    }

    /// The status spelt `text`, as stored.
    pub fn parse(text: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For people: "Kept in outbox".
    pub fn label(self) -> &'static str {
        match self {
            MailStatus::Queued => "Queued",
            MailStatus::Sent => "Sent",
            MailStatus::Failed => "Failed",
            MailStatus::Outbox => "Kept in outbox",
        }
    }
}

/// A message in the outbox, without its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailMessage {
    /// Message id.
    pub id: Uuid,
    /// What sent it, e.g. `test` for a test message.
    #[cfg_attr(feature = "openapi", schema(example = "test"))]
    pub kind: String,
    /// The sender, as in the `From` header.
    pub from: String,
    /// The recipient.
    #[cfg_attr(feature = "openapi", schema(example = "grace@example.com"))]
    pub to: String,
    pub subject: String,
    pub status: MailStatus,
    /// Delivery attempts made through the SMTP server so far.
    pub attempts: u32,
    /// Why the last attempt failed, in words; absent once it is sent.
    pub last_error: Option<String>,
    /// When it was queued.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When the SMTP server accepted it.
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub sent_at: Option<DateTime<Utc>>,
}

/// A message with its two parts, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailMessageDetails {
    pub message: MailMessage,
    /// The plain-text part.
    pub text: String,
    /// The HTML part. Render it only where its markup can't reach the page (a sandboxed frame).
    pub html: String,
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailMessagePage {
    pub items: Vec<MailMessage>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in MailStatus::ALL {
            assert_eq!(MailStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).expect("serializes");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(MailStatus::parse("delivered"), None);
    }
}
