//! The durable job queue: claiming, leases, retries and the dead state, on the real database.

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::job;
use loquent_server::jobs::{Job, queue};
use loquent_server::mods::contact::enrich::EnrichContact;
use loquent_tests::TestApp;

/// A job the tests only queue, claim and fail (no workers run it).
fn some_job() -> Job {
    Job::EnrichContact(EnrichContact { call_id: uuid::Uuid::nil() })
}

#[tokio::test]
async fn a_job_is_retried_with_backoff_then_dead_after_its_last_attempt() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let mut conn = app.conn().await;
    assert!(queue::enqueue(&mut conn, &some_job(), Some("k".into())).await.expect("enqueue"));
    assert!(
        !queue::enqueue(&mut conn, &some_job(), Some("k".into())).await.expect("enqueue"),
        "deduplicated"
    );
    diesel::update(job::table).set(job::max_attempts.eq(2)).execute(&mut conn).await.expect("max");

    let first =
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").expect("a job");
    assert_eq!(first.attempts, 1);
    assert!(
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").is_none(),
        "leased"
    );
    assert!(!queue::fail(&mut conn, &first, "boom").await.expect("fail"), "not dead yet");
    assert!(
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").is_none(),
        "backing off"
    );
    diesel::update(job::table)
        .set(job::run_at.eq(chrono::Utc::now()))
        .execute(&mut conn)
        .await
        .expect("skip the wait");
    let second =
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").expect("again");
    assert_eq!(second.attempts, 2);
    assert!(queue::fail(&mut conn, &second, "boom again").await.expect("fail"), "dead");

    let (status, error): (String, Option<String>) =
        job::table.select((job::status, job::last_error)).first(&mut conn).await.expect("row");
    assert_eq!((status.as_str(), error.as_deref()), ("dead", Some("boom again")));
    assert!(
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").is_none(),
        "dead jobs stay dead"
    );
}

#[tokio::test]
async fn a_lapsed_lease_is_claimed_again_and_the_stale_worker_cannot_overwrite_it() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let mut conn = app.conn().await;
    queue::enqueue(&mut conn, &some_job(), None).await.expect("enqueue");
    let stale =
        queue::claim(&mut conn, Duration::from_secs(1)).await.expect("claim").expect("a job");
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let fresh =
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").expect("taken over");
    assert_eq!(fresh.id, stale.id);
    queue::fail(&mut conn, &stale, "late news from a dead worker").await.expect("fail");
    let status: String = job::table.select(job::status).first(&mut conn).await.expect("row");
    assert_eq!(status, "running", "the stale claim changed nothing");
    queue::complete(&mut conn, &fresh).await.expect("complete");
    let status: String = job::table.select(job::status).first(&mut conn).await.expect("row");
    assert_eq!(status, "done");
}

#[tokio::test]
async fn concurrent_workers_never_claim_the_same_job() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let mut conn = app.conn().await;
    for _ in 0..30 {
        queue::enqueue(&mut conn, &some_job(), None).await.expect("enqueue");
    }
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let url = app.db.url.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = loquent_tests::db::connect(&url).await;
            let mut mine = Vec::new();
            while let Some(j) =
                queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim")
            {
                mine.push(j.id);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!((count, all.len()), (30, 30));
}

#[tokio::test]
async fn a_postponed_job_waits_its_delay_without_using_up_an_attempt() {
    let app = TestApp::spawn_with(&[("JOB_WORKERS", "0")]).await;
    let mut conn = app.conn().await;
    queue::enqueue(&mut conn, &some_job(), None).await.expect("enqueue");
    let claimed =
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").expect("a job");

    queue::postpone(&mut conn, &claimed, Duration::from_secs(1)).await.expect("postpone");

    let (status, attempts, max): (String, i32, i32) = job::table
        .select((job::status, job::attempts, job::max_attempts))
        .first(&mut conn)
        .await
        .expect("row");
    assert_eq!((status.as_str(), max - attempts), ("queued", 8), "every attempt still left");
    assert!(
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").is_none(),
        "waiting its delay"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let again =
        queue::claim(&mut conn, Duration::from_secs(60)).await.expect("claim").expect("its time");
    assert_eq!(again.id, claimed.id);
    assert!(!again.is_last_attempt());
    assert_eq!(again.created_at, claimed.created_at, "still counted from when it was enqueued");
    // The claim postponed before can't touch the new one.
    queue::postpone(&mut conn, &claimed, Duration::from_secs(60)).await.expect("postpone");
    queue::complete(&mut conn, &claimed).await.expect("complete");
    let status: String = job::table.select(job::status).first(&mut conn).await.expect("row");
    assert_eq!(status, "running");
}
