//! The report after each call: what it says, that it waits for the call's other post-call work
//! (without using up its attempts), that it goes out once per call, and only when on.

use std::time::Duration;

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, call_analysis_run, job};
use loquent_server::jobs::NotYet;
use loquent_server::mods::call::analyze;
use loquent_server::mods::report::call_report::{self, SendCallReport, send_call_report};
use loquent_shared::{Analyzer, CallDetails, Role, TodoType};
use loquent_tests::client::json;
use loquent_tests::fixtures::{CallFixture, eventually, insert_call};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use super::{at, insert_todo, name_contact, outbox, save_settings, set_timezone, shape_call};

/// More than the report quotes: its excerpt ends at a word before "TAIL-NOT-QUOTED".
fn transcript() -> String {
    let mut text = String::from("Agent: Acme Dental, how can I help? Caller: Hi, this is Ada. ");
    while text.len() < 590 {
        text.push_str("I would like to move my cleaning appointment to a later date please. ");
    }
    text.push_str("TAIL-NOT-QUOTED and more words after it.");
    text
}

struct World {
    app: TestApp,
    owner: SignedIn,
    admin: SignedIn,
    call: CallFixture,
}

impl World {
    /// An organization in New York with a number, an analyzer, and a finished, analyzed call
    /// from Ada that found one to-do. No job workers: the tests run the report themselves.
    async fn new() -> World {
        let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
        let owner = app.sign_up("Acme Dental").await;
        let admin = app.add_member(&owner, Role::Admin).await;
        set_timezone(&owner, "America/New_York").await;
        let phone = app.insert_phone(&owner, "+14155550123").await;
        let org = owner.me.organization.id;
        let call = insert_call(&app, org, Some(phone.id), "+14155550199", &phone.number).await;
        // 14:05 in New York (EDT).
        shape_call(&app, call.id, at("2026-03-10T18:05:00Z"), "completed", Some(222)).await;
        name_contact(&app, call.contact_id, "Ada", "<Lovelace>").await;
        let analyzer: Analyzer = json(
            owner
                .client
                .post(
                    "/api/analyzers",
                    &json!({"name": "Intent", "prompt": "What did the caller want?",
                            "is_active": true, "phone_number_ids": [phone.id]}),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        let types: Vec<TodoType> =
            json(owner.client.get("/api/todo-types").await, StatusCode::OK).await;
        let call_back = types.iter().find(|t| t.name == "Call back").expect("a default type");
        let mut conn = app.conn().await;
        diesel::update(call::table.find(call.id))
            .set(call::transcription.eq(transcript()))
            .execute(&mut conn)
            .await
            .expect("transcript");
        diesel::insert_into(call_analysis_run::table)
            .values((
                call_analysis_run::organization_id.eq(org),
                call_analysis_run::call_id.eq(call.id),
                call_analysis_run::analyzer_id.eq(analyzer.id),
                call_analysis_run::run_key.eq("RE1"),
                call_analysis_run::analysis_text.eq("Wants the <cleaning> moved & soon"),
            ))
            .execute(&mut conn)
            .await
            .expect("an analysis run");
        let todo = insert_todo(
            &app,
            org,
            Some(call.id),
            "Call Ada back about her cleaning",
            "pending_review",
        )
        .await;
        diesel::update(loquent_server::db::schema::todo::table.find(todo))
            .set(loquent_server::db::schema::todo::todo_type_id.eq(call_back.id))
            .execute(&mut conn)
            .await
            .expect("typing the to-do");
        World { app, owner, admin, call }
    }

    /// Call reports on, to both members (the owner also listed by address) and the desk.
    async fn reports_on(&self) {
        save_settings(
            &self.owner,
            &json!({"member_ids": [self.owner.me.member.id, self.admin.me.member.id],
                    "emails": ["desk@acme.example", self.owner.email.to_uppercase()],
                    "call_reports": true}),
        )
        .await;
    }

    fn job(&self, run_key: &str) -> SendCallReport {
        SendCallReport { call_id: self.call.id, run_key: run_key.into() }
    }

    async fn run(&self, run_key: &str) -> anyhow::Result<()> {
        send_call_report(&self.app.state, self.job(run_key), Utc::now()).await
    }
}

#[tokio::test]
async fn the_report_says_who_called_which_number_when_and_what_came_of_it() {
    let w = World::new().await;
    w.reports_on().await;

    w.run("RE1").await.expect("the report");

    let sent = outbox(&w.owner, "call_report").await;
    let mut to: Vec<&str> = sent.iter().map(|m| m.message.to.as_str()).collect();
    to.sort();
    let mut expected = vec!["desk@acme.example", w.owner.email.as_str(), w.admin.email.as_str()];
    expected.sort();
    assert_eq!(to, expected, "one message per recipient, the owner once");
    let report = &sent[0];
    assert!(
        sent.iter().all(|m| m.text == report.text && m.message.subject == report.message.subject)
    );
    assert_eq!(report.message.subject, "Call from Ada <Lovelace> (+14155550199) · 3:42");
    let call_url = format!("{}/calls/{}", w.app.base_url, w.call.id);
    for needle in [
        "Call from Ada <Lovelace> (+14155550199)\n",
        "Number called: Front desk (+14155550123)\n",
        "Direction: Inbound\n",
        "Duration: 3:42\n",
        "When: Tue 10 Mar 2026, 14:05 (America/New_York)\n",
        "Intent: Wants the <cleaning> moved & soon\n",
        "- Call Ada back about her cleaning (Call back)\n",
        "Transcript\nAgent: Acme Dental, how can I help? Caller: Hi, this is Ada. I would like",
        &format!("Open the call: {call_url}\n"),
    ] {
        assert!(report.text.contains(needle), "{needle:?} not in:\n{}", report.text);
    }
    let quoted = report.text.split("Transcript\n").nth(1).and_then(|t| t.split("\n\n").next());
    let quoted = quoted.expect("the excerpt");
    assert!(quoted.ends_with('…'), "{quoted}");
    assert!(quoted.chars().count() <= 601 && !quoted.contains("TAIL-NOT-QUOTED"), "{quoted}");
    // What the caller and the model said is text in the HTML part, not markup.
    assert!(report.html.contains("Ada &lt;Lovelace&gt;"), "{}", report.html);
    assert!(report.html.contains("Wants the &lt;cleaning&gt; moved &amp; soon"));
    assert!(!report.html.contains("<Lovelace>") && !report.html.contains("<cleaning>"));
    assert!(report.html.contains(&format!("href=\"{call_url}\"")));
}

#[tokio::test]
async fn a_report_run_again_sends_nothing_twice() {
    let w = World::new().await;
    w.reports_on().await;

    w.run("RE1").await.expect("the report");
    w.run("RE1").await.expect("the same job again");
    w.run("RE2").await.expect("a second recording's report");

    assert_eq!(outbox(&w.owner, "call_report").await.len(), 3, "one report per call");
}

#[tokio::test]
async fn nothing_is_sent_while_call_reports_are_off_or_nobody_receives_them() {
    let w = World::new().await;
    save_settings(&w.owner, &json!({"emails": ["desk@acme.example"], "daily_digest": true})).await;
    w.run("RE1").await.expect("off: nothing to do");
    save_settings(&w.owner, &json!({"call_reports": true})).await;
    w.run("RE1").await.expect("nobody: nothing to do");

    assert!(outbox(&w.owner, "call_report").await.is_empty());

    // Turned on later, the call's report still goes (once) when its job runs.
    w.reports_on().await;
    w.run("RE1").await.expect("now on");
    assert_eq!(outbox(&w.owner, "call_report").await.len(), 3);
}

#[tokio::test]
async fn the_report_waits_for_the_calls_analysis_then_sends_once() {
    let w = World::new().await;
    w.reports_on().await;
    let mut conn = w.app.conn().await;
    analyze::enqueue(&mut conn, w.call.id, "RE1").await.expect("analysis pending");

    let waiting = w.run("RE1").await.expect_err("waits");
    let not_yet = NotYet::of(&waiting).expect("a NotYet, not a failure");
    assert!(
        not_yet.retry_in >= Duration::from_secs(2) && not_yet.retry_in <= Duration::from_secs(30)
    );
    assert!(outbox(&w.owner, "call_report").await.is_empty(), "nothing sent while waiting");

    diesel::update(job::table.filter(job::kind.eq("analyze_call")))
        .set(job::status.eq("done"))
        .execute(&mut conn)
        .await
        .expect("the analysis finishes");
    w.run("RE1").await.expect("the report");
    w.run("RE1").await.expect("again");

    assert_eq!(outbox(&w.owner, "call_report").await.len(), 3);
}

#[tokio::test]
async fn after_fifteen_minutes_the_report_goes_with_what_exists() {
    let w = World::new().await;
    w.reports_on().await;
    let mut conn = w.app.conn().await;
    analyze::enqueue(&mut conn, w.call.id, "rerun:stuck").await.expect("an analysis that hangs");

    let queued_at = Utc::now() - chrono::Duration::minutes(16);
    send_call_report(&w.app.state, w.job("RE1"), queued_at).await.expect("sent anyway");

    assert_eq!(outbox(&w.owner, "call_report").await.len(), 3);
}

#[tokio::test]
async fn the_worker_runs_a_waiting_report_again_later_without_using_up_its_attempts() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "1")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let org = owner.me.organization.id;
    let call = insert_call(&app, org, None, "+14155550199", "+14155550123").await;
    save_settings(&owner, &json!({"emails": ["desk@acme.example"], "call_reports": true})).await;
    let mut conn = app.conn().await;
    // The call's analysis, pending for an hour: no worker takes it before the test says so.
    analyze::enqueue(&mut conn, call.id, "RE1").await.expect("analysis pending");
    diesel::update(job::table.filter(job::kind.eq("analyze_call")))
        .set(job::run_at.eq(Utc::now() + chrono::Duration::hours(1)))
        .execute(&mut conn)
        .await
        .expect("later");

