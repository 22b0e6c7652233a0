//! `POST /api/account/email` and `POST /api/auth/email-change/confirm`: a new sign-in email,
//! confirmed through a link mailed to it.

use loquent_shared::{EmailChangeSent, EmailChanged, MailMessagePage, Me, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::fakes::smtp::FakeSmtp;
use loquent_tests::{SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use super::{ask_reset, expire_links, last_mail, link_token, login, mails};

const NEW_EMAIL: &str = "ada@newmail.example";

async fn ask(who: &SignedIn, new_email: &str) -> reqwest::Response {
    who.client
        .post(
            "/api/account/email",
            &json!({"new_email": new_email, "current_password": who.password}),
        )
        .await
}

async fn confirm(app: &TestApp, token: &str) -> reqwest::Response {
    app.client().post("/api/auth/email-change/confirm", &json!({"token": token})).await
}

async fn change_token(app: &TestApp, to: &str) -> String {
    let mail = last_mail(app, "email_change", to).await;
    link_token(app, &mail.text, "/confirm-email")
}

#[tokio::test]
async fn the_link_goes_to_the_new_address_and_opening_it_changes_the_sign_in() {
    let smtp = FakeSmtp::start().await;
    let app = TestApp::spawn_with(&[("SMTP_URL", &smtp.url())]).await;
    let owner = app.sign_up("Acme Dental").await;

    let res = ask(&owner, "  Ada@NewMail.example ").await;

    let sent: EmailChangeSent = json(res, StatusCode::ACCEPTED).await;
    assert_eq!(sent.new_email, NEW_EMAIL);
    let hours = (sent.expires_at - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours}");
    let received = smtp.wait_for_messages(2).await;
    let link = received.iter().find(|m| m.rcpt_to == [NEW_EMAIL]).expect("mail to the new address");
    let text = link.entity().parts()[0].text();
    let token = link_token(&app, &text, "/confirm-email");
    let notice = received.iter().find(|m| m.rcpt_to == [owner.email.clone()]).expect("notice");
    let notice_text = notice.entity().parts()[0].text();
    assert!(notice_text.contains(NEW_EMAIL) && !notice_text.contains("#token="), "{notice_text}");
    // Nothing changes until the link is opened.
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);

    let changed: EmailChanged = json(confirm(&app, &token).await, StatusCode::OK).await;

    assert_eq!(changed.email, NEW_EMAIL);
    let me: Me = json(owner.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.member.email, NEW_EMAIL, "sessions stay signed in and see the new email");
    assert_eq!(login(&app, NEW_EMAIL, &owner.password).await.status(), StatusCode::OK);
    error(
        login(&app, &owner.email, &owner.password).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    whole_error(confirm(&app, &token).await, StatusCode::GONE, "link_used").await;
}

#[tokio::test]
async fn an_email_another_login_has_is_refused() {
    let app = TestApp::spawn().await;
    let (owner, other) = app.two_orgs().await;

    let res = ask(&owner, &other.email.to_uppercase()).await;

    field_error(res, StatusCode::CONFLICT, "email_taken", "new_email").await;
    assert!(mails(&app, "email_change", &other.email).await.is_empty());
}

#[tokio::test]
async fn the_current_email_is_no_change() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = ask(&owner, &owner.email.to_uppercase()).await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "email_unchanged", "new_email").await;
}

#[tokio::test]
async fn a_wrong_current_password_sends_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = owner
        .client
        .post(
            "/api/account/email",
            &json!({"new_email": NEW_EMAIL, "current_password": "not my password"}),
        )
        .await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "wrong_password", "current_password").await;
    assert!(mails(&app, "email_change", NEW_EMAIL).await.is_empty());
}

#[tokio::test]
async fn an_invalid_email_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = ask(&owner, "ada at newmail").await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", "new_email").await;
}

#[tokio::test]
async fn an_email_taken_meanwhile_is_refused_at_confirmation() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    json::<EmailChangeSent>(ask(&owner, NEW_EMAIL).await, StatusCode::ACCEPTED).await;
    let token = change_token(&app, NEW_EMAIL).await;
    let signup = json!({
        "name": "Quick", "email": NEW_EMAIL, "password": "12345678", "organization_name": "Quick Co"
    });
    assert_eq!(app.client().post("/api/auth/signup", &signup).await.status(), StatusCode::CREATED);

    let res = confirm(&app, &token).await;

    error(res, StatusCode::CONFLICT, "email_taken").await;
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_replaced_and_foreign_links_say_which() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    json::<EmailChangeSent>(ask(&owner, "first@newmail.example").await, StatusCode::ACCEPTED).await;
    let replaced = change_token(&app, "first@newmail.example").await;
    json::<EmailChangeSent>(ask(&owner, NEW_EMAIL).await, StatusCode::ACCEPTED).await;
    let newest = change_token(&app, NEW_EMAIL).await;
    ask_reset(&app, &owner.email).await;
    let reset = link_token(
        &app,
        &last_mail(&app, "password_reset", &owner.email).await.text,
        "/reset-password",
    );

    whole_error(confirm(&app, &replaced).await, StatusCode::GONE, "link_expired").await;
    whole_error(confirm(&app, &reset).await, StatusCode::NOT_FOUND, "link_not_found").await;
    expire_links(&app).await;
    whole_error(confirm(&app, &newest).await, StatusCode::GONE, "link_expired").await;
    assert_eq!(login(&app, &owner.email, &owner.password).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn reset_links_mailed_to_the_old_address_stop_working() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    ask_reset(&app, &owner.email).await;
    let reset = link_token(
        &app,
        &last_mail(&app, "password_reset", &owner.email).await.text,
        "/reset-password",
    );
    json::<EmailChangeSent>(ask(&owner, NEW_EMAIL).await, StatusCode::ACCEPTED).await;
    let token = change_token(&app, NEW_EMAIL).await;
    assert_eq!(confirm(&app, &token).await.status(), StatusCode::OK);

    let res = app
        .client()
        .post(
            "/api/auth/password-reset/confirm",
            &json!({"token": reset, "password": "taken over!"}),
        )
        .await;

    whole_error(res, StatusCode::GONE, "link_expired").await;
}

#[tokio::test]
async fn account_mail_never_shows_in_an_organizations_outbox() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    ask_reset(&app, &owner.email).await;
    json::<EmailChangeSent>(ask(&owner, NEW_EMAIL).await, StatusCode::ACCEPTED).await;
    assert_eq!(mails(&app, "email_change", NEW_EMAIL).await.len(), 1);
    assert_eq!(mails(&app, "email_change_notice", &owner.email).await.len(), 1);

    for who in [&owner, &admin] {
        let page: MailMessagePage =
            json(who.client.get("/api/mail/outbox").await, StatusCode::OK).await;
        assert!(page.items.is_empty(), "{:?}", page.items);
    }
}
