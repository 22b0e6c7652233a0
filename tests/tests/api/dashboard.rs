//! `GET /api/dashboard`: exact figures for a seeded range, days and hours on the organization's
//! clocks (New York with its daylight saving time, Tokyo without), zero-filled buckets of the
//! length the range calls for, the range's defaults, its errors, who may read it, and that no
//! organization's calls or to-dos count in another's dashboard.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, todo};
use loquent_shared::{
    Dashboard, DashboardBucket, DashboardSetup, DashboardStats, Role, TodoCounts,
};
use loquent_tests::client::{error, field_error, json};
use loquent_tests::fixtures::{CallFixture, insert_call};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::reports::{at, insert_todo, set_timezone, shape_call};

/// A call from `from` to the organization (or to `from`, when outbound) that started `when`.
async fn call_at(
    app: &TestApp,
    org: &SignedIn,
    from: &str,
    when: &str,
    direction: &str,
    status: &str,
    secs: Option<i32>,
) -> CallFixture {
    let call = insert_call(app, org.me.organization.id, None, from, "+14155550100").await;
    shape_call(app, call.id, at(when), status, secs).await;
    let mut conn = app.conn().await;
    diesel::update(call::table.find(call.id))
        .set(call::direction.eq(direction))
        .execute(&mut conn)
        .await
        .expect("setting the direction");
    call
}

/// A to-do with `status`, created `when`.
async fn todo_at(app: &TestApp, org: &SignedIn, status: &str, when: &str) -> Uuid {
    let id = insert_todo(app, org.me.organization.id, None, "Call back", status).await;
    let mut conn = app.conn().await;
    diesel::update(todo::table.find(id))
        .set(todo::created_at.eq(at(when)))
        .execute(&mut conn)
        .await
        .expect("dating the to-do");
    id
}

async fn dashboard(who: &SignedIn, query: &str) -> Dashboard {
    json(who.client.get(&format!("/api/dashboard?{query}")).await, StatusCode::OK).await
}

/// The heatmap's non-empty cells, as (weekday, hour, calls).
fn busy_cells(d: &Dashboard) -> Vec<(u8, u8, i64)> {
    d.heatmap.iter().filter(|c| c.calls > 0).map(|c| (c.weekday, c.hour, c.calls)).collect()
}

/// The volume as (start, calls, answered by agent).
fn volume(d: &Dashboard) -> Vec<(&str, i64, i64)> {
    d.volume.iter().map(|b| (b.start.as_str(), b.calls, b.answered_by_agent)).collect()
}

