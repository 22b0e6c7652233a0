//! The demo workspace: `loquent seed-demo` fills an empty demo organization with a month of
//! sample data (once, and never over data of its own), `GET /api/me` says so, the seeded
//! recordings play, and `DELETE /api/demo-data` clears exactly what was seeded.

use std::collections::BTreeMap;

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_server::mods::demo::Seeded;
use loquent_server::mods::demo::command::{Mode, Outcome, seed_demo};
use loquent_shared::{CallDetails, CallPage, Me, Phone, Role, TodoCounts, TodoStatus, Weekday};
use loquent_tests::client::{error, json};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

const EMAIL: &str = "demo@loquent.dev";
const PASSWORD: &str = "demo password 1234";

/// What `loquent seed-demo [--empty] EMAIL PASSWORD` does, against the test server's database
/// and recording store.
async fn seed(app: &TestApp, mode: Mode) -> Outcome {
    let state = &app.state;
    seed_demo(&state.pool, &state.store, &state.config, EMAIL, PASSWORD, mode)
        .await
        .expect("seed-demo")
}

/// The demo owner, signed in.
async fn sign_in(app: &TestApp) -> SignedIn {
    let client = app.client();
    let body = json!({"email": EMAIL, "password": PASSWORD});
    let me: Me = json(client.post("/api/auth/login", &body).await, StatusCode::OK).await;
    SignedIn { client, me, email: EMAIL.into(), password: PASSWORD.into() }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The organization's rows in every table the demo touches.
async fn rows(conn: &mut AsyncPgConnection, org: Uuid) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for table in [
        "agent",
        "analyzer",
        "phone_number",
        "phone_number_analyzer",
        "contact",
        "contact_phone",
        "contact_email",
        "call",
        "call_analysis_run",
        "todo",
        "todo_type",
        "mail_message",
        "member",
    ] {
        let count: Count = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {table} WHERE organization_id = $1"
        ))
        .bind::<SqlUuid, _>(org)
        .get_result(conn)
        .await
        .unwrap_or_else(|e| panic!("counting {table}: {e}"));
        out.insert(table, count.n);
    }
    out
}

#[derive(QueryableByName)]
struct Fingerprint {
    #[diesel(sql_type = Text)]
    digest: String,
}

/// A digest of every demo row's content and timestamps: equal digests, unchanged rows.
async fn fingerprint(conn: &mut AsyncPgConnection, org: Uuid) -> String {
    let query = "SELECT md5(concat_ws('|',
        (SELECT string_agg(c::text, ',' ORDER BY c.id) FROM call c WHERE organization_id = $1),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM todo t WHERE organization_id = $1),
        (SELECT string_agg(k::text, ',' ORDER BY k.id) FROM contact k WHERE organization_id = $1),
        (SELECT string_agg(m::text, ',' ORDER BY m.id) FROM mail_message m WHERE organization_id = $1),
        (SELECT string_agg(r::text, ',' ORDER BY r.id) FROM call_analysis_run r WHERE organization_id = $1),
        (SELECT string_agg(o::text, ',') FROM organization o WHERE id = $1))) AS digest";
    let row: Fingerprint = diesel::sql_query(query)
        .bind::<SqlUuid, _>(org)
        .get_result(conn)
        .await
        .expect("fingerprint");
    row.digest
}

#[derive(QueryableByName)]
struct Recorded {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    recording_key: String,
}

async fn recorded_calls(conn: &mut AsyncPgConnection, org: Uuid) -> Vec<Recorded> {
    diesel::sql_query(
        "SELECT id, recording_key FROM call \
          WHERE organization_id = $1 AND recording_key IS NOT NULL ORDER BY id",
    )
    .bind::<SqlUuid, _>(org)
    .load(conn)
    .await
    .expect("recorded calls")
}

async fn me(who: &SignedIn) -> Me {
    json(who.client.get("/api/me").await, StatusCode::OK).await
}

