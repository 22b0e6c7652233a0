//! Reporting: the settings (`/api/report-settings`), the report after each call (its contents,
//! its wait for the call's analysis, once per call, out through SMTP) and the daily digest (its
//! window in the organization's time zone, once per day).

mod call_report;
mod delivery;
mod digest;
mod settings;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, contact, todo};
use loquent_shared::{MailMessage, MailMessageDetails, MailMessagePage, ReportSettings};
use loquent_tests::client::json;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

/// `PUT /api/report-settings` as `who`.
pub async fn put_settings(who: &SignedIn, body: &Value) -> reqwest::Response {
    who.client
        .request(Method::PUT, "/api/report-settings")
        .json(body)
        .send()
        .await
        .expect("PUT /api/report-settings")
}

/// Saves `body` as `who`'s organization's settings (200 expected).
pub async fn save_settings(who: &SignedIn, body: &Value) -> ReportSettings {
    json(put_settings(who, body).await, StatusCode::OK).await
}

pub async fn set_timezone(who: &SignedIn, zone: &str) {
    let res = who
        .client
        .request(Method::PATCH, "/api/organization")
        .json(&serde_json::json!({"timezone": zone}))
        .send()
        .await
        .expect("PATCH /api/organization");
    assert_eq!(res.status(), StatusCode::OK, "setting the time zone");
}

/// The organization's outbox messages of `kind`, oldest first, with their bodies.
pub async fn outbox(who: &SignedIn, kind: &str) -> Vec<MailMessageDetails> {
    let page: MailMessagePage =
        json(who.client.get("/api/mail/outbox?limit=100").await, StatusCode::OK).await;
    let mut out = Vec::new();
    for message in page.items.into_iter().rev().filter(|m: &MailMessage| m.kind == kind) {
        out.push(
            json(who.client.get(&format!("/api/mail/outbox/{}", message.id)).await, StatusCode::OK)
                .await,
        );
    }
    out
}

/// Sets what the tests decide about a call: when it started, how long it lasted, how it ended.
pub async fn shape_call(
    app: &TestApp,
    id: Uuid,
    created_at: chrono::DateTime<chrono::Utc>,
    status: &str,
    duration_secs: Option<i32>,
) {
    let mut conn = app.conn().await;
    diesel::update(call::table.find(id))
        .set((
            call::created_at.eq(created_at),
            call::status.eq(status),
            call::duration_secs.eq(duration_secs),
        ))
        .execute(&mut conn)
        .await
        .expect("shaping the call");
}

pub async fn name_contact(app: &TestApp, id: Uuid, first: &str, last: &str) {
    let mut conn = app.conn().await;
    diesel::update(contact::table.find(id))
        .set((contact::first_name.eq(first), contact::last_name.eq(last)))
        .execute(&mut conn)
        .await
        .expect("naming the contact");
}

/// A to-do as extraction stores one, straight in the table.
pub async fn insert_todo(
    app: &TestApp,
    organization_id: Uuid,
    call_id: Option<Uuid>,
    title: &str,
    status: &str,
) -> Uuid {
    let mut conn = app.conn().await;
    diesel::insert_into(todo::table)
        .values((
            todo::organization_id.eq(organization_id),
            todo::call_id.eq(call_id),
            todo::title.eq(title),
            todo::status.eq(status),
        ))
        .returning(todo::id)
        .get_result(&mut conn)
        .await
        .expect("inserting a to-do")
}

pub fn at(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339).expect("a time").to_utc()
}
