use diesel_async::RunQueryDsl;
use loquent_shared::{Invitation, InvitationStatus, MailStatus, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json};
use reqwest::StatusCode;
use serde_json::json;

use super::{invitation_mail, invitation_token, invite, unique_email};

#[tokio::test]
async fn an_invitation_is_listed_and_emailed_with_its_link_in_the_fragment() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Tom & Jerry <Dental>").await;
    let email = unique_email("frontdesk");

    let created = invite(&owner, &format!("  {}  ", email.to_uppercase()), Role::Admin).await;

    assert_eq!((created.email.as_str(), created.role), (email.as_str(), Role::Admin));
    assert_eq!(created.status, InvitationStatus::Pending);
    assert_eq!(created.invited_by.as_deref(), Some("Tom & Jerry <Dental> Owner"));
    let week = created.expires_at - created.sent_at;
    assert_eq!(week, chrono::Duration::days(7));
    let listed: Vec<Invitation> =
        json(owner.client.get("/api/invitations").await, StatusCode::OK).await;
    assert_eq!(listed, vec![created.clone()]);

    let mail = invitation_mail(&owner, &email).await;
    assert_eq!(mail.message.kind, "invitation");
    assert!(matches!(mail.message.status, MailStatus::Queued | MailStatus::Outbox));
    assert!(mail.message.subject.contains("Tom & Jerry <Dental>"), "{}", mail.message.subject);
    let link = format!("{}/invite#token=(hidden)", app.base_url);
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert!(mail.html.contains(&format!("href=\"{link}")), "{}", mail.html);
    assert!(mail.html.contains("Tom &amp; Jerry &lt;Dental&gt;"), "escaped: {}", mail.html);
    assert!(!mail.html.contains("<Dental>"), "{}", mail.html);
    let token = invitation_token(&app, &email).await;
    assert!(token.starts_with(&created.id.simple().to_string()), "{token}");
}

#[tokio::test]
async fn the_outbox_hides_the_invitation_links_secret() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("hidden");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;

    // An admin reading the outbox can't accept the invitation in the invitee's name.
    let mail = invitation_mail(&owner, &email).await;

    let hidden = format!("{}/invite#token=(hidden)", app.base_url);
    assert!(mail.text.contains(&hidden), "{}", mail.text);
    assert!(mail.html.contains(&hidden), "{}", mail.html);
    assert!(!mail.text.contains(&token) && !mail.html.contains(&token));
}

#[tokio::test]
async fn invitations_are_stored_hashed() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("hashed");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let (_, secret) = token.split_once('.').expect("<id>.<secret>");

    let mut conn = app.conn().await;
    let dump: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "(SELECT string_agg(row_to_json(invitation)::text, ',') FROM invitation)",
    ))
    .get_result(&mut conn)
    .await
    .expect("invitation rows");

    assert!(!dump.contains(secret), "the table holds the secret: {dump}");
}

#[tokio::test]
async fn resending_issues_a_new_link_and_week_and_the_old_link_stops_working() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("resend");
    let created = invite(&owner, &email, Role::Member).await;
    let old_token = invitation_token(&app, &email).await;
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = '{}'",
        created.id
    ))
    .execute(&mut conn)
    .await
    .expect("expiring the invitation");
    let listed: Vec<Invitation> =
        json(owner.client.get("/api/invitations").await, StatusCode::OK).await;
    assert_eq!(listed[0].status, InvitationStatus::Expired, "an expired invitation stays listed");

    let resent: Invitation = json(
        owner.client.post_empty(&format!("/api/invitations/{}/resend", created.id)).await,
        StatusCode::OK,
    )
    .await;

    assert_eq!(resent.id, created.id);
    assert_eq!(resent.status, InvitationStatus::Pending);
    assert!(resent.sent_at > created.sent_at && resent.expires_at > created.expires_at);
    let new_token = invitation_token(&app, &email).await;
    assert_ne!(new_token, old_token);
    let old = app.client().post("/api/auth/invitation", &json!({"token": old_token})).await;
    error(old, StatusCode::NOT_FOUND, "invitation_not_found").await;
    let new = app.client().post("/api/auth/invitation", &json!({"token": new_token})).await;
    assert_eq!(new.status(), StatusCode::OK);
    let send_count: i32 = diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>(&format!(
        "(SELECT send_count FROM invitation WHERE id = '{}')",
        created.id
    )))
    .get_result(&mut conn)
    .await
    .expect("send_count");
    assert_eq!(send_count, 2);
}

