//! Email: how it leaves, the outbox, a test message.

use loquent_shared::{MailMessage, MailMessageDetails, MailMessagePage, MailSettings};
use uuid::Uuid;

use super::{ApiResult, query_string, routes};

/// `GET /api/mail/settings`: SMTP or the outbox, and the sender.
pub async fn settings() -> ApiResult<MailSettings> {
    super::fetch(routes::GET_MAIL_SETTINGS.at(&[])).await
}

/// `GET /api/mail/outbox`: newest first; the page after `cursor` when given.
pub async fn outbox(cursor: Option<&str>) -> ApiResult<MailMessagePage> {
    let params = query_string(&[("cursor", cursor)]);
    super::fetch(routes::LIST_MAIL_MESSAGES.at(&[]).query(&params)).await
}

/// `GET /api/mail/outbox/{id}`: the message with its text and HTML.
pub async fn message(id: Uuid) -> ApiResult<MailMessageDetails> {
    super::fetch(routes::GET_MAIL_MESSAGE.at(&[&id])).await
}

/// `POST /api/mail/test`: queues a test message to the signed-in member (202).
pub async fn send_test() -> ApiResult<MailMessage> {
    super::fetch(routes::SEND_TEST_MAIL.at(&[])).await
}
