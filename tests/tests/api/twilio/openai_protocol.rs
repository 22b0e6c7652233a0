//! What OpenAI Realtime holds a client to, end to end against the strict fake: a session is
//! confirmed before audio flows, a refused one ends the call with an apology, failed responses
//! are retried once or apologised for, tool results wait for the active response, only fatal
//! errors end a call, and tools run beside the relay.

use std::time::Duration;

use loquent_tests::agent_line::{AgentLine, agent, both_tools};
use loquent_tests::client::json;
use loquent_tests::fakes::realtime::FakeRealtime;
use loquent_tests::fixtures::eventually;
use loquent_tests::media_stream::{FRAME, MediaStream};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

struct Line {
    realtime: FakeRealtime,
    line: AgentLine,
}

impl std::ops::Deref for Line {
    type Target = AgentLine;
    fn deref(&self) -> &AgentLine {
        &self.line
    }
}

async fn line() -> Line {
    let realtime = FakeRealtime::start().await;
    let vars = [
        ("OPENAI_BASE_URL", realtime.base_url.as_str()),
        ("OPENAI_API_KEY", realtime.api_key.as_str()),
    ];
    let line =
        AgentLine::start(&vars, &agent("openai", "semantic_vad", "auto", both_tools())).await;
    Line { realtime, line }
}

impl Line {
    async fn dial(&self) -> MediaStream {
        self.stream().await
    }

    /// A call whose provider session is configured: the stream and the fake's connection.
    async fn call(&self) -> (MediaStream, usize) {
        let stream = self.stream().await;
        let conn = self.realtime.wait_for_session(WAIT).await.expect("a configured session");
        (stream, conn)
    }

    /// The TwiML Loquent ended the call with through Twilio's REST API, once it has.
    async fn ended_with(&self) -> String {
        eventually(10, "the call ended through Twilio", || async {
            !self.twilio.call_updates().is_empty()
        })
        .await;
        let update = &self.twilio.call_updates()[0];
        update.form.iter().find(|(k, _)| k == "Twiml").map(|(_, v)| v.clone()).unwrap_or_default()
    }

    async fn call_status(&self) -> String {
        let calls: Value = json(self.owner.client.get("/api/calls").await, StatusCode::OK).await;
        calls["items"][0]["status"].as_str().unwrap_or_default().to_string()
    }
}

fn apology(twiml: &str) -> bool {
    twiml.contains("<Say") && twiml.contains("<Hangup")
}

#[tokio::test]
async fn a_refused_session_update_is_an_apology_and_a_hang_up() {
    let l = line().await;
    // The model has no voice called marin: OpenAI refuses the update, and the session would
    // stay at 24 kHz PCM, which a phone line plays as noise.
    l.realtime.set_voices(&["alloy", "ash"]);
    let mut stream = l.dial().await;
    stream.stream_audio(&[0xFF; FRAME * 5], None).await;

    assert!(apology(&l.ended_with().await), "the caller hears an apology, then the call ends");
    assert!(l.realtime.wait_closed(0, WAIT).await, "the session is closed");
    assert!(
        l.realtime.events_of_type(0, "input_audio_buffer.append").is_empty(),
        "no audio relayed"
    );
    assert_eq!(l.realtime.rejected(0).len(), 1, "the one refusal: {:?}", l.realtime.rejected(0));
    eventually(5, "the call recorded as failed", || async { l.call_status().await == "failed" })
        .await;
}

#[tokio::test]
async fn a_transient_failure_is_retried_once_and_the_call_goes_on() {
    let l = line().await;
    let (mut stream, conn) = l.call().await;

    l.realtime
        .fail_response(conn, "server_error", "server_error", "The server had an error.")
        .await;
    let retry = l.realtime.wait_for_event(conn, "response.create", 0, WAIT).await;
    assert!(retry.is_some(), "the response is asked for again");
    l.realtime.speak(conn, 5, FRAME, 0x55, None).await;
    let (_, heard) = stream.until("mark", WAIT).await.expect("the retried response is heard");
    assert_eq!(heard, vec![0x55; FRAME]);

    // After a completed response, the next transient failure is worth a retry again; a second
    // one in a row is not.
    l.realtime
        .fail_response(conn, "server_error", "server_error", "The server had an error.")
        .await;
    assert!(l.realtime.wait_for_event(conn, "response.create", 1, WAIT).await.is_some());
    l.realtime
        .fail_response(conn, "server_error", "server_error", "The server had an error.")
        .await;
    assert!(apology(&l.ended_with().await));
    assert_eq!(l.realtime.response_creates(conn), 2, "one retry per failure streak");
    assert!(l.realtime.wait_closed(conn, WAIT).await);
}

