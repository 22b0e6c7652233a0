//! `enrich_contact`'s rules, run as the job runs it, against the fake OpenAI-compatible API.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::call;
use loquent_server::mods::contact::enrich::{EnrichContact, enrich_contact};
use loquent_shared::Contact;
use loquent_tests::TestApp;
use loquent_tests::client::json;
use loquent_tests::fakes::openai::FakeOpenAi;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::insert_call;
use reqwest::{Method, StatusCode};
use serde_json::json;

const NEEDLE: &str = "extract who the caller is";

async fn app_with_call(
    transcript: Option<&str>,
) -> (FakeTwilio, FakeOpenAi, TestApp, loquent_tests::SignedIn, loquent_tests::fixtures::CallFixture)
{
    let twilio = FakeTwilio::start().await;
    let openai = FakeOpenAi::start().await;
    let app = TestApp::spawn_with_fakes(&twilio, &openai, &[("JOB_WORKERS", "0")]).await;
    let owner = app.sign_up("Acme Dental").await;
    let call =
        insert_call(&app, owner.me.organization.id, None, "+14155550199", "+14155550123").await;
    if let Some(text) = transcript {
        let mut conn = app.conn().await;
        diesel::update(call::table.find(call.id))
            .set(call::transcription.eq(text))
            .execute(&mut conn)
            .await
            .expect("transcript");
    }
    (twilio, openai, app, owner, call)
}

async fn contact(owner: &loquent_tests::SignedIn, id: uuid::Uuid) -> Contact {
    json(owner.client.get(&format!("/api/contacts/{id}")).await, StatusCode::OK).await
}

#[tokio::test]
async fn names_and_email_are_taken_from_the_transcript() {
    let (_t, openai, app, owner, call) =
        app_with_call(Some("Hi, Grace Hopper here, grace@example.com")).await;
    openai.respond_when(
        NEEDLE,
        r#"{"first_name": " Grace ", "last_name": "Hopper", "email": "GRACE@Example.com "}"#,
    );

    enrich_contact(&app.state, EnrichContact { call_id: call.id }).await.expect("enrich");

    let c = contact(&owner, call.contact_id).await;
    assert_eq!((c.first_name.as_str(), c.last_name.as_str()), ("Grace", "Hopper"));
    assert_eq!(
        c.emails.iter().map(|e| (e.email.as_str(), e.is_preferred)).collect::<Vec<_>>(),
        [("grace@example.com", true)]
    );
    let req = openai
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/chat/completions"))
        .expect("chat");
    assert_eq!(req.response_format.as_ref().and_then(|f| f["type"].as_str()), Some("json_schema"));
}

#[tokio::test]
async fn a_named_contact_is_never_overwritten() {
    let (_t, openai, app, owner, call) = app_with_call(Some("Hi, Grace here")).await;
    let res = owner
        .client
        .request(Method::PUT, &format!("/api/contacts/{}", call.contact_id))
        .json(&json!({"first_name": "Amazing", "last_name": "Grace"}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    openai.respond_when(NEEDLE, r#"{"first_name": "Grace", "last_name": "Hopper", "email": null}"#);

    enrich_contact(&app.state, EnrichContact { call_id: call.id }).await.expect("enrich");

    assert_eq!(contact(&owner, call.contact_id).await.first_name, "Amazing");
    assert_eq!(openai.chat_count(), 0, "no model call for a named contact");
}

#[tokio::test]
async fn without_a_transcription_or_a_contact_nothing_happens() {
    let (_t, openai, app, owner, call) = app_with_call(None).await;
    enrich_contact(&app.state, EnrichContact { call_id: call.id }).await.expect("enrich");
    assert_eq!(openai.chat_count(), 0);
    assert_eq!(contact(&owner, call.contact_id).await.first_name, "");

    let mut conn = app.conn().await;
    diesel::update(call::table.find(call.id))
        .set((call::contact_id.eq(None::<uuid::Uuid>), call::transcription.eq("Hi")))
        .execute(&mut conn)
        .await
        .expect("detach");
    enrich_contact(&app.state, EnrichContact { call_id: call.id }).await.expect("enrich");
    assert_eq!(openai.chat_count(), 0);
}

#[tokio::test]
async fn nothing_stated_means_nothing_written_and_bad_emails_are_dropped() {
    let (_t, openai, app, owner, call) = app_with_call(Some("Hello? Is this the dentist?")).await;
    openai.respond_when(NEEDLE, r#"{"first_name": "", "last_name": "", "email": "not-an-email"}"#);

    enrich_contact(&app.state, EnrichContact { call_id: call.id }).await.expect("enrich");

    let c = contact(&owner, call.contact_id).await;
    assert_eq!((c.first_name.as_str(), c.last_name.as_str()), ("", ""));
    assert!(c.emails.is_empty());
}
