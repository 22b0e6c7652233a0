//! `/api/mail`: the settings, the outbox and the test message, for owners and admins of the
//! message's own organization only.

use loquent_shared::{MailDelivery, MailMessagePage, MailSettings, MailStatus, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::fakes::smtp::FakeSmtp;
use loquent_tests::{ApiClient, TestApp};
use reqwest::StatusCode;

use super::{details, send_test, settled};

#[tokio::test]
async fn a_test_email_goes_to_the_member_who_asked_from_mail_from() {
    let smtp = FakeSmtp::start().await;
    let app = TestApp::spawn_with(&[
        ("SMTP_URL", &smtp.url()),
        ("MAIL_FROM", "Acme Voice <voice@acme.example>"),
    ])
    .await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;

    let settings: MailSettings =
        json(admin.client.get("/api/mail/settings").await, StatusCode::OK).await;
    let queued = send_test(&admin).await;
    let received = smtp.wait_for_messages(1).await;
    let sent = settled(&admin, queued.id).await;

    assert_eq!(settings.delivery, MailDelivery::Smtp);
    assert_eq!(settings.from, "Acme Voice <voice@acme.example>");
    assert_eq!(settings.server, Some(format!("127.0.0.1:{}", smtp.port)));
    assert_eq!((queued.kind.as_str(), queued.status), ("test", MailStatus::Queued));
    assert_eq!(queued.to, admin.email);
    assert_eq!(received[0].rcpt_to, std::slice::from_ref(&admin.email));
    assert_eq!(received[0].mail_from, "voice@acme.example");
    let message = received[0].entity();
    // lettre quotes display names in headers (RFC 5322 allows either).
    assert_eq!(message.header("From"), Some("\"Acme Voice\" <voice@acme.example>"));
    assert_eq!(message.header("To"), Some(admin.email.as_str()));
    assert_eq!(message.header("Subject"), Some("Loquent test email"));
    let parts = message.parts();
    assert_eq!(parts[0].text(), sent.text);
    assert_eq!(parts[1].text(), sent.html);
    assert!(sent.text.starts_with("Hello Added Member,"), "{}", sent.text);
    assert!(sent.text.contains("Acme Dental") && sent.text.contains("your SMTP server"));
    assert_eq!(sent.message.status, MailStatus::Sent);
}

#[tokio::test]
async fn the_outbox_lists_newest_first_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(send_test(&owner).await.id);
    }

    let first: MailMessagePage =
        json(owner.client.get("/api/mail/outbox?limit=2").await, StatusCode::OK).await;
    let cursor = first.next_cursor.clone().expect("a second page");
    let second: MailMessagePage = json(
        owner.client.get(&format!("/api/mail/outbox?limit=2&cursor={cursor}")).await,
        StatusCode::OK,
    )
    .await;

    let listed: Vec<_> = first.items.iter().chain(&second.items).map(|m| m.id).collect();
    ids.reverse();
    assert_eq!(listed, ids, "newest first, each once");
    assert_eq!(second.next_cursor, None);
    assert_eq!(first.items[0].to, owner.email);
}

#[tokio::test]
async fn another_organizations_messages_are_invisible() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_message = send_test(&acme).await;
    let globex_message = send_test(&globex).await;

    let seen_by_globex: MailMessagePage =
        json(globex.client.get("/api/mail/outbox").await, StatusCode::OK).await;
    let res = globex.client.get(&format!("/api/mail/outbox/{}", acme_message.id)).await;

    assert_eq!(seen_by_globex.items.iter().map(|m| m.id).collect::<Vec<_>>(), [globex_message.id]);
    whole_error(res, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(details(&acme, acme_message.id).await.message.id, acme_message.id);
}

#[tokio::test]
async fn only_owners_and_admins_see_mail() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let message = send_test(&owner).await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let member = app.add_member(&owner, Role::Member).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let one = format!("/api/mail/outbox/{}", message.id);

    for who in [&member, &viewer] {
        for res in [
            who.client.get("/api/mail/settings").await,
            who.client.get("/api/mail/outbox").await,
            who.client.get(&one).await,
            who.client.post_empty("/api/mail/test").await,
        ] {
            error(res, StatusCode::FORBIDDEN, "forbidden").await;
        }
    }
    assert_eq!(admin.client.get("/api/mail/outbox").await.status(), StatusCode::OK);
    assert_eq!(admin.client.get(&one).await.status(), StatusCode::OK);
    let anonymous = app.client();
    error(anonymous.get("/api/mail/outbox").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;
    error(
        anonymous.post_empty("/api/mail/test").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn an_api_key_sends_the_test_to_the_member_who_made_it() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let created: loquent_shared::CreatedApiKey = json(
        owner.client.post("/api/api-keys", &serde_json::json!({"name": "ops"})).await,
        StatusCode::CREATED,
    )
    .await;
    let integration = ApiClient::with_bearer(&app.base_url, &created.secret);

    let res = integration.post_empty("/api/mail/test").await;
    let queued: loquent_shared::MailMessage = json(res, StatusCode::ACCEPTED).await;

    assert_eq!(queued.to, owner.email);
}

#[tokio::test]
async fn bad_input_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = owner.client.get("/api/mail/outbox/not-a-uuid").await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
    let res = owner.client.get(&format!("/api/mail/outbox/{}", uuid::Uuid::new_v4())).await;
    whole_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = owner.client.get("/api/mail/outbox?limit=0").await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_query", "limit").await;
    let res = owner.client.get("/api/mail/outbox?cursor=junk").await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_cursor", "cursor").await;
}
