//! A call report end to end: the recording webhook runs the whole post-call pipeline, and the
//! report, sent once the caller is named, the analyzers have run and the to-dos are found,
//! arrives through a real SMTP exchange with the fake server.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::job;
use loquent_shared::MailStatus;
use loquent_tests::fakes::smtp::FakeSmtp;
use loquent_tests::fixtures::eventually;
use reqwest::StatusCode;
use serde_json::json;

use super::{outbox, save_settings};
use crate::twilio::recording::pipeline;

#[tokio::test]
async fn the_pipeline_sends_the_report_through_smtp_once_the_call_is_analyzed() {
    let smtp = FakeSmtp::start().await;
    let p = pipeline(&[("SMTP_URL", &smtp.url())]).await;
    save_settings(
        &p.owner,
        &json!({"member_ids": [p.owner.me.member.id], "emails": ["desk@acme.example"],
                "call_reports": true}),
    )
    .await;

    assert_eq!(p.post_webhook().await.status(), StatusCode::NO_CONTENT);
    let received = smtp.wait_for_messages(2).await;

    let mut to: Vec<&str> = received.iter().map(|m| m.rcpt_to[0].as_str()).collect();
    to.sort();
    let mut expected = ["desk@acme.example", p.owner.email.as_str()];
    expected.sort();
    assert_eq!(to, expected);
    let message = received[0].entity();
    let parts = message.parts();
    let text = parts[0].text();
    for needle in [
        "Number called: Front desk (+14155550123)",
        "Intent: Reschedule: cleaning moved to Friday.",
        "Sentiment: Positive.",
        "- Move Grace's cleaning to Friday (Book appointment)",
        "Transcript\nAgent: Acme Dental, how can I help? Caller: Hi, this is Grace Hopper",
        &format!("Open the call: {}/calls/{}", p.app.base_url, p.call.id),
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    assert!(parts[1].text().contains("Grace Hopper"));

    // Every job finishes, and nothing more is sent.
    eventually(20, "every job to be done", || async {
        let mut conn = p.app.conn().await;
        let pending: i64 = job::table
            .filter(job::status.ne("done"))
            .count()
            .get_result(&mut conn)
            .await
            .expect("count");
        pending == 0
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 2, "one report per recipient");
    let sent = outbox(&p.owner, "call_report").await;
    assert_eq!(sent.len(), 2);
    for report in sent {
        assert_eq!(report.message.status, MailStatus::Sent);
        // The subject leaves RFC 2047-encoded (it has a `·`): read it from the outbox.
        assert_eq!(
            report.message.subject, "Call from Grace Hopper (+14155550199) · 0:42",
            "named by enrichment, which the report waited for"
        );
    }
}
