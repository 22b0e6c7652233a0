//! Messages go out through a real SMTP conversation with the fake server (or stay in the outbox
//! without one), once each, with retries for deferrals and the reason in words for failures.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::job;
use loquent_server::jobs::{Job, queue as jobs};
use loquent_server::mods::mail::deliver::SendMail;
use loquent_server::mods::mail::{NewMail, queue};
use loquent_shared::{MailDelivery, MailSettings, MailStatus};
use loquent_tests::TestApp;
use loquent_tests::client::json;
use loquent_tests::fakes::smtp::{AuthConfig, FakeSmtp, Mechanism};
use loquent_tests::fixtures::eventually;
use reqwest::StatusCode;

use super::{details, send_test, settled};

fn report() -> NewMail {
    NewMail {
        kind: "test",
        to: "Grace Hopper <grace@example.com>".into(),
        // A line break in a subject must not start a header of its own.
        subject: "Your call report\r\nBcc: mallory@example.com".into(),
        // A lone dot would end the message early unless stuffed; a long line must be wrapped.
        text: format!("Hello Grace,\n.\n..two dots\nZoë's café\n{}\n", "x".repeat(1500)),
        html: "<p>Hello <b>Grace</b></p>\n.\n<p>Zoë's café</p>\n".into(),
    }
}

#[tokio::test]
async fn a_queued_message_arrives_with_its_headers_and_both_parts() {
    let smtp = FakeSmtp::start().await;
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url())]).await;
    let owner = app.sign_up("Acme Dental").await;
    let mail = report();

    let mut conn = app.conn().await;
    let row =
        queue(&mut conn, &app.state.mailer, owner.me.organization.id, &mail).await.expect("queued");
    let received = smtp.wait_for_messages(1).await;
    let sent = settled(&owner, row.id).await;

    let message = received[0].entity();
    assert_eq!(received[0].mail_from, "no-reply@localhost");
    assert_eq!(received[0].rcpt_to, ["grace@example.com"]);
    // lettre quotes display names in headers (RFC 5322 allows either).
    assert_eq!(message.header("From"), Some("Loquent <no-reply@localhost>"));
    assert_eq!(message.header("To"), Some("\"Grace Hopper\" <grace@example.com>"));
    assert_eq!(message.header("Subject"), Some("Your call report Bcc: mallory@example.com"));
    assert_eq!(message.header("Bcc"), None);
    assert_eq!(message.header("Message-ID"), Some(format!("<{}@localhost>", row.id).as_str()));
    assert!(message.header("Date").is_some());
    assert_eq!(message.media_type(), "multipart/alternative");
    let parts = message.parts();
    let types: Vec<String> = parts.iter().map(|p| p.media_type()).collect();
    assert_eq!(types, ["text/plain", "text/html"]);
    assert_eq!(parts[0].text(), mail.text);
    assert_eq!(parts[1].text(), mail.html);

    assert_eq!(sent.message.status, MailStatus::Sent);
    assert_eq!((sent.message.attempts, sent.message.last_error), (1, None));
    assert!(sent.message.sent_at.is_some());
    assert_eq!((sent.text, sent.html), (mail.text, mail.html));
    assert_eq!(sent.message.to, "Grace Hopper <grace@example.com>");
}

#[tokio::test]
async fn a_bad_recipient_is_refused_and_nothing_is_queued() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let mut conn = app.conn().await;

    let refused = queue(
        &mut conn,
        &app.state.mailer,
        owner.me.organization.id,
        &NewMail { to: "grace at example dot com".into(), ..report() },
    )
    .await;

    let err = refused.expect_err("not an address");
    assert!(err.to_string().starts_with("to: \"grace at example dot com\" is not"), "{err}");
    let jobs: i64 = job::table.count().get_result(&mut conn).await.expect("count");
    assert_eq!(jobs, 0);
    let page: loquent_shared::MailMessagePage =
        json(owner.client.get("/api/mail/outbox").await, StatusCode::OK).await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn a_rerun_of_the_job_does_not_send_again() {
    let smtp = FakeSmtp::start().await;
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url())]).await;
    let owner = app.sign_up("Acme Dental").await;
    let queued = send_test(&owner).await;
    let first = settled(&owner, queued.id).await;
    assert_eq!(first.message.status, MailStatus::Sent);

    // The same job again, as a crash-recovery rerun or a duplicate would run it.
    let mut conn = app.conn().await;
    let again = Job::SendMail(SendMail { message_id: queued.id });
    jobs::enqueue(&mut conn, &again, None).await.expect("enqueue");
    eventually(10, "every job to be done", || async {
        let mut conn = app.conn().await;
        let pending: i64 = job::table
            .filter(job::status.ne("done"))
            .count()
            .get_result(&mut conn)
            .await
            .expect("count");
        pending == 0
    })
    .await;

    assert_eq!(smtp.received().len(), 1, "sent once");
    assert_eq!(smtp.connections(), 1, "the rerun didn't even connect");
    assert_eq!(details(&owner, queued.id).await, first, "the message is unchanged");
}

