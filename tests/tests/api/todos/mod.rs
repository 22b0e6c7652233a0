//! To-dos: the types an organization defines, extraction from a call's transcript against the
//! fake model, and review (edit, approve, reject, done) with the actions approval runs.

mod extraction;
mod review;
mod types;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::call;
use loquent_server::mods::todo::extract::{ExtractTodos, extract_todos};
use loquent_shared::{Todo, TodoPage, TodoType};
use loquent_tests::client::json;
use loquent_tests::fakes::openai::FakeOpenAi;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{CallFixture, insert_call};
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Words of extraction's system prompt: the fake model answers it with what a test plans.
pub const NEEDLE: &str = "list the follow-ups";

pub const TRANSCRIPT: &str = "Caller: Hi, this is Ada Lovelace. Could someone call me back \
    about my crown? And please email me your whitening prices.";

pub struct World {
    pub _twilio: FakeTwilio,
    pub openai: FakeOpenAi,
    pub app: TestApp,
    pub owner: SignedIn,
}

impl World {
    pub async fn new() -> World {
        let twilio = FakeTwilio::start().await;
        let openai = FakeOpenAi::start().await;
        let app = TestApp::spawn_with_fakes(&twilio, &openai, &[]).await;
        let owner = app.sign_up("Bright Smiles").await;
        World { _twilio: twilio, openai, app, owner }
    }

    /// A finished call from `from` to the organization, transcribed.
    pub async fn call(&self, from: &str) -> CallFixture {
        let call =
            insert_call(&self.app, self.owner.me.organization.id, None, from, "+14155550123").await;
        let mut conn = self.app.conn().await;
        diesel::update(call::table.find(call.id))
            .set(call::transcription.eq(TRANSCRIPT))
            .execute(&mut conn)
            .await
            .expect("transcript");
        call
    }

    /// Runs extraction on `call` as the job would, the model answering `todos`.
    pub async fn extract(&self, call: &CallFixture, todos: Value) {
        self.openai.respond_when(NEEDLE, &json!({"todos": todos}).to_string());
        let job = ExtractTodos { call_id: call.id, run_key: format!("RE{}", call.id.simple()) };
        extract_todos(&self.app.state, job).await.expect("extraction");
    }

    /// A call whose extraction found one to-do of `kind`; the to-do.
    pub async fn todo(&self, kind: &str, from: &str) -> Todo {
        let call = self.call(from).await;
        self.extract(&call, json!([found(kind, "Follow up with Ada")])).await;
        let page = todos(&self.owner, &format!("call_id={}", call.id)).await;
        page.items.into_iter().next().expect("a to-do")
    }

    pub async fn type_named(&self, name: &str) -> TodoType {
        let types: Vec<TodoType> =
            json(self.owner.client.get("/api/todo-types").await, StatusCode::OK).await;
        types.into_iter().find(|t| t.name == name).expect("the type")
    }
}

/// One to-do as the model answers it.
pub fn found(kind: &str, title: &str) -> Value {
    json!({
        "type": kind,
        "title": title,
        "description": "Ada asked for it.",
        "due_hint": null,
        "email_subject": "Our whitening prices",
        "email_body": "Hello Ada,\n\nWhitening is $300.\n\nBright Smiles",
    })
}

/// `GET /api/todos?{query}` as `who`.
pub async fn todos(who: &SignedIn, query: &str) -> TodoPage {
    json(who.client.get(&format!("/api/todos?{query}")).await, StatusCode::OK).await
}

pub async fn get(who: &SignedIn, id: uuid::Uuid) -> Todo {
    json(who.client.get(&format!("/api/todos/{id}")).await, StatusCode::OK).await
}
