use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::call;
use loquent_shared::{CallDetails, CallPage, RerunAccepted, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use loquent_tests::fixtures::{eventually, insert_call};
use reqwest::StatusCode;

use crate::twilio::recording::pipeline;

#[tokio::test]
async fn calls_are_listed_newest_first_page_by_page_and_filtered() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let front = app.insert_phone(&owner, "+14155550123").await;
    let back = app.insert_phone(&owner, "+14155550124").await;
    let mut conn = app.conn().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let phone = if i % 2 == 0 { &front } else { &back };
        let c = insert_call(
            &app,
            owner.me.organization.id,
            Some(phone.id),
            &format!("+1415555019{i}"),
            &phone.number,
        )
        .await;
        diesel::update(call::table.find(c.id))
            .set(call::created_at.eq(Utc::now() - Duration::days(5 - i)))
            .execute(&mut conn)
            .await
            .expect("dating the call");
        ids.push(c.id);
    }
    ids.reverse(); // newest first

    let first: CallPage = json(owner.client.get("/api/calls?limit=2").await, StatusCode::OK).await;
    let cursor = first.next_cursor.clone().expect("more pages");
    let second: CallPage = json(
        owner.client.get(&format!("/api/calls?limit=2&cursor={cursor}")).await,
        StatusCode::OK,
    )
    .await;
    let third: CallPage = json(
        owner
            .client
            .get(&format!(
                "/api/calls?limit=2&cursor={}",
                second.next_cursor.clone().expect("more")
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    let seen: Vec<_> =
        first.items.iter().chain(&second.items).chain(&third.items).map(|c| c.id).collect();
    assert_eq!(seen, ids);
    assert!(third.next_cursor.is_none());
    assert_eq!(first.items[0].contact_name, None, "an unnamed caller");
    assert!(first.items[0].from_to_number.ends_with("+14155550123"));

    let on_back: CallPage = json(
        owner.client.get(&format!("/api/calls?phone_number_id={}", back.id)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(on_back.items.len(), 2);
    let from = (Utc::now() - Duration::days(3) - Duration::hours(1)).to_rfc3339();
    let to = (Utc::now() - Duration::days(1) - Duration::hours(1)).to_rfc3339();
    let url = format!("/api/calls?from={}&to={}", urlencode(&from), urlencode(&to));
    let ranged: CallPage = json(owner.client.get(&url).await, StatusCode::OK).await;
    assert_eq!(ranged.items.iter().map(|c| c.id).collect::<Vec<_>>(), ids[1..3].to_vec());
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn bad_list_parameters_are_400() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    for query in [
        "limit=0",
        "limit=201",
        "limit=x",
        "cursor=nonsense",
        "from=yesterday",
        "phone_number_id=3",
    ] {
        let res = owner.client.get(&format!("/api/calls?{query}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    let now = Utc::now();
    let res = owner
        .client
        .get(&format!(
            "/api/calls?from={}&to={}",
            urlencode(&now.to_rfc3339()),
            urlencode(&(now - Duration::days(1)).to_rfc3339())
        ))
        .await;
    error(res, StatusCode::BAD_REQUEST, "invalid_query").await;
}

#[tokio::test]
async fn rerun_appends_runs_and_needs_a_transcription() {
    let p = pipeline(&[]).await;
    let pending = p.owner.client.post_empty(&format!("/api/calls/{}/rerun", p.call.id)).await;
    error(pending, StatusCode::CONFLICT, "no_transcription").await;
    p.post_webhook().await;
    eventually(20, "the pipeline to finish", || p.settled()).await;
    p.openai.respond_when("INTENT-PROMPT", "Reschedule (second opinion).");

    let accepted: RerunAccepted = json(
        p.owner.client.post_empty(&format!("/api/calls/{}/rerun", p.call.id)).await,
        StatusCode::ACCEPTED,
    )
    .await;

    assert_eq!(accepted.analyzers, 2);
    eventually(20, "the rerun's runs", || async { p.runs().await == 4 }).await;
    let details: CallDetails = p.details().await;
    let intent =
        details.analysis_groups.iter().find(|g| g.analyzer_name == "Intent").expect("intent");
    assert_eq!(intent.runs.len(), 2, "appended, not overwritten");
    assert_eq!(intent.runs[0].analysis_text, "Reschedule (second opinion).", "newest first");
    assert!(intent.runs[0].created_at >= intent.runs[1].created_at);
}

#[tokio::test]
async fn recordings_serve_byte_ranges_for_seeking() {
    let p = pipeline(&[]).await;
    let path = format!("/api/calls/{}/recording", p.call.id);
    error(p.owner.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    p.post_webhook().await;
    eventually(20, "the pipeline to finish", || p.settled()).await;
    let total = p.audio.len();
    let get = |range: &'static str| {
        let req = p.owner.client.request(reqwest::Method::GET, &path).header("range", range);
        async move { req.send().await.expect("GET") }
    };

    let full = p.owner.client.get(&path).await;
    assert_eq!(full.status(), StatusCode::OK);
    assert_eq!(full.headers().get("accept-ranges").and_then(|v| v.to_str().ok()), Some("bytes"));
    let head = get("bytes=0-9").await;
    assert_eq!(head.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        head.headers().get("content-range").and_then(|v| v.to_str().ok()),
        Some(format!("bytes 0-9/{total}").as_str())
    );
    assert_eq!(head.bytes().await.expect("body").to_vec(), p.audio[..10]);
    let tail = get("bytes=-100").await;
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.bytes().await.expect("body").to_vec(), p.audio[total - 100..]);
    let open = get("bytes=19000-").await;
    assert_eq!(open.bytes().await.expect("body").to_vec(), p.audio[19000..]);
    error(get("bytes=999999-").await, StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable")
        .await;
}

#[tokio::test]
async fn another_organizations_calls_are_404_everywhere() {
    let p = pipeline(&[]).await;
    p.post_webhook().await;
    eventually(20, "the pipeline to finish", || p.settled()).await;
    let globex = p.app.sign_up("Globex").await;

    for path in [format!("/api/calls/{}", p.call.id), format!("/api/calls/{}/recording", p.call.id)]
    {
        error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    error(
        globex.client.post_empty(&format!("/api/calls/{}/rerun", p.call.id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let listed: CallPage = json(globex.client.get("/api/calls").await, StatusCode::OK).await;
    assert!(listed.items.is_empty());
    let filtered: CallPage = json(
        globex.client.get(&format!("/api/calls?phone_number_id={}", p.phone.id)).await,
        StatusCode::OK,
    )
    .await;
    assert!(filtered.items.is_empty());
    error(
        globex.client.get(&format!("/api/calls?contact_id={}", p.call.contact_id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(p.runs().await, 2, "Globex's rerun changed nothing");
}

#[tokio::test]
async fn a_contacts_calls_are_listed_by_contact() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let org = owner.me.organization.id;
    let grace = insert_call(&app, org, Some(phone.id), "+14155550199", &phone.number).await;
    let again = insert_call(&app, org, Some(phone.id), "+14155550199", &phone.number).await;
    insert_call(&app, org, Some(phone.id), "+14155550188", &phone.number).await;
    assert_eq!(grace.contact_id, again.contact_id, "one contact for one caller");

    let page: CallPage = json(
        owner.client.get(&format!("/api/calls?contact_id={}", grace.contact_id)).await,
        StatusCode::OK,
    )
    .await;
    let mut ids: Vec<_> = page.items.iter().map(|c| c.id).collect();
    ids.sort();
    let mut expected = vec![grace.id, again.id];
    expected.sort();
    assert_eq!(ids, expected);
    error(
        owner.client.get("/api/calls?contact_id=00000000-0000-4000-8000-000000000000").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        owner.client.get("/api/calls?contact_id=grace").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
}

#[tokio::test]
async fn viewers_read_calls_but_cannot_rerun() {
    let p = pipeline(&[]).await;
    p.post_webhook().await;
    eventually(20, "the pipeline to finish", || p.settled()).await;
    let viewer = p.app.add_member(&p.owner, Role::Viewer).await;
    assert_eq!(
        viewer.client.get(&format!("/api/calls/{}", p.call.id)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        viewer.client.get(&format!("/api/calls/{}/recording", p.call.id)).await.status(),
        StatusCode::OK
    );
    error(
        viewer.client.post_empty(&format!("/api/calls/{}/rerun", p.call.id)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    error(p.app.client().get("/api/calls").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;
}
