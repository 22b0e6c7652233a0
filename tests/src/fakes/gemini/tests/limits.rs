//! The service's time limits: a connection's lifetime (with `goAway` before its end) and the
//! audio time of a session without context window compression.

use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use super::{FakeGemini, WAIT, connect, docs_setup, session};
use crate::fakes::gemini::{CLOSE_INTERNAL, DEADLINE_EXPIRED, GeminiOptions};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::test]
async fn a_connection_gets_go_away_then_a_1011_close_at_the_end_of_its_lifetime() {
    let options = GeminiOptions {
        connection_lifetime: Some(ms(400)),
        go_away_notice: ms(150),
        audio_session_limit: None,
    };
    let fake = FakeGemini::start_with(options).await;
    let start = Instant::now();
    let mut client = session(&fake, "hi").await;
    assert_eq!(client.recv().await, json!({"goAway": {"timeLeft": "0.150s"}}));
    assert!(start.elapsed() >= ms(250), "{:?}", start.elapsed());
    assert_eq!(fake.go_aways(0), 1);
    let (code, reason) = client.closed().await;
    assert!(start.elapsed() >= ms(400), "{:?}", start.elapsed());
    assert_eq!((code, reason.as_str()), (CLOSE_INTERNAL, DEADLINE_EXPIRED));
    assert!(fake.wait_closed(0, WAIT).await);
    assert_eq!(fake.closed_with(0), Some((CLOSE_INTERNAL, DEADLINE_EXPIRED.into())));

    // The manual goAway is counted too.
    let _other = session(&fake, "hi").await;
    fake.go_away(1).await;
    assert!(fake.go_aways(1) >= 1);
}

#[tokio::test]
async fn without_options_a_connection_lives_on() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    tokio::time::sleep(ms(200)).await;
    assert!(client.silent().await);
    assert_eq!(fake.go_aways(0), 0);
    assert!(!fake.is_closed(0));
}

#[tokio::test]
async fn an_uncompressed_session_ends_at_its_audio_limit_across_resumptions() {
    let options = GeminiOptions { audio_session_limit: Some(ms(600)), ..GeminiOptions::default() };
    let fake = FakeGemini::start_with(options).await;
    let start = Instant::now();
    let mut old = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["sessionResumption"] = json!({});
    old.send(setup.clone()).await;
    old.recv().await;
    let handle = old.recv().await["sessionResumptionUpdate"]["newHandle"].clone();
    old.ws.close(None).await.expect("closed");
    assert!(fake.wait_closed(0, WAIT).await);
    // Far enough into the session that the resumed connection's own clock would end later.
    tokio::time::sleep_until(start + ms(300)).await;

    let mut new = connect(&fake).await;
    setup["setup"]["sessionResumption"] = json!({"handle": handle});
    new.send(setup).await;
    assert_eq!(new.recv().await, json!({"setupComplete": {}}));
    let resumed_at = start.elapsed();
    let (code, reason) = new.closed().await;
    assert_eq!((code, reason.as_str()), (CLOSE_INTERNAL, DEADLINE_EXPIRED));
    // The session's clock started with the first connection, not the resumed one.
    assert!(start.elapsed() >= ms(600), "{:?}", start.elapsed());
    assert!(start.elapsed() < resumed_at + ms(600), "{:?} after {resumed_at:?}", start.elapsed());
    assert_eq!(fake.go_aways(1), 0);
}

#[tokio::test]
async fn a_compressed_session_has_no_audio_limit() {
    let options = GeminiOptions { audio_session_limit: Some(ms(100)), ..GeminiOptions::default() };
    let fake = FakeGemini::start_with(options).await;
    let mut client = connect(&fake).await;
    let mut setup = docs_setup("hi");
    setup["setup"]["contextWindowCompression"] = json!({"slidingWindow": {}});
    client.send(setup).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));
    tokio::time::sleep(ms(300)).await;
    assert!(client.silent().await);
    assert!(!fake.is_closed(0));
}