#[tokio::test]
async fn seeding_fills_every_table_with_the_month_and_every_todo_status() {
    let app = TestApp::spawn().await;

    let outcome = seed(&app, Mode::Month).await;

    let Some(Seeded::Month(summary)) = outcome.seeded else {
        panic!("not seeded: {outcome:?}");
    };
    let owner = sign_in(&app).await;
    let org = owner.me.organization.id;
    assert_eq!(org, outcome.organization_id);
    assert!(owner.me.organization.demo_data, "login says demo data");
    assert_eq!(owner.me.organization.timezone, "America/New_York");
    assert!(owner.me.organization.address.contains("Boston"), "a profile for its agent");
    let mut conn = app.conn().await;
    let counts = rows(&mut conn, org).await;
    let expected_fixed = [
        ("agent", 1),
        ("analyzer", 3),
        ("phone_number", 2),
        ("phone_number_analyzer", 6),
        ("contact", 40),
        ("contact_phone", 40),
        ("call", 300),
        ("todo_type", 3),
        ("member", 1),
    ];
    for (table, n) in expected_fixed {
        assert_eq!(counts[table], n, "{table}: {counts:?}");
    }
    assert!((15..40).contains(&counts["contact_email"]), "{counts:?}");
    let answered = i64::try_from(summary.answered).expect("small");
    assert!((240..295).contains(&answered), "{summary:?}");
    assert_eq!(counts["call_analysis_run"], answered * 3);
    assert_eq!(counts["todo"], i64::try_from(summary.todos).expect("small"));
    assert!((40..140).contains(&counts["todo"]), "{counts:?}");
    assert_eq!(counts["mail_message"], i64::try_from(summary.mail.total()).expect("small"));
    assert_eq!((summary.mail.call_reports, summary.mail.digests), (3, 1));
    assert!(summary.mail.todo_emails > 0);
    assert_eq!(summary.recordings, 5);
    assert!(summary.elapsed.as_secs_f64() < 10.0, "{summary:?}");

    // Through the API, as the web app reads it.
    let todo_counts: TodoCounts =
        json(owner.client.get("/api/todos/counts").await, StatusCode::OK).await;
    for status in TodoStatus::ALL {
        assert!(todo_counts.get(status) > 0, "no {status:?} to-do: {todo_counts:?}");
    }
    let page: CallPage = json(owner.client.get("/api/calls?limit=50").await, StatusCode::OK).await;
    assert_eq!(page.items.len(), 50);
    assert!(page.items.iter().all(|c| !c.processing), "seeded calls are finished");
    let answered_call = page.items.iter().find(|c| c.has_transcription).expect("answered call");
    let details: CallDetails =
        json(owner.client.get(&format!("/api/calls/{}", answered_call.id)).await, StatusCode::OK)
            .await;
    assert!(details.transcript_turns.as_ref().is_some_and(|t| t.len() >= 4), "{details:?}");
    assert_eq!(details.analysis_groups.len(), 3);
    assert!(details.call.contact_name.is_some());
    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    assert_eq!(phones.len(), 2);
    for phone in &phones {
        // A number's page loads without any Twilio account.
        let one: Phone =
            json(owner.client.get(&format!("/api/phones/{}", phone.id)).await, StatusCode::OK)
                .await;
        assert!(one.routes_to_loquent && one.agent_id.is_some(), "{one:?}");
    }
    let outbox: serde_json::Value =
        json(owner.client.get("/api/mail/outbox?limit=100").await, StatusCode::OK).await;
    let items = outbox["items"].as_array().expect("items");
    assert!(items.iter().all(|m| m["status"] == "outbox"), "{outbox}");
    for kind in ["call_report", "daily_digest", "todo_action"] {
        assert!(items.iter().any(|m| m["kind"] == kind), "no {kind} in {outbox}");
    }
    // The to-do in progress has its action queued, a little later: it won't stay in progress.
    let queued: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM job WHERE kind = 'run_todo_action' AND status = 'queued' \
           AND run_at > now() + interval '1 minute'",
    )
    .get_result(&mut app.conn().await)
    .await
    .expect("jobs");
    assert_eq!(queued.n, 1);
    // Reports go to the owner, after each call and every morning.
    let reporting: serde_json::Value =
        json(owner.client.get("/api/report-settings").await, StatusCode::OK).await;
    assert_eq!(reporting["member_ids"], json!([owner.me.member.id]));
    assert_eq!(
        (reporting["call_reports"].as_bool(), reporting["daily_digest"].as_bool()),
        (Some(true), Some(true))
    );
}

