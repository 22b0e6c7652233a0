//! The recording webhook and the post-call pipeline, end to end against fake Twilio and a fake
//! OpenAI-compatible API.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::job;
use loquent_shared::{CallDetails, Contact, Phone, TodoPage, TodoStatus};
use loquent_tests::client::{error, json};
use loquent_tests::fakes::openai::FakeOpenAi;
use loquent_tests::fakes::twilio::FakeTwilio;
use loquent_tests::fixtures::{CallFixture, eventually, insert_call, post_form, post_signed};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

pub struct Pipeline {
    pub twilio: FakeTwilio,
    pub openai: FakeOpenAi,
    pub app: TestApp,
    pub owner: SignedIn,
    pub account_sid: String,
    pub token: String,
    pub phone: Phone,
    pub call: CallFixture,
    pub recording_sid: String,
    pub audio: Vec<u8>,
}

pub const TRANSCRIPT: &str = "Agent: Acme Dental, how can I help? Caller: Hi, this is Grace Hopper, \
    I'd like to move my cleaning to Friday. My email is Grace.Hopper@Example.com.";

/// An organization with its own Twilio account, a number with two active analyzers (and one
/// inactive), and a finished call whose recording waits at Twilio.
pub async fn pipeline(extra: &[(&str, &str)]) -> Pipeline {
    let twilio = FakeTwilio::start().await;
    let openai = FakeOpenAi::start().await;
    openai.set_transcript(TRANSCRIPT);
    openai.respond_when(
        "extract who the caller is",
        r#"{"first_name": "Grace", "last_name": "Hopper", "email": "Grace.Hopper@Example.com"}"#,
    );
    openai.respond_when("INTENT-PROMPT", "Reschedule: cleaning moved to Friday.");
    openai.respond_when("SENTIMENT-PROMPT", "Positive.");
    openai.respond_when(
        "list the follow-ups",
        r#"{"todos": [{"type": "Book appointment", "title": "Move Grace's cleaning to Friday",
            "description": "Grace wants her cleaning moved to Friday.", "due_hint": "Friday",
            "email_subject": "", "email_body": ""}]}"#,
    );
    let app = TestApp::spawn_with_fakes(&twilio, &openai, extra).await;
    let owner = app.sign_up("Acme Dental").await;
    let (account_sid, token) = twilio.add_account("Acme's own");
    let pn = twilio.add_incoming_number(&account_sid, "+14155550123", "Front desk", None);
    let res = owner
        .client
        .request(Method::PUT, "/api/twilio/settings")
        .json(&json!({"account_sid": account_sid, "auth_token": token}))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    owner.client.post("/api/twilio/sync-numbers", &json!({"twilio_sids": [pn]})).await;
    let phones: Vec<Phone> = json(owner.client.get("/api/phones").await, StatusCode::OK).await;
    let phone = phones[0].clone();
    create_analyzer_with_prompt(
        &owner,
        "Intent",
        "INTENT-PROMPT: what did the caller want?",
        true,
        &phone,
    )
    .await;
    create_analyzer_with_prompt(
        &owner,
        "Sentiment",
        "SENTIMENT-PROMPT: how did the caller feel?",
        true,
        &phone,
    )
    .await;
    create_analyzer_with_prompt(&owner, "Retired", "RETIRED-PROMPT", false, &phone).await;
    let call =
        insert_call(&app, owner.me.organization.id, Some(phone.id), "+14155550199", &phone.number)
            .await;
    let audio: Vec<u8> = b"ID3\x04\x00\x00\x00\x00\x00\x00"
        .iter()
        .copied()
        .chain((0..20_000u32).map(|i| (i % 251) as u8))
        .collect();
    let recording_sid = twilio.add_recording(&account_sid, &audio);
    Pipeline { twilio, openai, app, owner, account_sid, token, phone, call, recording_sid, audio }
}

