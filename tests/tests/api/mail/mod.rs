//! Email: delivery through a real SMTP exchange with the fake server, the outbox when no server
//! is configured, and the `/api/mail` endpoints.

mod api;
mod delivery;

use loquent_shared::{MailMessage, MailMessageDetails, MailStatus};
use loquent_tests::SignedIn;
use loquent_tests::client::json;
use loquent_tests::fixtures::eventually;
use reqwest::StatusCode;
use uuid::Uuid;

/// `GET /api/mail/outbox/{id}` as `who`.
pub async fn details(who: &SignedIn, id: Uuid) -> MailMessageDetails {
    json(who.client.get(&format!("/api/mail/outbox/{id}")).await, StatusCode::OK).await
}

/// Waits until the message is no longer queued, and returns it.
pub async fn settled(who: &SignedIn, id: Uuid) -> MailMessageDetails {
    eventually(10, "the message to leave the queue", || async {
        details(who, id).await.message.status != MailStatus::Queued
    })
    .await;
    details(who, id).await
}

/// `POST /api/mail/test` as `who`: 202 with the queued message.
pub async fn send_test(who: &SignedIn) -> MailMessage {
    json(who.client.post_empty("/api/mail/test").await, StatusCode::ACCEPTED).await
}
