//! `processing` on calls and contacts: true while Loquent is still working on a call (live,
//! recording on its way, a job waiting or running), so pages and integrations know to look again.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, job};
use loquent_server::jobs::{Job, queue};
use loquent_server::mods::call::analyze::AnalyzeCall;
use loquent_shared::{CallDetails, CallPage, Contact};
use loquent_tests::client::json;
use loquent_tests::fixtures::{CallFixture, eventually, insert_call};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::twilio::recording::pipeline;

/// What the list, the call and its contact say.
async fn seen(owner: &SignedIn, call: &CallFixture) -> (bool, bool, bool) {
    let page: CallPage = json(owner.client.get("/api/calls").await, StatusCode::OK).await;
    let listed = page.items.iter().find(|c| c.id == call.id).expect("listed").processing;
    let details: CallDetails =
        json(owner.client.get(&format!("/api/calls/{}", call.id)).await, StatusCode::OK).await;
    let contact: Contact =
        json(owner.client.get(&format!("/api/contacts/{}", call.contact_id)).await, StatusCode::OK)
            .await;
    (listed, details.call.processing, contact.processing)
}

async fn set_call(
    app: &TestApp,
    id: Uuid,
    status: &str,
    created_ago: Duration,
    ended_ago: Option<Duration>,
) {
    let mut conn = app.conn().await;
    let now = Utc::now();
    diesel::update(call::table.find(id))
        .set((
            call::status.eq(status),
            call::created_at.eq(now - created_ago),
            call::ended_at.eq(ended_ago.map(|ago| now - ago)),
        ))
        .execute(&mut conn)
        .await
        .expect("updating the call");
}

#[tokio::test]
async fn a_call_is_processing_while_live_while_its_recording_is_due_and_while_a_job_waits() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let c =
        insert_call(&app, owner.me.organization.id, Some(phone.id), "+14155550199", &phone.number)
            .await;
    let minutes = Duration::minutes;

    // Live.
    set_call(&app, c.id, "in-progress", minutes(1), None).await;
    assert_eq!(seen(&owner, &c).await, (true, true, true), "live");
    // Still "live" after four hours: its end was lost, nothing is coming.
    set_call(&app, c.id, "in-progress", minutes(5 * 60), None).await;
    assert_eq!(seen(&owner, &c).await, (false, false, false), "lost");
    // Just ended: Twilio's recording callback is on its way.
    set_call(&app, c.id, "completed", minutes(2), Some(Duration::seconds(5))).await;
    assert_eq!(seen(&owner, &c).await, (true, true, true), "recording due");
    // Unanswered calls have no recording to wait for.
    set_call(&app, c.id, "no-answer", minutes(2), Some(Duration::seconds(5))).await;
    assert_eq!(seen(&owner, &c).await, (false, false, false), "no answer");
    // Ended a while ago without a recording: none is coming.
    set_call(&app, c.id, "completed", minutes(9), Some(minutes(3))).await;
    assert_eq!(seen(&owner, &c).await, (false, false, false), "ended");

    // A job for it waiting (a retry due later), then dead after its last attempt.
    let mut conn = app.conn().await;
    let work = Job::AnalyzeCall(AnalyzeCall { call_id: c.id, run_key: "rerun:1".into() });
    queue::enqueue(&mut conn, &work, None).await.expect("enqueue");
    diesel::update(job::table)
        .set(job::run_at.eq(Utc::now() + Duration::hours(1)))
        .execute(&mut conn)
        .await
        .expect("deferring the job");
    assert_eq!(seen(&owner, &c).await, (true, true, true), "job waiting");
    diesel::update(job::table)
        .set(job::status.eq("running"))
        .execute(&mut conn)
        .await
        .expect("run");
    assert_eq!(seen(&owner, &c).await, (true, true, true), "job running");
    diesel::update(job::table).set(job::status.eq("dead")).execute(&mut conn).await.expect("dead");
    assert_eq!(seen(&owner, &c).await, (false, false, false), "job dead");

    // Another organization's contact with the same number isn't busy with this call.
    let other = app.sign_up("Globex").await;
    let theirs = app.insert_phone(&other, "+14155550124").await;
    let d = insert_call(
        &app,
        other.me.organization.id,
        Some(theirs.id),
        "+14155550199",
        "+14155550124",
    )
    .await;
    set_call(&app, c.id, "in-progress", minutes(1), None).await;
    assert_eq!(seen(&other, &d).await, (false, false, false), "the other organization's");
}

#[tokio::test]
async fn processing_follows_the_pipeline_to_its_end() {
    let p = pipeline(&[]).await;
    set_call(&p.app, p.call.id, "completed", Duration::minutes(1), Some(Duration::seconds(1)))
        .await;
    assert_eq!(seen(&p.owner, &p.call).await, (true, true, true), "recording due");

    p.post_webhook().await;
    eventually(20, "the pipeline to finish", || p.settled()).await;

    assert_eq!(seen(&p.owner, &p.call).await, (false, false, false), "done");
    let details: CallDetails =
        json(p.owner.client.get(&format!("/api/calls/{}", p.call.id)).await, StatusCode::OK).await;
    assert!(details.call.has_transcription && !details.analysis_groups.is_empty());
}
