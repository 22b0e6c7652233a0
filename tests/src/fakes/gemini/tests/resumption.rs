//! Session resumption: handles when the session can be resumed, and a session continued on a
//! new connection from one.

use serde_json::{Value, json};

use super::{
    CLOSE_INVALID, Client, FakeGemini, SHORT, WAIT, connect, docs_setup, session, turn_complete,
};
use crate::fakes::gemini::CLOSE_INTERNAL;

/// A setup that asks for resumption handles (resuming `handle`, if given).
fn resumable_setup(handle: Option<&str>) -> Value {
    let mut setup = docs_setup("hi");
    setup["setup"]["sessionResumption"] = match handle {
        Some(handle) => json!({"handle": handle}),
        None => json!({}),
    };
    setup
}

/// The handle of a `sessionResumptionUpdate`.
fn new_handle(message: &Value) -> String {
    assert_eq!(message["sessionResumptionUpdate"]["resumable"], true, "{message}");
    message["sessionResumptionUpdate"]["newHandle"].as_str().expect("a handle").to_string()
}

/// A connection whose resumable setup was answered; returns it and its first handle.
async fn resumable(fake: &FakeGemini, handle: Option<&str>) -> (Client, String) {
    let mut client = connect(fake).await;
    client.send(resumable_setup(handle)).await;
    assert_eq!(client.recv().await, json!({"setupComplete": {}}));
    let handle = new_handle(&client.recv().await);
    (client, handle)
}

fn tool_response(id: &str) -> Value {
    json!({"toolResponse": {"functionResponses": [
        {"id": id, "name": "book_appointment", "response": {"result": "booked"}}]}})
}

#[tokio::test]
async fn handles_come_whenever_the_session_can_be_resumed() {
    let fake = FakeGemini::start().await;
    let (mut client, first) = resumable(&fake, None).await;
    fake.speak_pcm(0, &[1; 960], 2, None).await;
    let turn = client.recv_until(turn_complete).await;
    assert!(turn.iter().all(|m| m.get("sessionResumptionUpdate").is_none()), "{turn:?}");
    let second = new_handle(&client.recv().await);

    // A call awaits its response: no handle after the turn, one after the response.
    let id = fake.call_tool(0, "book_appointment", json!({})).await;
    client.recv().await;
    fake.speak_pcm(0, &[1; 960], 1, None).await;
    client.recv_until(turn_complete).await;
    assert!(client.silent().await);
    client.send(tool_response(&id)).await;
    let third = new_handle(&client.recv().await);

    assert_eq!(fake.handles(0), [first.clone(), second.clone(), third.clone()]);
    assert!(first != second && second != third);
    assert_eq!(fake.resumed_from(0), None);
}

#[tokio::test]
async fn without_session_resumption_in_the_setup_there_are_no_handles() {
    let fake = FakeGemini::start().await;
    let mut client = session(&fake, "hi").await;
    fake.speak_pcm(0, &[1; 960], 1, None).await;
    client.recv_until(turn_complete).await;
    assert!(client.silent().await);
    assert!(fake.handles(0).is_empty());
}

#[tokio::test]
async fn a_handle_resumes_its_session_with_its_pending_calls() {
    let fake = FakeGemini::start().await;
    let (mut old, handle) = resumable(&fake, None).await;
    let id = fake.call_tool(0, "book_appointment", json!({})).await;
    old.recv().await;
    old.ws.close(None).await.expect("closed");
    assert!(fake.wait_closed(0, WAIT).await);

    let mut new = connect(&fake).await;
    new.send(resumable_setup(Some(&handle))).await;
    assert_eq!(new.recv().await, json!({"setupComplete": {}}));
    // The call made on the old connection still awaits its response: no handle yet.
    assert!(new.silent().await);
    assert_eq!(fake.resumed_from(1), Some(0));
    new.send(tool_response(&id)).await;
    let fresh = new_handle(&new.recv().await);
    assert_eq!(fake.handles(1), [fresh]);
    assert_eq!(fake.tool_responses(1).len(), 1);
    assert!(!fake.is_closed(1));
}

#[tokio::test]
async fn a_handle_the_fake_never_issued_is_refused() {
    let fake = FakeGemini::start().await;
    let mut client = connect(&fake).await;
    client.send(resumable_setup(Some("not-a-handle"))).await;
    let (code, reason) = client.closed().await;
    assert_eq!((code, reason.as_str()), (CLOSE_INVALID, "Invalid session handle"));
    assert_eq!(fake.wait_for_session(SHORT).await, None);
}

#[tokio::test]
async fn a_resume_while_the_session_is_still_open_is_refused_with_1011() {
    let fake = FakeGemini::start().await;
    let (mut old, handle) = resumable(&fake, None).await;
    let mut new = connect(&fake).await;
    new.send(resumable_setup(Some(&handle))).await;
    let (code, _) = new.closed().await;
    assert_eq!(code, CLOSE_INTERNAL);
    assert!(!fake.is_closed(0), "the open connection goes on");
    assert_eq!(fake.resumed_from(1), None);

    // Once the old connection is over, a later resume of the same session is taken.
    // The old client reads on, so the closing handshake completes at once.
    let ((), close) = tokio::join!(fake.close(0, 1000, "bye"), old.closed());
    assert_eq!(close.0, 1000);
    let (_newest, _) = resumable(&fake, Some(&handle)).await;
    assert_eq!(fake.resumed_from(2), Some(0));
}
