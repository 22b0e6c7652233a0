//! The signed-in person's own account (name, password, email, sessions) and the
//! forgotten-password link. Account mail belongs to no organization, so the tests read it from
//! the `mail_message` table (or the fake SMTP server), never from an outbox.

mod api_key;
mod email_change;
mod password_change;
mod password_reset;
mod profile;
mod sessions;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::mail_message;
use loquent_shared::Me;
use loquent_tests::client::json;
use loquent_tests::{ApiClient, TestApp};
use reqwest::{Response, StatusCode};
use serde_json::json;
use uuid::Uuid;

/// One account email as stored.
#[derive(Debug, Clone, Queryable)]
pub struct StoredMail {
    pub organization_id: Option<Uuid>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every message of `kind` to `to`, oldest first.
pub async fn mails(app: &TestApp, kind: &str, to: &str) -> Vec<StoredMail> {
    let mut conn = app.conn().await;
    mail_message::table
        .filter(mail_message::kind.eq(kind))
        .filter(mail_message::to_address.eq(to))
        .order((mail_message::created_at, mail_message::id))
        .select((
            mail_message::organization_id,
            mail_message::subject,
            mail_message::text_body,
            mail_message::html_body,
        ))
        .load(&mut conn)
        .await
        .expect("reading mail")
}

/// The newest message of `kind` to `to`; fails when there is none.
pub async fn last_mail(app: &TestApp, kind: &str, to: &str) -> StoredMail {
    mails(app, kind, to).await.pop().unwrap_or_else(|| panic!("no {kind} mail to {to}"))
}

/// The token of the link to `page` (`/reset-password`, `/confirm-email`) in a message's text,
/// checking the link is on this server's public URL with the token in the fragment.
pub fn link_token(app: &TestApp, text: &str, page: &str) -> String {
    let prefix = format!("{}{page}#token=", app.base_url);
    let start = text.find(&prefix).unwrap_or_else(|| panic!("no {prefix} link in {text}"));
    text[start + prefix.len()..].split_whitespace().next().expect("a token").to_string()
}

/// Signs in with email and password in a new browser (a client with its own cookie jar).
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> ApiClient {
    let client = app.client();
    let res = client.post("/api/auth/login", &json!({"email": email, "password": password})).await;
    let _: Me = json(res, StatusCode::OK).await;
    client
}

/// `POST /api/auth/login` from a fresh browser.
pub async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    app.client().post("/api/auth/login", &json!({"email": email, "password": password})).await
}

/// Asks for a reset link for `email`; asserts the 202.
pub async fn ask_reset(app: &TestApp, email: &str) -> Response {
    let res = app.client().post("/api/auth/password-reset", &json!({"email": email})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    res
}

/// The person behind a membership.
pub async fn person_id(app: &TestApp, member_id: Uuid) -> Uuid {
    use loquent_server::db::schema::member;
    let mut conn = app.conn().await;
    member::table.find(member_id).select(member::person_id).first(&mut conn).await.expect("member")
}

/// Sets `expires_at` of every account link in the past.
pub async fn expire_links(app: &TestApp) {
    let mut conn = app.conn().await;
    diesel::sql_query("UPDATE account_token SET expires_at = now() - interval '1 second'")
        .execute(&mut conn)
        .await
        .expect("expiring links");
}
