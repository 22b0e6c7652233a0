//! `/api/todos`: listing with filters and pages, editing, and the status changes people make,
//! with the actions approval runs (an email in the outbox) and how they fail.

use loquent_shared::{
    Contact, MailMessageDetails, MailMessagePage, Member, Role, Todo, TodoCounts, TodoStatus,
};
use loquent_tests::SignedIn;
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::fixtures::eventually;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use super::{World, get, todos};

async fn act(who: &SignedIn, id: Uuid, what: &str) -> reqwest::Response {
    who.client.post_empty(&format!("/api/todos/{id}/{what}")).await
}

async fn patch(who: &SignedIn, id: Uuid, body: serde_json::Value) -> reqwest::Response {
    who.client
        .request(Method::PATCH, &format!("/api/todos/{id}"))
        .json(&body)
        .send()
        .await
        .expect("PATCH")
}

async fn settled(who: &SignedIn, id: Uuid) -> Todo {
    eventually(10, "the action to finish", || async {
        get(who, id).await.status != TodoStatus::InProgress
    })
    .await;
    get(who, id).await
}

async fn outbox(who: &SignedIn) -> MailMessagePage {
    json(who.client.get("/api/mail/outbox").await, StatusCode::OK).await
}

async fn add_email(who: &SignedIn, contact_id: Uuid, email: &str, preferred: bool) {
    let res = who
        .client
        .post(
            &format!("/api/contacts/{contact_id}/emails"),
            &json!({"email": email, "label": "home", "is_preferred": preferred}),
        )
        .await;
    json::<Contact>(res, StatusCode::CREATED).await;
}

