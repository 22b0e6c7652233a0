//! The daily digest: due at the organization's hour in its time zone, once per day however
//! often the check runs, covering exactly the 24 hours before the hour (23 across the change to
//! daylight saving time), counted per number, with the to-dos waiting for review.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::job;
use loquent_server::jobs::Job;
use loquent_server::mods::report::digest::{SendDailyDigest, send_daily_digest};
use loquent_server::mods::report::schedule;
use loquent_shared::Phone;
use loquent_tests::fixtures::{CallFixture, insert_call};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{at, insert_todo, name_contact, outbox, save_settings, set_timezone, shape_call};

/// The digest jobs enqueued so far for `date`, oldest first (the server's own check, every
/// minute, may enqueue today's).
async fn digest_jobs(app: &TestApp, date: &str) -> Vec<SendDailyDigest> {
    let mut conn = app.conn().await;
    let rows: Vec<(String, serde_json::Value)> = job::table
        .filter(job::kind.eq("send_daily_digest"))
        .order(job::created_at)
        .select((job::kind, job::payload))
        .load(&mut conn)
        .await
        .expect("jobs");
    rows.iter()
        .map(|(kind, payload)| match Job::from_columns(kind, payload) {
            Ok(Job::SendDailyDigest(job)) => job,
            other => panic!("not a digest job: {other:?}"),
        })
        .filter(|job| job.date.to_string() == date)
        .collect()
}

async fn call_at(
    app: &TestApp,
    org: &SignedIn,
    phone: &Phone,
    from: &str,
    when: &str,
    status: &str,
    secs: Option<i32>,
) -> CallFixture {
    let call = insert_call(app, org.me.organization.id, Some(phone.id), from, &phone.number).await;
    shape_call(app, call.id, at(when), status, secs).await;
    call
}

async fn rename_phone(who: &SignedIn, phone: &Phone, name: &str) {
    let res = who
        .client
        .request(Method::PATCH, &format!("/api/phones/{}", phone.id))
        .json(&json!({"friendly_name": name}))
        .send()
        .await
        .expect("PATCH");
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_digest_covers_exactly_the_day_before_its_hour_in_the_organizations_time_zone() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let (acme, globex) = app.two_orgs().await;
    set_timezone(&acme, "America/New_York").await;
    save_settings(
        &acme,
        &json!({"emails": ["digest@acme.example"], "daily_digest": true, "digest_hour": 8}),
    )
    .await;
    let desk = app.insert_phone(&acme, "+14155550123").await;
    let line = app.insert_phone(&acme, "+14155550124").await;
    rename_phone(&acme, &line, "Second line").await;
    let theirs = app.insert_phone(&globex, "+14155550999").await;
    // The digest of Sun 8 Mar 2026 runs from Sat 08:00 EST (13:00Z) to Sun 08:00 EDT (12:00Z):
    // clocks went forward at 02:00 that night, so the day had 23 hours.
    let before =
        call_at(&app, &acme, &desk, "+14155550100", "2026-03-07T12:59:59Z", "completed", Some(60))
            .await;
    let first =
        call_at(&app, &acme, &desk, "+14155550199", "2026-03-07T13:00:00Z", "completed", Some(120))
            .await;
    name_contact(&app, first.contact_id, "Ada", "Lovelace").await;
    let evening =
        call_at(&app, &acme, &desk, "+14155550188", "2026-03-07T23:00:00Z", "completed", Some(300))
            .await;
    let last =
        call_at(&app, &acme, &line, "+14155550177", "2026-03-08T11:59:59Z", "no-answer", None)
            .await;
    let after =
        call_at(&app, &acme, &desk, "+14155550166", "2026-03-08T12:00:00Z", "completed", Some(30))
            .await;
    let other_org = call_at(
        &app,
        &globex,
        &theirs,
        "+14155550155",
        "2026-03-07T20:00:00Z",
        "completed",
        Some(99),
    )
    .await;
    let org = acme.me.organization.id;
    insert_todo(&app, org, Some(first.id), "Call Ada back", "pending_review").await;
    insert_todo(&app, org, None, "Send <the> price list", "pending_review").await;
    insert_todo(&app, org, None, "Already approved", "approved").await;
    insert_todo(&app, globex.me.organization.id, None, "Globex's own", "pending_review").await;

    let early =
        schedule::run_once(&app.state.pool, at("2026-03-08T11:59:00Z")).await.expect("check");
    let due = schedule::run_once(&app.state.pool, at("2026-03-08T12:00:00Z")).await.expect("check");
    let again =
        schedule::run_once(&app.state.pool, at("2026-03-08T12:01:00Z")).await.expect("check");

    assert_eq!((early, due, again), (0, 1, 0), "due at 08:00 New York time, enqueued once");
    let jobs = digest_jobs(&app, "2026-03-08").await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].organization_id, org);
    send_daily_digest(&app.state, jobs[0].clone()).await.expect("the digest");

    let sent = outbox(&acme, "daily_digest").await;
    assert_eq!(sent.len(), 1);
    let digest = &sent[0];
    assert_eq!(digest.message.to, "digest@acme.example");
    assert_eq!(
        digest.message.subject,
        "Acme Dental: daily digest for Sun 8 Mar · 3 calls, 2 to-dos to review"
    );
    let url = |c: &CallFixture| format!("{}/calls/{}", app.base_url, c.id);
    for needle in [
        "From Sat 7 Mar 2026, 08:00 to Sun 8 Mar 2026, 08:00 (America/New_York)\n".to_string(),
        "3 calls, 2 answered. Talk time 7:00 in all, 3:30 on average per answered call.\n".into(),
        "By number\nFront desk (+14155550123): 2 calls\nSecond line (+14155550124): 1 call\n"
            .into(),
        format!("Sat 08:00 · from Ada Lovelace (+14155550199) · 2:00\n  {}\n", url(&first)),
        format!("Sat 18:00 · from +14155550188 · 5:00\n  {}\n", url(&evening)),
        format!("Sun 07:59 · from +14155550177 · –\n  {}\n", url(&last)),
        "To review: 2 to-dos\n".into(),
        "- Call Ada back\n".into(),
        "- Send <the> price list\n".into(),
        format!("All to-dos: {}/todos\n", app.base_url),
    ] {
        assert!(digest.text.contains(&needle), "{needle:?} not in:\n{}", digest.text);
    }
    for outside in [&before, &after, &other_org] {
        assert!(!digest.text.contains(&url(outside)), "{} is outside the window", outside.id);
    }
    assert!(!digest.text.contains("Already approved") && !digest.text.contains("Globex"));
    assert!(digest.html.contains("Send &lt;the&gt; price list"));

    // The next day's digest starts where this one ended: the 08:00 call is in it.
    schedule::run_once(&app.state.pool, at("2026-03-09T12:30:00Z")).await.expect("check");
    let jobs = digest_jobs(&app, "2026-03-09").await;
    assert_eq!(jobs.len(), 1);
    send_daily_digest(&app.state, jobs[0].clone()).await.expect("the next digest");
    let next = outbox(&acme, "daily_digest").await.pop().expect("the next digest");
    assert!(next.message.subject.contains("Mon 9 Mar · 1 call"), "{}", next.message.subject);
    assert!(next.text.contains(&url(&after)) && !next.text.contains(&url(&last)));
    assert!(outbox(&globex, "daily_digest").await.is_empty(), "Globex's digest is off");
}