async fn create_analyzer_with_prompt(
    owner: &SignedIn,
    name: &str,
    prompt: &str,
    active: bool,
    phone: &Phone,
) {
    let body = json!({"name": name, "prompt": prompt, "is_active": active, "phone_number_ids": [phone.id]});
    let res = owner.client.post("/api/analyzers", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

impl Pipeline {
    pub fn params(&self) -> Vec<(&str, &str)> {
        vec![
            ("AccountSid", self.account_sid.as_str()),
            ("CallSid", self.call.call_sid.as_str()),
            ("RecordingSid", self.recording_sid.as_str()),
            ("RecordingUrl", "https://api.twilio.com/ignored"),
            ("RecordingStatus", "completed"),
            ("RecordingDuration", "42"),
            ("RecordingChannels", "1"),
            ("RecordingSource", "RecordVerb"),
        ]
    }

    pub async fn post_webhook(&self) -> reqwest::Response {
        post_signed(&self.app, "/twilio/recording", &self.params(), &self.token).await
    }

    pub async fn details(&self) -> CallDetails {
        json(self.owner.client.get(&format!("/api/calls/{}", self.call.id)).await, StatusCode::OK)
            .await
    }

    pub async fn runs(&self) -> usize {
        self.details().await.analysis_groups.iter().map(|g| g.runs.len()).sum()
    }

    pub async fn jobs(&self) -> Vec<(String, String, i32)> {
        let mut conn = self.app.conn().await;
        job::table
            .select((job::kind, job::status, job::attempts))
            .order(job::created_at)
            .load(&mut conn)
            .await
            .expect("jobs")
    }

    pub async fn settled(&self) -> bool {
        let jobs = self.jobs().await;
        jobs.len() == 5 && jobs.iter().all(|(_, status, _)| status == "done")
    }
}

#[tokio::test]
async fn a_signed_webhook_runs_the_whole_pipeline() {
    let p = pipeline(&[]).await;

    let res = p.post_webhook().await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT, "answered at once");
    eventually(20, "the pipeline to finish", || p.settled()).await;
    let details = p.details().await;
    assert_eq!(details.transcription.as_deref(), Some(TRANSCRIPT));
    assert_eq!(details.transcript_turns, None, "one channel: no speakers known");
    assert!(details.call.has_recording && details.call.has_transcription);
    assert!(p.twilio.requests().iter().all(|r| !r.path.ends_with(".wav")), "no WAV fetched");
    let mut groups: Vec<(String, Vec<String>)> = details
        .analysis_groups
        .iter()
        .map(|g| {
            (g.analyzer_name.clone(), g.runs.iter().map(|r| r.analysis_text.clone()).collect())
        })
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        vec![
            ("Intent".to_string(), vec!["Reschedule: cleaning moved to Friday.".to_string()]),
            ("Sentiment".to_string(), vec!["Positive.".to_string()]),
        ],
        "one run per active assigned analyzer; the inactive one didn't run"
    );
    // The recording was fetched with the organization's credentials and stored as {CallSid}.mp3.
    let download = p
        .twilio
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with(&format!("/Recordings/{}.mp3", p.recording_sid)))
        .expect("download");
    assert_eq!(download.auth_user.as_deref(), Some(p.account_sid.as_str()));
    let stored =
        std::fs::read(p.app.recordings_dir.path().join(format!("{}.mp3", p.call.call_sid)))
            .expect("stored mp3");
    assert_eq!(stored, p.audio);
    let transcript = std::fs::read_to_string(
        p.app.recordings_dir.path().join(format!("{}.txt", p.call.call_sid)),
    )
    .expect("stored txt");
    assert_eq!(transcript, TRANSCRIPT);
    let upload = p
        .openai
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/audio/transcriptions"))
        .expect("transcription");
    assert_eq!(upload.audio_bytes, Some(p.audio.len()));
    assert_eq!(upload.model.as_deref(), Some("gpt-4o-transcribe"));
    // The caller was named from the call, and their email added, lowercased and preferred.
    let contact: Contact = json(
        p.owner.client.get(&format!("/api/contacts/{}", p.call.contact_id)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((contact.first_name.as_str(), contact.last_name.as_str()), ("Grace", "Hopper"));
    assert_eq!(contact.emails.len(), 1);
    assert_eq!(contact.emails[0].email, "grace.hopper@example.com");
    assert!(contact.emails[0].is_preferred);
    // And the recording plays.
    let audio = p.owner.client.get(&format!("/api/calls/{}/recording", p.call.id)).await;
    assert_eq!(
        audio.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("audio/mpeg")
    );
    assert_eq!(audio.bytes().await.expect("audio").to_vec(), p.audio);
    // And the follow-up it asked for waits for review, with the call and the caller.
    let todos: TodoPage = json(
        p.owner.client.get(&format!("/api/todos?call_id={}", p.call.id)).await,
        StatusCode::OK,
    )
    .await;
    let found: Vec<_> = todos
        .items
        .iter()
        .map(|t| (t.title.as_str(), t.status, t.contact_id, t.todo_type_name.as_deref()))
        .collect();
    assert_eq!(
        found,
        [(
            "Move Grace's cleaning to Friday",
            TodoStatus::PendingReview,
            Some(p.call.contact_id),
            Some("Book appointment")
        )]
    );
}

#[tokio::test]
async fn unsigned_or_wrongly_signed_webhooks_are_refused_and_enqueue_nothing() {
    let p = pipeline(&[]).await;

    let unsigned = post_form(&p.app, "/twilio/recording", &p.params(), None).await;
    let wrong = post_signed(&p.app, "/twilio/recording", &p.params(), &"f".repeat(32)).await;
    let mut tampered = p.params();
    tampered[2] = ("RecordingSid", "RE00000000000000000000000000000000");
    let url = format!("{}/twilio/recording", p.app.base_url);
    let owned: Vec<(String, String)> =
        p.params().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let sig = loquent_server::clients::twilio::signature::sign(&p.token, &url, &owned);
    let replayed = post_form(&p.app, "/twilio/recording", &tampered, Some(&sig)).await;

    error(unsigned, StatusCode::FORBIDDEN, "invalid_signature").await;
    error(wrong, StatusCode::FORBIDDEN, "invalid_signature").await;
    error(replayed, StatusCode::FORBIDDEN, "invalid_signature").await;
    assert!(p.jobs().await.is_empty(), "nothing enqueued");
}

#[tokio::test]
async fn malformed_callbacks_are_400() {
    let p = pipeline(&[]).await;
    let res = p
        .app
        .client()
        .http
        .post(format!("{}/twilio/recording", p.app.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%")
        .send()
        .await
        .expect("POST");
    error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
    let res = post_signed(
        &p.app,
        "/twilio/recording",
        &[("CallSid", p.call.call_sid.as_str())],
        &p.token,
    )
    .await;
    error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
    let mut bad = p.params();
    bad[2] = ("RecordingSid", "../../etc/passwd");
    let res = post_signed(&p.app, "/twilio/recording", &bad, &p.token).await;
    error(res, StatusCode::BAD_REQUEST, "malformed_form").await;
    assert!(p.jobs().await.is_empty());
}

#[tokio::test]
async fn a_retried_webhook_transcribes_once_and_appends_no_duplicate_runs() {
    let p = pipeline(&[]).await;

    for _ in 0..3 {
        assert_eq!(p.post_webhook().await.status(), StatusCode::NO_CONTENT);
    }
    eventually(20, "the pipeline to finish", || p.settled()).await;
    assert_eq!(p.post_webhook().await.status(), StatusCode::NO_CONTENT, "even after it finished");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    assert_eq!(p.openai.transcription_count(), 1);
    assert_eq!(p.runs().await, 2);
    assert_eq!(p.jobs().await.len(), 5, "one pipeline's worth of jobs");
}

#[tokio::test]
async fn a_job_killed_mid_way_completes_once_after_a_restart() {
    // Short leases, so the restarted server takes the dead worker's job over quickly.
    let mut p = pipeline(&[("JOB_LEASE_SECS", "1")]).await;
    p.openai.set_delay(std::time::Duration::from_secs(30));
    assert_eq!(p.post_webhook().await.status(), StatusCode::NO_CONTENT);
    let openai = &p.openai;
    eventually(20, "the transcription to start", || async { openai.transcription_count() == 1 })
        .await;

    // Crash: the worker dies in the middle of transcribing.
    p.app.restart().await;
    p.openai.set_delay(std::time::Duration::ZERO);
    // Sign-in survives the restart (sessions are in the database); the URL changed.
    p.owner.client.base_url = p.app.base_url.clone();

    eventually(30, "the pipeline to finish after the restart", || p.settled()).await;
    let details = p.details().await;
    assert_eq!(details.transcription.as_deref(), Some(TRANSCRIPT));
    assert_eq!(p.runs().await, 2, "each analyzer ran once");
    let jobs = p.jobs().await;
    let recording_job = jobs.iter().find(|(kind, _, _)| kind == "process_recording").expect("job");
    assert_eq!(recording_job.2, 2, "claimed again after the crash: {jobs:?}");
    assert_eq!(
        p.openai.transcription_count(),
        2,
        "the interrupted attempt and the one that finished"
    );
}

#[tokio::test]
async fn a_failing_analyzer_blocks_neither_the_others_nor_enrichment() {
    let p = pipeline(&[]).await;
    p.openai.fail_when("SENTIMENT-PROMPT", 500);

    assert_eq!(p.post_webhook().await.status(), StatusCode::NO_CONTENT);

    let owner = &p.owner;
    let contact_path = format!("/api/contacts/{}", p.call.contact_id);
    eventually(20, "the caller to be named", || async {
        let c: Contact = json(owner.client.get(&contact_path).await, StatusCode::OK).await;
        c.first_name == "Grace"
    })
    .await;
    eventually(20, "the intent analyzer's run", || async { p.runs().await == 1 }).await;
    let details = p.details().await;
    assert_eq!(details.analysis_groups.len(), 1);
    assert_eq!(details.analysis_groups[0].analyzer_name, "Intent");
    let mut conn = p.app.conn().await;
    let (status, last_error): (String, Option<String>) = job::table
        .filter(job::kind.eq("analyze_call"))
        .select((job::status, job::last_error))
        .first(&mut conn)
        .await
        .expect("analyze job");
    assert_eq!(status, "queued", "to be retried");
    assert!(last_error.unwrap_or_default().contains("Sentiment"));

    // Once the analyzer works again, the retry adds only the missing run.
    p.openai.clear_failures();
    eventually(20, "the retry", || async { p.runs().await == 2 }).await;
}

#[tokio::test]
async fn an_unfinished_recording_status_does_nothing() {
    let p = pipeline(&[]).await;
    let mut params = p.params();
    params[4] = ("RecordingStatus", "in-progress");
    assert_eq!(
        post_signed(&p.app, "/twilio/recording", &params, &p.token).await.status(),
        StatusCode::NO_CONTENT
    );
    assert!(p.jobs().await.is_empty());
}