#[tokio::test]
async fn a_revoked_invitation_leaves_the_list_and_can_be_sent_anew() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("revoked");
    let created = invite(&owner, &email, Role::Member).await;
    let one = format!("/api/invitations/{}", created.id);

    let res = owner.client.delete(&one).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let listed: Vec<Invitation> =
        json(owner.client.get("/api/invitations").await, StatusCode::OK).await;
    assert!(listed.is_empty());
    error(owner.client.delete(&one).await, StatusCode::NOT_FOUND, "not_found").await;
    let resend = owner.client.post_empty(&format!("{one}/resend")).await;
    error(resend, StatusCode::NOT_FOUND, "not_found").await;
    let again = invite(&owner, &email, Role::Viewer).await;
    assert_ne!(again.id, created.id);
}

#[tokio::test]
async fn members_and_open_invitations_cant_be_invited_twice() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let email = unique_email("twice");
    invite(&owner, &email, Role::Member).await;

    let member = owner
        .client
        .post("/api/invitations", &json!({"email": owner.email.to_uppercase(), "role": "admin"}))
        .await;
    let invited = owner
        .client
        .post("/api/invitations", &json!({"email": email.to_uppercase(), "role": "admin"}))
        .await;

    field_error(member, StatusCode::CONFLICT, "already_member", "email").await;
    field_error(invited, StatusCode::CONFLICT, "already_invited", "email").await;
}

#[tokio::test]
async fn bad_invitations_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let not_email = owner
        .client
        .post("/api/invitations", &json!({"email": "frontdesk", "role": "member"}))
        .await;
    let no_role = owner.client.post("/api/invitations", &json!({"email": "a@example.com"})).await;
    let bad_role = owner
        .client
        .post("/api/invitations", &json!({"email": "a@example.com", "role": "boss"}))
        .await;
    let bad_id = owner.client.post_empty("/api/invitations/not-a-uuid/resend").await;

    field_error(not_email, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", "email").await;
    field_error(no_role, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "role").await;
    field_error(bad_role, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "role").await;
    field_error(bad_id, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
}

#[tokio::test]
async fn admins_invite_but_not_owners_and_members_and_viewers_only_read() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let member = app.add_member(&owner, Role::Member).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let owners_invitation = invite(&owner, &unique_email("co-owner"), Role::Owner).await;
    let admins_invitation = invite(&admin, &unique_email("helper"), Role::Admin).await;

    let admin_invites_owner = admin
        .client
        .post("/api/invitations", &json!({"email": unique_email("x"), "role": "owner"}))
        .await;
    let admin_resends_owner =
        admin.client.post_empty(&format!("/api/invitations/{}/resend", owners_invitation.id)).await;
    let admin_resends_admin =
        admin.client.post_empty(&format!("/api/invitations/{}/resend", admins_invitation.id)).await;

    error(admin_invites_owner, StatusCode::FORBIDDEN, "owner_required").await;
    error(admin_resends_owner, StatusCode::FORBIDDEN, "owner_required").await;
    assert_eq!(admin_resends_admin.status(), StatusCode::OK);
    for who in [&member, &viewer] {
        let listed: Vec<Invitation> =
            json(who.client.get("/api/invitations").await, StatusCode::OK).await;
        assert_eq!(listed.len(), 2, "Team is read-only for them, not hidden");
        let create = who
            .client
            .post("/api/invitations", &json!({"email": unique_email("y"), "role": "viewer"}))
            .await;
        error(create, StatusCode::FORBIDDEN, "forbidden").await;
        let resend = who
            .client
            .post_empty(&format!("/api/invitations/{}/resend", admins_invitation.id))
            .await;
        error(resend, StatusCode::FORBIDDEN, "forbidden").await;
        let revoke = who.client.delete(&format!("/api/invitations/{}", admins_invitation.id)).await;
        error(revoke, StatusCode::FORBIDDEN, "forbidden").await;
    }
    // Withdrawing an offer grants nothing: an admin may revoke even an owner's invitation.
    let revoke = admin.client.delete(&format!("/api/invitations/{}", owners_invitation.id)).await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let anonymous = app.client().get("/api/invitations").await;
    error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}