#[tokio::test]
async fn a_day_has_one_digest_however_often_it_is_checked_or_run() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let (acme, globex) = app.two_orgs().await;
    save_settings(
        &acme,
        &json!({"member_ids": [acme.me.member.id], "daily_digest": true, "digest_hour": 0}),
    )
    .await;
    // Globex has the digest on, but nobody to send it to: no job for it.
    save_settings(&globex, &json!({"daily_digest": true, "digest_hour": 0})).await;

    let now = at("2026-05-04T09:00:00Z");
    let checks = [
        schedule::run_once(&app.state.pool, now).await.expect("check"),
        schedule::run_once(&app.state.pool, now).await.expect("check"),
    ];
    let jobs = digest_jobs(&app, "2026-05-04").await;
    assert_eq!(checks, [1, 0]);
    assert_eq!(jobs.len(), 1);
    send_daily_digest(&app.state, jobs[0].clone()).await.expect("sent");
    send_daily_digest(&app.state, jobs[0].clone()).await.expect("the job again: nothing");
    let later =
        schedule::run_once(&app.state.pool, at("2026-05-04T23:00:00Z")).await.expect("check");

    assert_eq!(later, 0, "today's digest is sent");
    let sent = outbox(&acme, "daily_digest").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].message.to, acme.email);
    // Nothing happened that day: a short digest says so.
    assert_eq!(sent[0].message.subject, "Acme Dental: daily digest for Mon 4 May · a quiet day");
    assert!(sent[0].text.contains("A quiet day: no calls, and no to-dos waiting for review."));
    assert!(outbox(&globex, "daily_digest").await.is_empty());
}

#[tokio::test]
async fn a_digest_turned_off_before_its_job_runs_sends_nothing() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let on = json!({"emails": ["digest@acme.example"], "daily_digest": true, "digest_hour": 8});
    save_settings(&owner, &on).await;
    schedule::run_once(&app.state.pool, at("2026-05-04T09:00:00Z")).await.expect("check");
    save_settings(&owner, &json!({"emails": ["digest@acme.example"]})).await;

    let jobs = digest_jobs(&app, "2026-05-04").await;
    send_daily_digest(&app.state, jobs[0].clone()).await.expect("nothing to do");

    assert!(outbox(&owner, "daily_digest").await.is_empty());
}
