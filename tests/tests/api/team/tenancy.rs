use loquent_shared::{Invitation, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use reqwest::StatusCode;
use serde_json::json;

use super::{invitation_token, invite, members, set_role, unique_email};

#[tokio::test]
async fn another_organizations_members_and_invitations_are_invisible_and_untouchable() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_member = app.add_member(&acme, Role::Member).await;
    let acme_invitation = invite(&acme, &unique_email("acme"), Role::Member).await;
    let globex_invitation = invite(&globex, &unique_email("globex"), Role::Member).await;
    let member_path = format!("/api/members/{}", acme_member.me.member.id);
    let invitation_path = format!("/api/invitations/{}", acme_invitation.id);

    let responses = [
        set_role(&globex, acme_member.me.member.id, Role::Viewer).await,
        set_role(&globex, acme.me.member.id, Role::Viewer).await,
        globex.client.delete(&member_path).await,
        globex
            .client
            .post(
                "/api/organization/transfer-ownership",
                &json!({"member_id": acme_member.me.member.id}),
            )
            .await,
        globex.client.post_empty(&format!("{invitation_path}/resend")).await,
        globex.client.delete(&invitation_path).await,
    ];

    for res in responses {
        error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    let seen: Vec<Invitation> =
        json(globex.client.get("/api/invitations").await, StatusCode::OK).await;
    assert_eq!(seen.iter().map(|i| i.id).collect::<Vec<_>>(), [globex_invitation.id]);
    let seen = members(&globex).await;
    assert_eq!(seen.iter().map(|m| m.id).collect::<Vec<_>>(), [globex.me.member.id]);
    // Untouched in their own organization.
    let acme_team = members(&acme).await;
    assert!(acme_team.iter().any(|m| m.id == acme_member.me.member.id && m.role == Role::Member));
    let acme_open: Vec<Invitation> =
        json(acme.client.get("/api/invitations").await, StatusCode::OK).await;
    assert_eq!(acme_open, vec![acme_invitation.clone()]);
    let token = invitation_token(&app, &acme_invitation.email).await;
    let preview = app.client().post("/api/auth/invitation", &json!({"token": token})).await;
    assert_eq!(preview.status(), StatusCode::OK);
}

#[tokio::test]
async fn invitation_emails_stay_in_the_inviting_organizations_outbox() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    invite(&acme, &unique_email("acme"), Role::Member).await;

    let seen: loquent_shared::MailMessagePage =
        json(globex.client.get("/api/mail/outbox").await, StatusCode::OK).await;

    assert!(seen.items.iter().all(|m| m.kind != "invitation"), "{seen:?}");
}