#[tokio::test]
async fn a_quota_failure_is_an_apology_at_once() {
    let l = line().await;
    let (_stream, conn) = l.call().await;
    l.realtime
        .fail_response(conn, "insufficient_quota", "insufficient_quota", "You exceeded your quota.")
        .await;
    assert!(apology(&l.ended_with().await));
    assert_eq!(l.realtime.response_creates(conn), 0, "not retried");
    eventually(5, "the call recorded as failed", || async { l.call_status().await == "failed" })
        .await;
}

#[tokio::test]
async fn a_tool_result_waits_until_the_response_is_done() {
    let l = line().await;
    let (_stream, conn) = l.call().await;

    // The model asks for a transfer to a destination that doesn't exist: Loquent's answer is
    // ready at once, but the response that asked is still active.
    let call_id =
        l.realtime.begin_tool_call(conn, "transfer_call", json!({"destination": "Nowhere"})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(l.realtime.events_of_type(conn, "conversation.item.create").is_empty(), "held");
    assert_eq!(l.realtime.response_creates(conn), 0);

    assert!(l.realtime.finish_response(conn).await);
    let output = l
        .realtime
        .wait_for_event(conn, "conversation.item.create", 0, WAIT)
        .await
        .expect("the result once the response is done");
    assert_eq!(output["item"]["call_id"], call_id.as_str());
    assert!(output["item"]["output"].as_str().unwrap_or_default().contains("Nowhere"));
    assert!(l.realtime.wait_for_event(conn, "response.create", 0, WAIT).await.is_some());
    assert!(
        l.realtime.rejected(conn).is_empty(),
        "nothing refused: {:?}",
        l.realtime.rejected(conn)
    );
}

#[tokio::test]
async fn errors_about_one_event_do_not_end_the_call_but_an_expired_session_does() {
    let l = line().await;
    let (mut stream, conn) = l.call().await;
    l.realtime
        .send_error(
            conn,
            "invalid_request_error",
            Some("response_cancel_not_active"),
            "Cancellation failed: no active response found",
        )
        .await;
    l.realtime.send_error(conn, "server_error", None, "The server had an error.").await;

    stream.stream_audio(&[0x11; FRAME * 10], None).await;
    assert!(l.realtime.wait_for_audio(conn, FRAME * 10, WAIT).await, "the call goes on");
    assert!(l.twilio.call_updates().is_empty());

    l.realtime.expire_session(conn).await;
    assert!(apology(&l.ended_with().await));
}

#[tokio::test]
async fn caller_audio_keeps_flowing_while_a_tool_runs() {
    let l = line().await;
    let (mut stream, conn) = l.call().await;
    l.twilio.set_latency(Duration::from_secs(2));

    l.realtime.call_tool(conn, "end_call", json!({})).await;
    eventually(5, "the hang-up request under way", || async {
        !l.twilio.call_updates().is_empty()
    })
    .await;
    stream.stream_audio(&[0x22; FRAME * 25], Some(Duration::from_millis(20))).await;
    assert!(
        l.realtime.wait_for_audio(conn, FRAME * 25, Duration::from_millis(500)).await,
        "every frame reached the model while Twilio was still answering"
    );
    assert!(!l.realtime.is_closed(conn), "the call is still up until Twilio answers");
    assert!(l.realtime.wait_closed(conn, WAIT).await, "then it ends");
}

#[tokio::test]
async fn the_caller_hears_the_agents_last_words_before_the_hang_up() {
    let l = line().await;
    let (mut stream, conn) = l.call().await;

    // The model streams a two-second goodbye faster than real time, then hangs up.
    l.realtime.speak(conn, 100, FRAME, 0x33, None).await;
    l.realtime.call_tool(conn, "end_call", json!({})).await;

    // Twilio plays it in real time, echoing each chunk's mark once it has played.
    for chunk in 0..100 {
        let (mark, _) = stream.until("mark", WAIT).await.expect("a mark per chunk");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let unplayed_ms = (100 - chunk) * 20;
        assert!(
            l.twilio.call_updates().is_empty(),
            "hung up with {unplayed_ms} ms of goodbye unplayed"
        );
        stream.echo_mark(mark["mark"]["name"].as_str().expect("name")).await;
    }
    eventually(5, "the hang-up once the goodbye played", || async {
        !l.twilio.call_updates().is_empty()
    })
    .await;
    let update = &l.twilio.call_updates()[0];
    assert!(update.form.contains(&("Status".to_string(), "completed".to_string())));
}