#[tokio::test]
async fn a_week_in_new_york_adds_up_exactly_and_counts_no_other_organizations_calls() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let (acme, globex) = app.two_orgs().await;
    set_timezone(&acme, "America/New_York").await;
    let (ada, bob, cy, dee, eve) =
        ("+14155550101", "+14155550102", "+14155550103", "+14155550104", "+14155550105");
    // Mon 2 Mar 2026 00:00 EST to Mon 9 Mar 00:00 EDT: clocks went forward at 02:00 on Sunday.
    let range = "from=2026-03-02T05:00:00Z&to=2026-03-09T04:00:00Z";
    // Sun 1 Mar 23:59:59 EST, and Mon 9 Mar 00:00 EDT: just outside.
    call_at(&app, &acme, ada, "2026-03-02T04:59:59Z", "inbound", "completed", Some(999)).await;
    call_at(&app, &acme, ada, "2026-03-09T04:00:00Z", "inbound", "completed", Some(999)).await;
    // Mon 10:00 and 23:30, Tue 00:30, Wed 09:00 (outbound: a person called, not the agent).
    call_at(&app, &acme, ada, "2026-03-02T15:00:00Z", "inbound", "completed", Some(60)).await;
    call_at(&app, &acme, bob, "2026-03-03T04:30:00Z", "inbound", "completed", Some(120)).await;
    call_at(&app, &acme, bob, "2026-03-03T05:30:00Z", "inbound", "no-answer", None).await;
    call_at(&app, &acme, cy, "2026-03-04T14:00:00Z", "outbound", "completed", Some(300)).await;
    // Sun 01:30 EST, 03:30 EDT (an hour later by the clock that skipped 02:00) and 23:59:59 EDT.
    let busy = call_at(&app, &acme, dee, "2026-03-08T06:30:00Z", "inbound", "busy", None).await;
    call_at(&app, &acme, eve, "2026-03-08T07:30:00Z", "inbound", "completed", Some(90)).await;
    call_at(&app, &acme, ada, "2026-03-09T03:59:59Z", "inbound", "completed", Some(33)).await;
    // A call whose caller Loquent couldn't tell is no contact.
    let mut conn = app.conn().await;
    diesel::update(call::table.find(busy.id))
        .set(call::contact_id.eq(None::<Uuid>))
        .execute(&mut conn)
        .await
        .expect("forgetting the contact");
    todo_at(&app, &acme, "pending_review", "2026-03-03T12:00:00Z").await;
    todo_at(&app, &acme, "pending_review", "2026-03-09T03:00:00Z").await;
    todo_at(&app, &acme, "approved", "2026-03-05T12:00:00Z").await;
    todo_at(&app, &acme, "pending_review", "2026-03-09T04:00:00Z").await;
    call_at(&app, &globex, ada, "2026-03-04T14:00:00Z", "inbound", "completed", Some(10)).await;
    todo_at(&app, &globex, "pending_review", "2026-03-04T14:00:00Z").await;

    let d = dashboard(&acme, range).await;

    assert_eq!(d.timezone, "America/New_York");
    assert_eq!((d.from, d.to), (Some(at("2026-03-02T05:00:00Z")), at("2026-03-09T04:00:00Z")));
    assert_eq!(
        d.stats,
        DashboardStats {
            calls: 7,
            answered_by_agent: 4,
            // (60 + 120 + 300 + 90 + 33) / 5 = 120.6: the outbound call counts, rounded up.
            avg_duration_secs: Some(121),
            pending_todos: 2,
            // Ada, Bob, Cy and Eve; the busy call has no contact.
            active_contacts: 4,
        }
    );
    assert_eq!(d.bucket, DashboardBucket::Day);
    assert_eq!(
        volume(&d),
        [
            ("2026-03-02", 2, 2),
            ("2026-03-03", 1, 0),
            ("2026-03-04", 1, 0),
            ("2026-03-05", 0, 0),
            ("2026-03-06", 0, 0),
            ("2026-03-07", 0, 0),
            ("2026-03-08", 3, 2),
        ]
    );
    assert_eq!(d.heatmap.len(), 168);
    let cells: Vec<(u8, u8)> = d.heatmap.iter().map(|c| (c.weekday, c.hour)).collect();
    let every: Vec<(u8, u8)> = (0..7).flat_map(|w| (0..24).map(move |h| (w, h))).collect();
    assert_eq!(cells, every, "Monday 00:00 first, every cell once");
    assert_eq!(
        busy_cells(&d),
        [(0, 10, 1), (0, 23, 1), (1, 0, 1), (2, 9, 1), (6, 1, 1), (6, 3, 1), (6, 23, 1)]
    );
    assert_eq!(d.todos, TodoCounts { pending_review: 2, approved: 1, ..TodoCounts::default() });

    let theirs = dashboard(&globex, range).await;
    assert_eq!(theirs.timezone, "UTC");
    assert_eq!(
        theirs.stats,
        DashboardStats {
            calls: 1,
            answered_by_agent: 1,
            avg_duration_secs: Some(10),
            pending_todos: 1,
            active_contacts: 1,
        }
    );
    assert_eq!(busy_cells(&theirs), [(2, 14, 1)], "Wednesday 14:00 UTC");
    assert_eq!(theirs.volume.iter().map(|b| b.calls).sum::<i64>(), 1);
}