#[tokio::test]
async fn seeding_again_changes_nothing() {
    let app = TestApp::spawn().await;
    let first = seed(&app, Mode::Month).await;
    let org = first.organization_id;
    let mut conn = app.conn().await;
    let (before, digest) = (rows(&mut conn, org).await, fingerprint(&mut conn, org).await);

    let again = seed(&app, Mode::Month).await;

    assert_eq!(again.organization_id, org);
    assert_eq!(again.seeded, Some(Seeded::AlreadySeeded));
    assert_eq!(rows(&mut conn, org).await, before);
    assert_eq!(fingerprint(&mut conn, org).await, digest);
}

#[tokio::test]
async fn an_organization_with_data_of_its_own_is_not_seeded() {
    let app = TestApp::spawn().await;
    seed(&app, Mode::LoginOnly).await;
    let owner = sign_in(&app).await;
    let contact = json!({"first_name": "Zed", "phones": [{"number": "+14155550999"}]});
    assert_eq!(owner.client.post("/api/contacts", &contact).await.status(), StatusCode::CREATED);

    let outcome = seed(&app, Mode::Month).await;

    assert_eq!(outcome.seeded, Some(Seeded::HasData));
    let counts = rows(&mut app.conn().await, owner.me.organization.id).await;
    assert_eq!((counts["contact"], counts["call"], counts["agent"]), (1, 0, 0), "{counts:?}");
    assert!(!me(&owner).await.organization.demo_data);
}

#[tokio::test]
async fn empty_creates_only_the_login() {
    let app = TestApp::spawn().await;

    let outcome = seed(&app, Mode::LoginOnly).await;

    assert_eq!(outcome.seeded, None);
    let owner = sign_in(&app).await;
    assert_eq!(owner.me.organization.id, outcome.organization_id);
    assert_eq!(owner.me.organization.name, "Demo Dental Clinic");
    assert_eq!(owner.me.member.role, Role::Owner);
    assert!(!owner.me.organization.demo_data);
    let counts = rows(&mut app.conn().await, outcome.organization_id).await;
    let only: Vec<(&str, i64)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(only, [("member", 1), ("todo_type", 3)]);
}

#[tokio::test]
async fn the_seeded_recordings_play() {
    let app = TestApp::spawn().await;
    seed(&app, Mode::Month).await;
    let owner = sign_in(&app).await;
    let recorded = recorded_calls(&mut app.conn().await, owner.me.organization.id).await;
    assert_eq!(recorded.len(), 5);

    for call in &recorded {
        let res = owner.client.get(&format!("/api/calls/{}/recording", call.id)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok());
        assert_eq!(content_type, Some("audio/wav"));
        let body = res.bytes().await.expect("body");
        assert!(call.recording_key.ends_with(".wav"));
        assert_eq!(&body[..4], b"RIFF");
        // 8 kHz 16-bit mono: two bytes a sample; a call of seconds, not milliseconds.
        assert!(body.len() > 20 * 16_000, "{} bytes", body.len());
    }
    let first = &recorded[0];
    let res = owner
        .client
        .request(reqwest::Method::GET, &format!("/api/calls/{}/recording", first.id))
        .header("range", "bytes=0-43")
        .send()
        .await
        .expect("GET");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(&res.bytes().await.expect("body")[8..12], b"WAVE");
}