#[tokio::test]
async fn a_deferral_is_retried_and_the_last_one_fails_the_message_with_the_reason() {
    let smtp = FakeSmtp::start().await;
    smtp.refuse_recipients(Some("451 4.3.0 Mailbox busy, try again later"));
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url())]).await;
    let owner = app.sign_up("Acme Dental").await;

    let queued = send_test(&owner).await;
    // Two attempts instead of sixteen, so the test waits one backoff (2 s), not an hour.
    let mut conn = app.conn().await;
    diesel::update(job::table.filter(job::kind.eq("send_mail")))
        .set(job::max_attempts.eq(2))
        .execute(&mut conn)
        .await
        .expect("fewer attempts");
    smtp.wait_for_refusals(1).await;
    eventually(5, "the first failure to be recorded", || async {
        details(&owner, queued.id).await.message.attempts == 1
    })
    .await;
    let between = details(&owner, queued.id).await.message;
    let failed = settled(&owner, queued.id).await.message;

    assert_eq!(between.status, MailStatus::Queued, "still queued between the attempts");
    assert!(between.last_error.as_deref().is_some_and(|e| e.contains("451")), "{between:?}");
    assert_eq!(smtp.refusals().len(), 2, "tried twice");
    assert_eq!((failed.status, failed.attempts), (MailStatus::Failed, 2));
    assert_eq!(
        failed.last_error.as_deref(),
        Some(
            "the mail server 127.0.0.1:{port} refused it (451): 4.3.0 Mailbox busy, try again later"
                .replace("{port}", &smtp.port.to_string())
                .as_str()
        )
    );
    assert!(failed.sent_at.is_none());
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn a_permanent_refusal_fails_the_message_at_once() {
    let smtp = FakeSmtp::start().await;
    smtp.refuse_recipients(Some("550 5.1.1 No such user here"));
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url())]).await;
    let owner = app.sign_up("Acme Dental").await;

    let queued = send_test(&owner).await;
    let failed = settled(&owner, queued.id).await.message;

    assert_eq!((failed.status, failed.attempts), (MailStatus::Failed, 1));
    let reason = failed.last_error.unwrap_or_default();
    assert!(reason.ends_with("refused it (550): 5.1.1 No such user here"), "{reason}");
    assert_eq!(smtp.connections(), 1, "no retry after a 5xx");
}

#[tokio::test]
async fn credentials_are_given_with_auth_plain_or_login() {
    for mechanism in [Mechanism::Plain, Mechanism::Login] {
        let auth = AuthConfig {
            user: "mailer@acme.example".into(),
            password: "p@ss:w/rd".into(),
            mechanisms: vec![mechanism],
        };
        let smtp = FakeSmtp::start_with(Some(auth)).await;
        let app = TestApp::spawn_with(&[(
            "SMTP_URL",
            &smtp.url_with("mailer@acme.example", "p@ss:w/rd"),
        )])
        .await;
        let owner = app.sign_up("Acme Dental").await;

        let queued = send_test(&owner).await;
        let received = smtp.wait_for_messages(1).await;

        assert_eq!(received[0].authenticated_as.as_deref(), Some("mailer@acme.example"));
        assert_eq!(
            settled(&owner, queued.id).await.message.status,
            MailStatus::Sent,
            "{mechanism:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_fails_the_message_without_showing_the_password() {
    let auth = AuthConfig {
        user: "mailer".into(),
        password: "right".into(),
        mechanisms: vec![Mechanism::Plain, Mechanism::Login],
    };
    let smtp = FakeSmtp::start_with(Some(auth)).await;
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url_with("mailer", "hunter2wrong"))]).await;
    let owner = app.sign_up("Acme Dental").await;

    let queued = send_test(&owner).await;
    let failed = settled(&owner, queued.id).await;
    let settings = owner.client.get("/api/mail/settings").await.text().await.expect("body");

    assert_eq!(failed.message.status, MailStatus::Failed);
    let reason = failed.message.last_error.clone().unwrap_or_default();
    assert!(reason.contains("(535)"), "{reason}");
    for shown in [format!("{failed:?}"), settings] {
        assert!(!shown.contains("hunter2wrong"), "the password is shown: {shown}");
    }
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn without_an_smtp_server_messages_stay_in_the_outbox() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let settings: MailSettings =
        json(owner.client.get("/api/mail/settings").await, StatusCode::OK).await;
    let queued = send_test(&owner).await;
    let kept = settled(&owner, queued.id).await;

    assert_eq!(settings.delivery, MailDelivery::Outbox);
    assert_eq!((settings.from.as_str(), settings.server), ("Loquent <no-reply@localhost>", None));
    assert_eq!(kept.message.status, MailStatus::Outbox);
    assert_eq!((kept.message.attempts, kept.message.sent_at), (0, None));
    assert!(kept.text.contains("stays in Loquent's outbox"), "{}", kept.text);
}