    call_report::enqueue(&mut conn, call.id, "RE1").await.expect("the report job");
    let report = || async {
        let mut conn = app.conn().await;
        job::table
            .filter(job::kind.eq("send_call_report"))
            .select((job::status, job::attempts, job::run_at, job::created_at, job::max_attempts))
            .first::<(String, i32, chrono::DateTime<Utc>, chrono::DateTime<Utc>, i32)>(&mut conn)
            .await
            .expect("the report job")
    };
    // Postponed (claimed, and put back for later) with all its attempts still left.
    eventually(10, "the report to be postponed, its attempts intact", || async {
        let (status, attempts, run_at, created_at, max_attempts) = report().await;
        status == "queued"
            && attempts >= 1
            && run_at > created_at + chrono::Duration::seconds(1)
            && max_attempts - attempts == 8
    })
    .await;
    assert!(outbox(&owner, "call_report").await.is_empty());
    // The waiting report is no work on the call: only the pending analysis keeps it processing.
    let processing = || async {
        let d: CallDetails =
            json(owner.client.get(&format!("/api/calls/{}", call.id)).await, StatusCode::OK).await;
        d.call.processing
    };
    assert!(processing().await);
    diesel::update(job::table.filter(job::kind.eq("analyze_call")))
        .set(job::status.eq("done"))
        .execute(&mut conn)
        .await
        .expect("the analysis finishes");
    assert!(!processing().await, "a report waiting to go doesn't keep the call processing");

    diesel::update(job::table.filter(job::kind.eq("send_call_report")))
        .set(job::run_at.eq(Utc::now()))
        .execute(&mut conn)
        .await
        .expect("its time comes");
    eventually(10, "the report to be sent", || async { report().await.0 == "done" }).await;

    let (_, attempts, _, _, max_attempts) = report().await;
    assert_eq!(max_attempts - attempts, 7, "one attempt used: the one that sent it");
    let sent = outbox(&owner, "call_report").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].message.subject, "Call from +14155550199 · 0:42");
}
