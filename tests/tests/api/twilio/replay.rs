//! `POST /twilio/voice` asked again about a call Loquent already has: Twilio retrying while the
//! call is going gets the same answer and no second provider session; a replay for a call that
//! is over is hung up on, and neither it nor a replayed media stream starts the call again.
//! (The recording and call-status callbacks' replays: `recording.rs`, `outbound.rs`.)

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::call;
use loquent_tests::agent_line::{AgentLine, CALLER, agent, both_tools};
use loquent_tests::fakes::realtime::FakeRealtime;
use loquent_tests::fixtures::{eventually, post_signed};
use loquent_tests::media_stream::MediaStream;
use reqwest::StatusCode;

const WAIT: Duration = Duration::from_secs(10);
const HANG_UP: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>"#;

struct Line {
    realtime: FakeRealtime,
    line: AgentLine,
}

async fn line() -> Line {
    let realtime = FakeRealtime::start().await;
    let vars = [
        ("OPENAI_BASE_URL", realtime.base_url.as_str()),
        ("OPENAI_API_KEY", realtime.api_key.as_str()),
    ];
    let line =
        AgentLine::start(&vars, &agent("openai", "semantic_vad", "high", both_tools())).await;
    Line { realtime, line }
}

impl Line {
    /// Twilio's voice webhook for `call_sid`, signed; the TwiML answered.
    async fn voice(&self, call_sid: &str) -> String {
        let own = &self.line.own;
        let params = [
            ("AccountSid", own.account_sid.as_str()),
            ("CallSid", call_sid),
            ("From", CALLER),
            ("To", own.phone.number.as_str()),
            ("CallStatus", "ringing"),
            ("Direction", "inbound"),
        ];
        let res = post_signed(&self.line.app, "/twilio/voice", &params, &own.token).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.expect("TwiML")
    }

    /// The call rows with `call_sid`: (status, whether it ended).
    async fn rows(&self, call_sid: &str) -> Vec<(String, bool)> {
        let mut conn = self.line.app.conn().await;
        let rows: Vec<(String, Option<chrono::DateTime<chrono::Utc>>)> = call::table
            .filter(call::call_sid.eq(call_sid))
            .select((call::status, call::ended_at))
            .load(&mut conn)
            .await
            .expect("calls");
        rows.into_iter().map(|(status, ended)| (status, ended.is_some())).collect()
    }

    /// A whole call: the voice webhook, the stream with its provider session, the caller
    /// hanging up. Returns the first answer.
    async fn finished_call(&self, call_sid: &str) -> String {
        let twiml = self.voice(call_sid).await;
        assert!(twiml.contains("<Stream"), "{twiml}");
        let mut stream = MediaStream::open_call(&self.line.dial(), call_sid.to_string()).await;
        self.realtime.wait_for_session(WAIT).await.expect("a provider session");
        stream.stop().await;
        eventually(10, "the call to end", || async {
            self.rows(call_sid).await == [("completed".to_string(), true)]
        })
        .await;
        twiml
    }
}

fn new_sid() -> String {
    format!("CA{}", uuid::Uuid::new_v4().simple())
}

#[tokio::test]
async fn a_replayed_voice_webhook_for_a_finished_call_hangs_up_and_starts_nothing() {
    let l = line().await;
    let sid = new_sid();
    l.finished_call(&sid).await;
    let sessions = l.realtime.connections();

    let replayed = l.voice(&sid).await;
    let again = l.voice(&sid).await;

    assert_eq!(replayed, HANG_UP);
    assert_eq!(again, HANG_UP);
    // Nothing opened in the background either.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(l.realtime.connections(), sessions, "no provider session for a finished call");
    assert_eq!(l.rows(&sid).await, [("completed".to_string(), true)], "one call, still over");
}

#[tokio::test]
async fn a_replayed_media_stream_for_a_finished_call_leaves_it_over() {
    let l = line().await;
    let sid = new_sid();
    l.finished_call(&sid).await;

    let mut stream = MediaStream::open_call(&l.line.dial(), sid.clone()).await;

    assert!(stream.closed_by_server(WAIT).await, "the replayed stream is closed");
    assert_eq!(l.rows(&sid).await, [("completed".to_string(), true)], "not in progress again");
}

#[tokio::test]
async fn twilio_asking_again_about_a_call_in_progress_gets_the_same_answer_and_no_new_session() {
    let l = line().await;
    let sid = new_sid();
    let first = l.voice(&sid).await;
    let mut stream = MediaStream::open_call(&l.line.dial(), sid.clone()).await;
    l.realtime.wait_for_session(WAIT).await.expect("a provider session");
    eventually(5, "the call to be recorded", || async { !l.rows(&sid).await.is_empty() }).await;
    let sessions = l.realtime.connections();

    let again = l.voice(&sid).await;

    assert_eq!(again, first, "the same TwiML");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(l.realtime.connections(), sessions, "no second provider session");
    assert_eq!(l.rows(&sid).await, [("in-progress".to_string(), false)], "one call, going");
    stream.stop().await;
}