#[tokio::test]
async fn clearing_deletes_exactly_the_seeded_rows_and_keeps_what_staff_added() {
    let app = TestApp::spawn().await;
    seed(&app, Mode::Month).await;
    let owner = sign_in(&app).await;
    let org = owner.me.organization.id;
    let contact =
        json!({"first_name": "Zed", "last_name": "Added", "phones": [{"number": "+14155550999"}]});
    let added: serde_json::Value =
        json(owner.client.post("/api/contacts", &contact).await, StatusCode::CREATED).await;
    let analyzer = json!({"name": "Urgency", "prompt": "How urgent was it?"});
    assert_eq!(owner.client.post("/api/analyzers", &analyzer).await.status(), StatusCode::CREATED);
    let recorded = recorded_calls(&mut app.conn().await, org).await;
    let files: Vec<_> =
        recorded.iter().map(|c| app.recordings_dir.path().join(&c.recording_key)).collect();
    assert!(files.iter().all(|f| f.exists()));

    let res = owner.client.delete("/api/demo-data").await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let counts = rows(&mut app.conn().await, org).await;
    let left: Vec<(&str, i64)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        left,
        [("analyzer", 1), ("contact", 1), ("contact_phone", 1), ("member", 1), ("todo_type", 3)]
    );
    let kept: serde_json::Value = json(
        owner.client.get(&format!("/api/contacts/{}", added["id"].as_str().expect("id"))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["last_name"], "Added");
    assert!(files.iter().all(|f| !f.exists()), "recordings removed from the store");
    assert!(!me(&owner).await.organization.demo_data);

    // Idempotent, and the seed command doesn't bring the data back.
    assert_eq!(owner.client.delete("/api/demo-data").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(seed(&app, Mode::Month).await.seeded, Some(Seeded::Cleared));
    assert_eq!(rows(&mut app.conn().await, org).await["call"], 0);
}

#[tokio::test]
async fn only_owners_and_admins_may_clear_and_only_their_own_organization() {
    let app = TestApp::spawn().await;
    seed(&app, Mode::Month).await;
    let owner = sign_in(&app).await;
    let org = owner.me.organization.id;
    let member = app.add_member(&owner, Role::Member).await;
    let before = rows(&mut app.conn().await, org).await;

    error(member.client.delete("/api/demo-data").await, StatusCode::FORBIDDEN, "forbidden").await;
    let other = app.sign_up("Globex Plumbing").await;
    assert!(!other.me.organization.demo_data);
    assert_eq!(other.client.delete("/api/demo-data").await.status(), StatusCode::NO_CONTENT);
    error(app.client().delete("/api/demo-data").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;

    let mut conn = app.conn().await;
    assert_eq!(rows(&mut conn, org).await, before, "nothing of the demo organization went");
    assert!(me(&owner).await.organization.demo_data);
    let admin = app.add_member(&owner, Role::Admin).await;
    assert_eq!(admin.client.delete("/api/demo-data").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(rows(&mut conn, org).await["call"], 0);
}

#[tokio::test]
async fn the_clinic_gets_a_profile_with_the_month_and_keeps_what_staff_wrote() {
    let app = TestApp::spawn().await;
    seed(&app, Mode::LoginOnly).await;
    let owner = sign_in(&app).await;
    let empty = owner.me.organization.clone();
    assert_eq!((empty.description.as_str(), empty.hours.len()), ("", 0), "no sample profile yet");
    let own_address = json!({"address": "1 Staff Street, Boston, MA 02110"});
    let res = owner
        .client
        .request(reqwest::Method::PATCH, "/api/organization")
        .json(&own_address)
        .send()
        .await
        .expect("PATCH");
    assert_eq!(res.status(), StatusCode::OK);

    let outcome = seed(&app, Mode::Month).await;

    assert!(matches!(outcome.seeded, Some(Seeded::Month(_))), "{outcome:?}");
    let org = me(&owner).await.organization;
    assert_eq!(org.address, "1 Staff Street, Boston, MA 02110", "what staff wrote stays");
    assert!(org.description.contains("dental"), "{org:?}");
    assert!(org.website.starts_with("https://"), "{org:?}");
    let days = |day: Weekday| org.hours.iter().filter(|p| p.day == day).count();
    assert_eq!((days(Weekday::Monday), days(Weekday::Friday)), (2, 2), "a lunch break");
    assert_eq!((days(Weekday::Saturday), days(Weekday::Sunday)), (1, 0), "{org:?}");
    let request = loquent_shared::UpdateOrganizationRequest {
        description: Some(org.description.clone()),
        website: Some(org.website.clone()),
        hours: Some(org.hours.clone()),
        ..Default::default()
    };
    assert_eq!(request.validate(), Ok(()), "a profile Settings would accept");

    // Clearing the month leaves the profile: it is the organization's own settings.
    assert_eq!(owner.client.delete("/api/demo-data").await.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(&owner).await.organization.hours, org.hours);
}
