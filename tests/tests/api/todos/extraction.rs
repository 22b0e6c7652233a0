//! `extract_todos` against the fake model: the structured-output request, what is stored, a
//! retried job, auto-approval, and the cases that don't ask the model at all.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::{call, job};
use loquent_server::mods::todo::extract::{ExtractTodos, extract_todos};
use loquent_shared::{MailMessagePage, TodoAction, TodoStatus, TodoType};
use loquent_tests::client::json;
use loquent_tests::fixtures::eventually;
use reqwest::StatusCode;
use serde_json::json;

use super::{NEEDLE, World, found, get, todos};

#[tokio::test]
async fn the_model_is_asked_with_a_strict_schema_and_its_todos_are_stored_for_review() {
    let w = World::new().await;
    let call = w.call("+14155550199").await;

    w.extract(
        &call,
        json!([
            found("Call back", " Call Ada\nback about her crown "),
            found("send information", "Send Ada the whitening prices"),
            found("Tarot reading", "Not a type of ours"),
            found("Call back", "   "),
        ]),
    )
    .await;

    let page = todos(&w.owner, &format!("call_id={}", call.id)).await;
    let mut stored: Vec<_> = page
        .items
        .iter()
        .map(|t| {
            (
                t.title.as_str(),
                t.todo_type_name.as_deref(),
                t.action,
                t.status,
                t.contact_id,
                t.email_subject.as_deref(),
            )
        })
        .collect();
    stored.sort_by_key(|t| t.0);
    assert_eq!(
        stored,
        [
            (
                "Call Ada back about her crown",
                Some("Call back"),
                TodoAction::None,
                TodoStatus::PendingReview,
                Some(call.contact_id),
                None
            ),
            (
                "Send Ada the whitening prices",
                Some("Send information"),
                TodoAction::SendEmailToCaller,
                TodoStatus::PendingReview,
                Some(call.contact_id),
                Some("Our whitening prices")
            ),
        ],
        "unknown types and blank titles are dropped; a draft email only where it's sent"
    );
    let chat = w
        .openai
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/chat/completions"))
        .expect("the model was asked");
    let body = chat.body_json.expect("JSON body");
    let format = &body["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["strict"], true);
    let names = &format["json_schema"]["schema"]["properties"]["todos"]["items"]["properties"]["type"]
        ["enum"];
    assert_eq!(names, &json!(["Book appointment", "Call back", "Send information"]));
    let system = body["messages"][0]["content"].as_str().unwrap_or_default();
    assert!(
        system.contains("Bright Smiles")
            && system.contains("Send information (Loquent emails the caller")
    );
    let user = body["messages"][1]["content"].as_str().unwrap_or_default();
    assert!(user.contains(super::TRANSCRIPT));
}

#[tokio::test]
async fn a_retried_extraction_asks_once_and_stores_once() {
    let w = World::new().await;
    let call = w.call("+14155550199").await;
    w.extract(&call, json!([found("Call back", "Call Ada back")])).await;

    let job = ExtractTodos { call_id: call.id, run_key: format!("RE{}", call.id.simple()) };
    extract_todos(&w.app.state, job).await.expect("a second run");

    assert_eq!(w.openai.chat_count(), 1);
    assert_eq!(todos(&w.owner, &format!("call_id={}", call.id)).await.items.len(), 1);
}

#[tokio::test]
async fn a_failed_model_call_stores_nothing_and_is_retried() {
    let w = World::new().await;
    let call = w.call("+14155550199").await;
    w.openai.fail_next("/chat/completions", 503, 1);
    w.openai
        .respond_when(NEEDLE, &json!({"todos": [found("Call back", "Call Ada back")]}).to_string());
    let job = ExtractTodos { call_id: call.id, run_key: "RE1".into() };

    assert!(extract_todos(&w.app.state, job.clone()).await.is_err());
    assert!(todos(&w.owner, &format!("call_id={}", call.id)).await.items.is_empty());
    extract_todos(&w.app.state, job).await.expect("the retry");
    assert_eq!(todos(&w.owner, &format!("call_id={}", call.id)).await.items.len(), 1);
}

#[tokio::test]
async fn an_auto_approving_type_runs_its_action_at_once() {
    let w = World::new().await;
    let desk: TodoType = json(
        w.owner
            .client
            .post(
                "/api/todo-types",
                &json!({"name": "Emergency", "description": "The caller is in pain.",
                        "action": "send_email", "action_email": "oncall@bright.example",
                        "auto_approve": true}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let call = w.call("+14155550199").await;

    w.extract(&call, json!([found("Emergency", "Ada has a broken crown and is in pain")])).await;

    let todo = todos(&w.owner, &format!("todo_type_id={}", desk.id)).await.items.remove(0);
    assert!(matches!(todo.status, TodoStatus::InProgress | TodoStatus::Completed));
    eventually(10, "the action to run", || async {
        get(&w.owner, todo.id).await.status == TodoStatus::Completed
    })
    .await;
    let outbox: MailMessagePage =
        json(w.owner.client.get("/api/mail/outbox").await, StatusCode::OK).await;
    let mail = &outbox.items[0];
    assert_eq!(mail.to, "oncall@bright.example");
    assert_eq!(mail.subject, "To-do: Ada has a broken crown and is in pain");
    assert_eq!(mail.kind, "todo_action");
}

#[tokio::test]
async fn nothing_to_read_or_no_types_means_no_model_call() {
    let w = World::new().await;
    let call = w.call("+14155550199").await;
    let mut conn = w.app.conn().await;

    diesel::update(call::table.find(call.id))
        .set(call::transcription.eq("  "))
        .execute(&mut conn)
        .await
        .expect("silence");
    let job = ExtractTodos { call_id: call.id, run_key: "RE1".into() };
    extract_todos(&w.app.state, job.clone()).await.expect("nothing said");

    diesel::update(call::table.find(call.id))
        .set(call::transcription.eq(None::<String>))
        .execute(&mut conn)
        .await
        .expect("untranscribed");
    assert!(extract_todos(&w.app.state, job.clone()).await.is_err(), "waits for a transcript");

    diesel::update(call::table.find(call.id))
        .set(call::transcription.eq("Hello"))
        .execute(&mut conn)
        .await
        .expect("said something");
    let types: Vec<TodoType> =
        json(w.owner.client.get("/api/todo-types").await, StatusCode::OK).await;
    for t in types {
        w.owner.client.delete(&format!("/api/todo-types/{}", t.id)).await;
    }
    extract_todos(&w.app.state, job).await.expect("no types");

    assert_eq!(w.openai.chat_count(), 0);
    let queued: i64 = job::table
        .filter(job::kind.eq("run_todo_action"))
        .count()
        .get_result(&mut conn)
        .await
        .expect("count");
    assert_eq!(queued, 0);
}