#[tokio::test]
async fn approving_an_email_to_the_caller_sends_the_edited_draft_to_their_preferred_address() {
    let w = World::new().await;
    let todo = w.todo("Send information", "+14155550199").await;
    let contact_id = todo.contact_id.expect("the caller");
    add_email(&w.owner, contact_id, "ada.work@example.com", false).await;
    add_email(&w.owner, contact_id, "ada@example.com", true).await;

    let edited: Todo = json(
        patch(
            &w.owner,
            todo.id,
            json!({"email_body": "Hello Ada,\n\nWhitening is $280 this month."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited.email_subject.as_deref(), Some("Our whitening prices"));
    let approved: Todo = json(act(&w.owner, todo.id, "approve").await, StatusCode::OK).await;
    assert_eq!(approved.status, TodoStatus::InProgress);
    let done = settled(&w.owner, todo.id).await;

    assert_eq!((done.status, done.failure_reason), (TodoStatus::Completed, None));
    let page = outbox(&w.owner).await;
    assert_eq!(page.items.len(), 1);
    let message: MailMessageDetails = json(
        w.owner.client.get(&format!("/api/mail/outbox/{}", page.items[0].id)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(message.message.to, "ada@example.com");
    assert_eq!(message.message.subject, "Our whitening prices");
    assert_eq!(message.text, "Hello Ada,\n\nWhitening is $280 this month.");
    assert!(message.html.contains("<p>Whitening is $280 this month.</p>"));
    // Done is done: it can't be approved, rejected or marked done again.
    for what in ["approve", "reject", "done"] {
        error(act(&w.owner, todo.id, what).await, StatusCode::CONFLICT, "wrong_status").await;
    }
    assert_eq!(outbox(&w.owner).await.items.len(), 1, "sent once");
}

#[tokio::test]
async fn a_caller_without_email_fails_in_words_and_can_be_approved_again() {
    let w = World::new().await;
    let todo = w.todo("Send information", "+14155550199").await;

    act(&w.owner, todo.id, "approve").await;
    let failed = settled(&w.owner, todo.id).await;

    assert_eq!(failed.status, TodoStatus::Failed);
    assert_eq!(failed.failure_reason.as_deref(), Some("the contact has no email"));
    assert!(outbox(&w.owner).await.items.is_empty());

    add_email(&w.owner, todo.contact_id.expect("caller"), "ada@example.com", true).await;
    act(&w.owner, todo.id, "approve").await;
    let retried = settled(&w.owner, todo.id).await;
    assert_eq!((retried.status, retried.failure_reason), (TodoStatus::Completed, None));
    assert_eq!(outbox(&w.owner).await.items[0].to, "ada@example.com");
}

#[tokio::test]
async fn a_todo_without_an_action_is_approved_for_a_person_then_marked_done() {
    let w = World::new().await;
    let call_back = w.todo("Call back", "+14155550199").await;
    let other = w.todo("Book appointment", "+14155550198").await;

    let approved: Todo = json(act(&w.owner, call_back.id, "approve").await, StatusCode::OK).await;
    assert_eq!(approved.status, TodoStatus::Approved);
    error(act(&w.owner, call_back.id, "reject").await, StatusCode::CONFLICT, "wrong_status").await;
    let done: Todo = json(act(&w.owner, call_back.id, "done").await, StatusCode::OK).await;
    assert_eq!(done.status, TodoStatus::Done);

    let rejected: Todo = json(act(&w.owner, other.id, "reject").await, StatusCode::OK).await;
    assert_eq!(rejected.status, TodoStatus::Rejected);
    let body =
        error(act(&w.owner, other.id, "done").await, StatusCode::CONFLICT, "wrong_status").await;
    assert_eq!(body.error.message, "this to-do is rejected and can't be marked done");

    let counts: TodoCounts =
        json(w.owner.client.get("/api/todos/counts").await, StatusCode::OK).await;
    assert_eq!(counts, TodoCounts { done: 1, rejected: 1, ..Default::default() });
    assert!(outbox(&w.owner).await.items.is_empty());
}

#[tokio::test]
async fn a_fixed_address_is_told_the_todo_with_a_link_to_the_call() {
    let w = World::new().await;
    w.owner
        .client
        .post(
            "/api/todo-types",
            &json!({"name": "Booking desk", "description": "Anything for the booking desk.",
                    "action": "send_email", "action_email": "desk@bright.example"}),
        )
        .await;
    let todo = w.todo("Booking desk", "+14155550199").await;

    act(&w.owner, todo.id, "approve").await;
    assert_eq!(settled(&w.owner, todo.id).await.status, TodoStatus::Completed);

    let id = outbox(&w.owner).await.items[0].id;
    let message: MailMessageDetails =
        json(w.owner.client.get(&format!("/api/mail/outbox/{id}")).await, StatusCode::OK).await;
    assert_eq!(message.message.to, "desk@bright.example");
    assert_eq!(message.message.subject, "To-do: Follow up with Ada");
    let call_id = todo.call_id.expect("its call");
    assert!(message.text.contains("Caller: +14155550199"), "{}", message.text);
    assert!(message.text.contains(&format!("/calls/{call_id}")), "{}", message.text);
}

#[tokio::test]
async fn lists_filter_by_status_contact_call_and_type_a_page_at_a_time() {
    let w = World::new().await;
    let a = w.todo("Call back", "+14155550199").await;
    let b = w.todo("Book appointment", "+14155550199").await;
    let c = w.todo("Call back", "+14155550188").await;
    act(&w.owner, b.id, "reject").await;

    let ids = |page: loquent_shared::TodoPage| page.items.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(todos(&w.owner, "").await), [c.id, b.id, a.id], "newest first");
    assert_eq!(ids(todos(&w.owner, "status=pending_review").await), [c.id, a.id]);
    assert_eq!(ids(todos(&w.owner, "status=rejected,done").await), [b.id]);
    let contact = a.contact_id.expect("caller");
    assert_eq!(ids(todos(&w.owner, &format!("contact_id={contact}")).await), [b.id, a.id]);
    let kind = w.type_named("Call back").await.id;
    assert_eq!(ids(todos(&w.owner, &format!("todo_type_id={kind}")).await), [c.id, a.id]);

    let first = todos(&w.owner, "limit=2").await;
    let cursor = first.next_cursor.clone().expect("more");
    assert_eq!(ids(first), [c.id, b.id]);
    let second = todos(&w.owner, &format!("limit=2&cursor={cursor}")).await;
    assert!(second.next_cursor.is_none());
    assert_eq!(ids(second), [a.id]);

    let bad = w.owner.client.get("/api/todos?status=finished").await;
    field_error(bad, StatusCode::BAD_REQUEST, "invalid_query", "status").await;
}

#[tokio::test]
async fn edits_change_what_they_name_and_assign_members_of_the_organization_only() {
    let w = World::new().await;
    let todo = w.todo("Call back", "+14155550199").await;
    let member = w.app.add_member(&w.owner, Role::Member).await;
    let outsider = w.app.sign_up("Globex").await;

    let edited: Todo = json(
        patch(
            &w.owner,
            todo.id,
            json!({"title": " Call Ada before noon ", "due_hint": "tomorrow", "assignee_id": member.me.member.id}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited.title, "Call Ada before noon");
    assert_eq!(edited.due_hint.as_deref(), Some("tomorrow"));
    assert_eq!(edited.assignee_name.as_deref(), Some("Added Member"));
    assert_eq!(edited.description, todo.description, "absent fields stay");
    let members: Vec<Member> = json(w.owner.client.get("/api/members").await, StatusCode::OK).await;
    assert_eq!(members.len(), 2);
    let mine = todos(&w.owner, &format!("assignee_id={}", member.me.member.id)).await;
    assert_eq!(mine.items.len(), 1);

    let cleared: Todo = json(
        patch(&w.owner, todo.id, json!({"assignee_id": null, "due_hint": ""})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((cleared.assignee_id, cleared.due_hint), (None, None));
    let stranger = patch(&w.owner, todo.id, json!({"assignee_id": outsider.me.member.id})).await;
    field_error(stranger, StatusCode::NOT_FOUND, "not_found", "assignee_id").await;
    field_error(
        patch(&w.owner, todo.id, json!({"title": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
        "title",
    )
    .await;
    field_error(
        patch(&w.owner, todo.id, json!({"title": null})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        "title",
    )
    .await;
    whole_error(
        patch(&w.owner, todo.id, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
}

#[tokio::test]
async fn viewers_read_to_dos_but_only_members_change_them() {
    let w = World::new().await;
    let todo = w.todo("Call back", "+14155550199").await;
    let viewer = w.app.add_member(&w.owner, Role::Viewer).await;

    assert_eq!(get(&viewer, todo.id).await.id, todo.id);
    for what in ["approve", "reject", "done"] {
        error(act(&viewer, todo.id, what).await, StatusCode::FORBIDDEN, "forbidden").await;
    }
    error(
        patch(&viewer, todo.id, json!({"title": "Mine"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn another_organizations_to_dos_are_404_everywhere() {
    let w = World::new().await;
    let todo = w.todo("Call back", "+14155550199").await;
    let globex = w.app.sign_up("Globex").await;
    let path = format!("/api/todos/{}", todo.id);

    error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    error(
        patch(&globex, todo.id, json!({"title": "Mine"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    for what in ["approve", "reject", "done"] {
        error(act(&globex, todo.id, what).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    let contact = todo.contact_id.expect("caller");
    let call = todo.call_id.expect("call");
    for query in [format!("contact_id={contact}"), format!("call_id={call}")] {
        let res = globex.client.get(&format!("/api/todos?{query}")).await;
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert!(todos(&globex, "").await.items.is_empty());
    let counts: TodoCounts =
        json(globex.client.get("/api/todos/counts").await, StatusCode::OK).await;
    assert_eq!(counts, TodoCounts::default());
    let members: Vec<Member> = json(globex.client.get("/api/members").await, StatusCode::OK).await;
    assert_eq!(members.len(), 1);
    assert_eq!(get(&w.owner, todo.id).await.title, todo.title, "untouched");
}