#[tokio::test]
async fn the_same_instants_fall_on_each_organizations_own_clocks() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let (new_york, tokyo) = app.two_orgs().await;
    set_timezone(&new_york, "America/New_York").await;
    set_timezone(&tokyo, "Asia/Tokyo").await;
    for org in [&new_york, &tokyo] {
        // 23:30 and 00:30 in New York (Mon, Tue); 13:30 and 14:30 on Tuesday in Tokyo.
        call_at(&app, org, "+14155550101", "2026-03-03T04:30:00Z", "inbound", "completed", None)
            .await;
        call_at(&app, org, "+14155550102", "2026-03-03T05:30:00Z", "inbound", "completed", None)
            .await;
        // 23:30 and 00:30 in Tokyo (Tue, Wed).
        call_at(&app, org, "+14155550103", "2026-03-03T14:30:00Z", "inbound", "completed", None)
            .await;
        call_at(&app, org, "+14155550104", "2026-03-03T15:30:00Z", "inbound", "completed", None)
            .await;
    }
    let range = "from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z";

    let ny = dashboard(&new_york, range).await;
    let jp = dashboard(&tokyo, range).await;

    assert_eq!(busy_cells(&ny), [(0, 23, 1), (1, 0, 1), (1, 9, 1), (1, 10, 1)]);
    assert_eq!(busy_cells(&jp), [(1, 13, 1), (1, 14, 1), (1, 23, 1), (2, 0, 1)]);
    // New York: 28 Feb 19:00 EST to 4 Mar 19:00; Tokyo: 1 Mar 09:00 JST to 5 Mar 09:00.
    assert_eq!(
        volume(&ny),
        [
            ("2026-02-28", 0, 0),
            ("2026-03-01", 0, 0),
            ("2026-03-02", 1, 1),
            ("2026-03-03", 3, 3),
            ("2026-03-04", 0, 0),
        ]
    );
    assert_eq!(
        volume(&jp),
        [
            ("2026-03-01", 0, 0),
            ("2026-03-02", 0, 0),
            ("2026-03-03", 3, 3),
            ("2026-03-04", 1, 1),
            ("2026-03-05", 0, 0),
        ]
    );
    assert_eq!(jp.stats.avg_duration_secs, None, "completed calls without a duration");
}

#[tokio::test]
async fn the_day_clocks_go_back_has_25_hours_and_its_repeated_hour_is_one_cell() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let acme = app.sign_up("Acme Dental").await;
    set_timezone(&acme, "America/New_York").await;
    // Sun 1 Nov 2026: 01:30 EDT, then 01:30 EST an hour later, and 23:30 EST.
    for when in ["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T04:30:00Z"] {
        call_at(&app, &acme, "+14155550101", when, "inbound", "completed", Some(60)).await;
    }

    // Local midnight to midnight: 25 hours.
    let d = dashboard(&acme, "from=2026-11-01T04:00:00Z&to=2026-11-02T05:00:00Z").await;

    assert_eq!(volume(&d), [("2026-11-01", 3, 3)]);
    assert_eq!(busy_cells(&d), [(6, 1, 2), (6, 23, 1)]);
}

#[tokio::test]
async fn the_ranges_length_picks_days_weeks_or_months_every_one_listed() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let acme = app.sign_up("Acme Dental").await;
    call_at(&app, &acme, "+14155550101", "2026-01-02T12:00:00Z", "inbound", "completed", None)
        .await;
    call_at(&app, &acme, "+14155550102", "2026-03-31T12:00:00Z", "outbound", "completed", None)
        .await;

    // 1 January to 2 April: 92 days.
    let days = dashboard(&acme, "from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:00Z").await;
    // A second into 3 April: 93 days, in weeks from Monday 29 December to Monday 30 March.
    let weeks = dashboard(&acme, "from=2026-01-01T00:00:00Z&to=2026-04-03T00:00:01Z").await;
    // 2024 and 2025: 731 days, still weeks; a day more, months.
    let two_years = dashboard(&acme, "from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").await;
    let months = dashboard(&acme, "from=2024-01-01T00:00:00Z&to=2026-04-01T00:00:00Z").await;

    assert_eq!(days.bucket, DashboardBucket::Day);
    assert_eq!(days.volume.len(), 92);
    assert_eq!(volume(&days)[1], ("2026-01-02", 1, 1));
    assert_eq!(volume(&days)[89], ("2026-03-31", 1, 0));
    assert_eq!(days.volume.iter().filter(|b| b.calls == 0).count(), 90);

    assert_eq!(weeks.bucket, DashboardBucket::Week);
    assert_eq!(weeks.volume.len(), 14);
    assert_eq!(volume(&weeks)[0], ("2025-12-29", 1, 1));
    assert_eq!(volume(&weeks)[13], ("2026-03-30", 1, 0));
    assert!(weeks.volume[1..13].iter().all(|b| b.calls == 0));

    assert_eq!(two_years.bucket, DashboardBucket::Week);
    assert_eq!(two_years.volume[0].start, "2024-01-01");
    assert_eq!(two_years.volume.last().map(|b| b.start.as_str()), Some("2025-12-29"));
    assert_eq!(two_years.stats.calls, 0);

    assert_eq!(months.bucket, DashboardBucket::Month);
    let starts: Vec<&str> = months.volume.iter().map(|b| b.start.as_str()).collect();
    assert_eq!(starts.len(), 27);
    assert_eq!((starts[0], starts[12], starts[26]), ("2024-01-01", "2025-01-01", "2026-03-01"));
    assert_eq!(volume(&months)[24], ("2026-01-01", 1, 1));
    assert_eq!(volume(&months)[26], ("2026-03-01", 1, 0));
}

