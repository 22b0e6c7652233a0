use diesel_async::RunQueryDsl;
use loquent_shared::{Contact, ContactPage, InvitationPreview, Me, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json, session_token};
use reqwest::StatusCode;
use serde_json::json;

use super::{NEW_PASSWORD, accept, invitation_token, invite, join_as_new, members, unique_email};

#[tokio::test]
async fn a_new_person_previews_the_invitation_then_joins_signed_in() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("frontdesk");
    invite(&owner, &email.to_uppercase(), Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let browser = app.client();

    let preview: InvitationPreview =
        json(browser.post("/api/auth/invitation", &json!({"token": token})).await, StatusCode::OK)
            .await;
    let res = browser
        .post(
            "/api/auth/invitation/accept",
            &json!({"token": token, "name": " Fran Desk ", "password": NEW_PASSWORD}),
        )
        .await;

    assert_eq!(
        (preview.organization_name.as_str(), preview.email.as_str(), preview.role),
        ("Acme Dental", email.as_str(), Role::Member)
    );
    assert_eq!(preview.invited_by.as_deref(), Some("Acme Dental Owner"));
    assert!(!preview.has_account);
    assert!(session_token(&res).is_some(), "signed in with a cookie");
    let me: Me = json(res, StatusCode::CREATED).await;
    assert_eq!((me.member.name.as_str(), me.member.email.as_str()), ("Fran Desk", email.as_str()));
    assert_eq!((me.organization.id, me.member.role), (owner.me.organization.id, Role::Member));
    assert_eq!(me.memberships.len(), 1);
    let again: Me = json(browser.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(again.member.id, me.member.id);
    assert!(members(&owner).await.iter().any(|m| m.id == me.member.id && m.role == Role::Member));
    let listed: Vec<serde_json::Value> =
        json(owner.client.get("/api/invitations").await, StatusCode::OK).await;
    assert!(listed.is_empty(), "an accepted invitation is no longer open: {listed:?}");
    // The new login signs in like any other.
    let login = json!({"email": email, "password": NEW_PASSWORD});
    assert_eq!(app.client().post("/api/auth/login", &login).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn someone_from_another_organization_joins_with_their_password_and_can_switch() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_contact: Contact = json(
        acme.client
            .post("/api/contacts", &json!({"first_name": "Acme", "last_name": "Caller"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let globex_contact: Contact = json(
        globex
            .client
            .post("/api/contacts", &json!({"first_name": "Globex", "last_name": "Caller"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    invite(&acme, &globex.email, Role::Viewer).await;
    let token = invitation_token(&app, &globex.email).await;
    let browser = app.client();

    let preview: InvitationPreview =
        json(browser.post("/api/auth/invitation", &json!({"token": token})).await, StatusCode::OK)
            .await;
    let joined: Me = json(
        browser
            .post(
                "/api/auth/invitation/accept",
                &json!({"token": token, "password": globex.password}),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    assert!(preview.has_account);
    assert_eq!(
        (joined.organization.id, joined.member.role),
        (acme.me.organization.id, Role::Viewer)
    );
    assert_eq!(joined.member.name, globex.me.member.name, "the same person, under their own name");
    let me: Me = json(browser.get("/api/me").await, StatusCode::OK).await;
    let mut orgs: Vec<_> = me.memberships.iter().map(|m| (m.organization_id, m.role)).collect();
    orgs.sort();
    let mut expected =
        vec![(acme.me.organization.id, Role::Viewer), (globex.me.organization.id, Role::Owner)];
    expected.sort();
    assert_eq!(orgs, expected);
    let seen: ContactPage = json(browser.get("/api/contacts").await, StatusCode::OK).await;
    assert_eq!(seen.items.iter().map(|c| c.id).collect::<Vec<_>>(), [acme_contact.id]);

    let switched: Me = json(
        browser
            .post("/api/me/organization", &json!({"organization_id": globex.me.organization.id}))
            .await,
        StatusCode::OK,
    )
    .await;

    assert_eq!(
        (switched.organization.id, switched.member.role),
        (globex.me.organization.id, Role::Owner)
    );
    let seen: ContactPage = json(browser.get("/api/contacts").await, StatusCode::OK).await;
    assert_eq!(seen.items.iter().map(|c| c.id).collect::<Vec<_>>(), [globex_contact.id]);
}

#[tokio::test]
async fn a_browser_signed_in_as_the_invited_login_joins_without_a_password() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    invite(&acme, &globex.email, Role::Admin).await;
    let token = invitation_token(&app, &globex.email).await;

    let res = globex.client.post("/api/auth/invitation/accept", &json!({"token": token})).await;

    assert!(session_token(&res).is_none(), "the browser's session moved; no new one");
    let me: Me = json(res, StatusCode::OK).await;
    assert_eq!((me.organization.id, me.member.role), (acme.me.organization.id, Role::Admin));
    let now: Me = json(globex.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(now.organization.id, acme.me.organization.id);
    assert_eq!(now.memberships.len(), 2);
}

#[tokio::test]
async fn an_invitation_is_bound_to_the_invited_emails_login() {
    let app = TestApp::spawn().await;
    let (acme, initech) = app.two_orgs().await;
    // The invitee's password differs from every signed-up owner's.
    let invitee = join_as_new(&app, &initech, Role::Member).await;
    let stranger = app.sign_up("Globex Plumbing").await;
    assert_ne!(invitee.password, stranger.password);
    invite(&acme, &invitee.email, Role::Member).await;
    let token = invitation_token(&app, &invitee.email).await;

    let with_strangers = accept(&app, json!({"token": token, "password": stranger.password})).await;
    let strangers_session =
        stranger.client.post("/api/auth/invitation/accept", &json!({"token": token})).await;
    let as_new_person =
        accept(&app, json!({"token": token, "name": "Impostor", "password": stranger.password}))
            .await;

    error(with_strangers, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    // Signed in as someone else: that session proves nothing about this email.
    field_error(strangers_session, StatusCode::UNPROCESSABLE_ENTITY, "required", "password").await;
    // The email has a login: no second one is made for it, whatever name is given.
    error(as_new_person, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let me: Me = json(stranger.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.memberships.len(), 1, "the stranger joined nothing");
    assert_eq!(members(&acme).await.len(), 1);

    let joined: Me = json(
        accept(&app, json!({"token": token, "password": invitee.password})).await,
        StatusCode::OK,
    )
    .await;

    assert_eq!(
        (joined.member.email.as_str(), joined.organization.id),
        (invitee.email.as_str(), acme.me.organization.id)
    );
}

#[tokio::test]
async fn a_new_person_must_give_a_name_and_a_password() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("new");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;

    let no_name = accept(&app, json!({"token": token, "password": NEW_PASSWORD})).await;
    let blank_name =
        accept(&app, json!({"token": token, "name": "  ", "password": NEW_PASSWORD})).await;
    let no_password = accept(&app, json!({"token": token, "name": "Fran"})).await;
    let short = accept(&app, json!({"token": token, "name": "Fran", "password": "short"})).await;
    let no_token = accept(&app, json!({"name": "Fran", "password": NEW_PASSWORD})).await;

    field_error(no_name, StatusCode::UNPROCESSABLE_ENTITY, "required", "name").await;
    field_error(blank_name, StatusCode::UNPROCESSABLE_ENTITY, "required", "name").await;
    field_error(no_password, StatusCode::UNPROCESSABLE_ENTITY, "password_too_short", "password")
        .await;
    field_error(short, StatusCode::UNPROCESSABLE_ENTITY, "password_too_short", "password").await;
    field_error(no_token, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "token").await;
    assert_eq!(members(&owner).await.len(), 1, "nobody joined");
}

#[tokio::test]
async fn a_link_works_once() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("once");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let body = json!({"token": token, "name": "Fran", "password": NEW_PASSWORD});
    assert_eq!(accept(&app, body.clone()).await.status(), StatusCode::CREATED);

    let again = accept(&app, body).await;
    let preview = app.client().post("/api/auth/invitation", &json!({"token": token})).await;

    let err = error(again, StatusCode::GONE, "invitation_used").await;
    assert!(err.error.message.contains("already been used"), "{}", err.error.message);
    assert!(err.error.message.contains("Acme Dental"), "{}", err.error.message);
    error(preview, StatusCode::GONE, "invitation_used").await;
}

#[tokio::test]
async fn two_people_accepting_one_link_at_once_make_one_member() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("race");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let body = json!({"token": token, "name": "Fran", "password": NEW_PASSWORD});

    let (a, b) = tokio::join!(accept(&app, body.clone()), accept(&app, body.clone()));

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::GONE]);
    assert_eq!(members(&owner).await.iter().filter(|m| m.email == email).count(), 1);
}

#[tokio::test]
async fn an_expired_link_says_so_and_whom_to_ask() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("late");
    let invitation = invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE invitation SET expires_at = '2025-03-14T12:00:00Z' WHERE id = '{}'",
        invitation.id
    ))
    .execute(&mut conn)
    .await
    .expect("expiring the invitation");

    let preview = app.client().post("/api/auth/invitation", &json!({"token": token})).await;
    let accepted =
        accept(&app, json!({"token": token, "name": "Fran", "password": NEW_PASSWORD})).await;

    let err = error(preview, StatusCode::GONE, "invitation_expired").await;
    assert_eq!(
        err.error.message,
        "This invitation expired on 14 March 2025; ask Acme Dental Owner to send a new one."
    );
    error(accepted, StatusCode::GONE, "invitation_expired").await;
    assert_eq!(members(&owner).await.len(), 1);
}

#[tokio::test]
async fn a_revoked_link_says_it_was_withdrawn() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("withdrawn");
    let invitation = invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let res = owner.client.delete(&format!("/api/invitations/{}", invitation.id)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let preview = app.client().post("/api/auth/invitation", &json!({"token": token})).await;
    let accepted =
        accept(&app, json!({"token": token, "name": "Fran", "password": NEW_PASSWORD})).await;

    let err = error(preview, StatusCode::GONE, "invitation_revoked").await;
    assert!(err.error.message.contains("withdrawn"), "{}", err.error.message);
    error(accepted, StatusCode::GONE, "invitation_revoked").await;
}

#[tokio::test]
async fn a_wrong_or_malformed_token_is_not_found() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("guess");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let (id, secret) = token.split_once('.').expect("<id>.<secret>");
    let flipped = if secret.starts_with('A') { "B" } else { "A" };
    let wrong_secret = format!("{id}.{flipped}{}", &secret[1..]);

    for bad in [wrong_secret.as_str(), &token[..token.len() - 1], "nonsense", "", id] {
        let preview = app.client().post("/api/auth/invitation", &json!({"token": bad})).await;
        let err = error(preview, StatusCode::NOT_FOUND, "invitation_not_found").await;
        assert!(err.error.message.contains("isn't valid"), "{}", err.error.message);
        let accepted =
            accept(&app, json!({"token": bad, "name": "Fran", "password": NEW_PASSWORD})).await;
        error(accepted, StatusCode::NOT_FOUND, "invitation_not_found").await;
    }
    let preview = app.client().post("/api/auth/invitation", &json!({"token": token})).await;
    assert_eq!(preview.status(), StatusCode::OK, "the real link still works");
}

#[tokio::test]
async fn someone_already_in_the_organization_is_told_so() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    invite(&acme, &globex.email, Role::Member).await;
    let token = invitation_token(&app, &globex.email).await;
    // They join another way meanwhile (the link of a second invitation can't exist: one open
    // invitation per address), e.g. added by staff.
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "INSERT INTO member (organization_id, person_id, role) \
         SELECT '{}', id, 'viewer' FROM person WHERE email = '{}'",
        acme.me.organization.id, globex.email
    ))
    .execute(&mut conn)
    .await
    .expect("adding the member");

    let res = accept(&app, json!({"token": token, "password": globex.password})).await;

    error(res, StatusCode::CONFLICT, "already_member").await;
}

#[tokio::test]
async fn the_public_pages_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(&[("LOGIN_LIMIT_PER_IP", "3")]).await;

    for _ in 0..3 {
        let res = app.client().post("/api/auth/invitation", &json!({"token": "nonsense"})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = app.client().post("/api/auth/invitation/accept", &json!({"token": "nonsense"})).await;

    assert!(res.headers().contains_key("retry-after"));
    error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