#[tokio::test]
async fn without_a_range_it_runs_from_the_first_call_to_now() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let (acme, globex) = app.two_orgs().await;
    let first = chrono::Utc::now() - chrono::Duration::days(20);
    let first_call =
        call_at(&app, &acme, "+14155550101", &first.to_rfc3339(), "inbound", "completed", None)
            .await;
    insert_call(&app, acme.me.organization.id, None, "+14155550102", "+14155550100").await;
    let mut conn = app.conn().await;
    let stored: chrono::DateTime<chrono::Utc> = call::table
        .find(first_call.id)
        .select(call::created_at)
        .get_result(&mut conn)
        .await
        .expect("the first call");
    crate::agents::create_agent(&acme, "Receptionist").await;
    let before = chrono::Utc::now();

    let d = dashboard(&acme, "").await;
    let quiet = dashboard(&globex, "").await;
    let until_then = dashboard(&acme, &format!("to={}", urlencode(&stored.to_rfc3339()))).await;

    assert_eq!(d.from, Some(stored));
    assert!(d.to >= before && d.to <= chrono::Utc::now(), "to is now");
    assert_eq!((d.stats.calls, d.stats.answered_by_agent), (2, 2));
    assert_eq!(d.bucket, DashboardBucket::Day);
    assert_eq!(d.volume.len(), 21, "the first call's day to today's");

    // The "Get started" steps: an agent, and nothing else yet; the other organization, nothing.
    let setup = DashboardSetup { has_agent: true, ..DashboardSetup::default() };
    assert_eq!((d.setup, quiet.setup), (setup, DashboardSetup::default()));

    assert_eq!(quiet.from, None, "an organization without calls");
    assert_eq!(quiet.stats, DashboardStats::default());
    assert!(quiet.volume.is_empty());
    assert_eq!(quiet.heatmap.len(), 168);
    assert!(quiet.heatmap.iter().all(|c| c.calls == 0));

    // A `to` at the first call (excluded) leaves nothing.
    assert_eq!(until_then.from, Some(stored));
    assert_eq!(until_then.stats.calls, 0);
    assert!(until_then.volume.is_empty());
}

#[tokio::test]
async fn a_bad_range_is_400_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let acme = app.sign_up("Acme Dental").await;
    let get = async |query: &str| acme.client.get(&format!("/api/dashboard?{query}")).await;

    let after = get("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z").await;
    field_error(after, StatusCode::BAD_REQUEST, "invalid_query", "from").await;
    field_error(get("from=yesterday").await, StatusCode::BAD_REQUEST, "invalid_query", "from")
        .await;
    let no_offset = get("from=2026-03-02T00:00:00").await;
    field_error(no_offset, StatusCode::BAD_REQUEST, "invalid_query", "from").await;
    // Months are buckets: a range from year 1 is refused rather than answered 24,000 of them.
    let ages = get("from=0001-01-01T00:00:00Z&to=2026-03-01T00:00:00Z").await;
    field_error(ages, StatusCode::BAD_REQUEST, "invalid_query", "from").await;
    let bad_month = get("to=2026-13-01T00:00:00Z").await;
    field_error(bad_month, StatusCode::BAD_REQUEST, "invalid_query", "to").await;
    // The call list reads its range the same way.
    let calls = acme.client.get("/api/calls?to=tomorrow").await;
    field_error(calls, StatusCode::BAD_REQUEST, "invalid_query", "to").await;
    // An empty range is a range.
    let at = "2026-03-02T00:00:00Z";
    let empty = dashboard(&acme, &format!("from={at}&to={at}")).await;
    assert!(empty.volume.is_empty());
}

#[tokio::test]
async fn viewers_and_members_read_it_and_strangers_are_401() {
    let app = TestApp::spawn().await;
    let acme = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&acme, Role::Viewer).await;
    let member = app.add_member(&acme, Role::Member).await;

    assert_eq!(dashboard(&viewer, "").await.timezone, "UTC");
    assert_eq!(dashboard(&member, "").await.timezone, "UTC");
    error(app.client().get("/api/dashboard").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
