use loquent_shared::{Invitation, MembershipAction, MembershipEvent, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use reqwest::StatusCode;
use serde_json::json;

use super::{NEW_PASSWORD, accept, invitation_token, invite, set_role, unique_email};

#[tokio::test]
async fn every_change_to_the_team_is_in_the_owners_trail_newest_first() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let leaver = app.add_member(&owner, Role::Viewer).await;
    let withdrawn = invite(&owner, &unique_email("withdrawn"), Role::Viewer).await;
    owner.client.post_empty(&format!("/api/invitations/{}/resend", withdrawn.id)).await;
    owner.client.delete(&format!("/api/invitations/{}", withdrawn.id)).await;
    let email = unique_email("fran");
    invite(&owner, &email, Role::Member).await;
    let token = invitation_token(&app, &email).await;
    let joined: loquent_shared::Me = json(
        accept(&app, json!({"token": token, "name": "Fran Desk", "password": NEW_PASSWORD})).await,
        StatusCode::CREATED,
    )
    .await;
    set_role(&owner, joined.member.id, Role::Admin).await;
    owner.client.delete(&format!("/api/members/{}", joined.member.id)).await;
    leaver.client.delete(&format!("/api/members/{}", leaver.me.member.id)).await;
    let heir = app.add_member(&owner, Role::Member).await;
    owner
        .client
        .post("/api/organization/transfer-ownership", &json!({"member_id": heir.me.member.id}))
        .await;

    let trail: Vec<MembershipEvent> =
        json(heir.client.get("/api/membership-events").await, StatusCode::OK).await;

    let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
    use MembershipAction::*;
    assert_eq!(
        actions,
        [
            RoleChanged,
            OwnershipTransferred,
            Left,
            Removed,
            RoleChanged,
            Joined,
            Invited,
            InvitationRevoked,
            InvitationResent,
            Invited,
        ]
    );
    let by = |action| trail.iter().find(|e| e.action == action).expect("recorded");
    let owner_name = "Acme Dental Owner";
    let removed = by(Removed);
    assert_eq!(removed.actor_name, owner_name);
    assert_eq!(
        (removed.subject_name.as_deref(), removed.subject_email.as_str()),
        (Some("Fran Desk"), email.as_str())
    );
    assert_eq!((removed.role_before, removed.role_after), (Some(Role::Admin), None));
    let changed = &trail[4];
    assert_eq!((changed.role_before, changed.role_after), (Some(Role::Member), Some(Role::Admin)));
    let joined_event = by(Joined);
    assert_eq!(
        (joined_event.actor_name.as_str(), joined_event.role_after),
        ("Fran Desk", Some(Role::Member))
    );
    assert_eq!(by(Left).subject_email, leaver.email);
    assert_eq!(
        (by(Left).actor_name.as_str(), by(Left).role_before),
        ("Added Member", Some(Role::Viewer))
    );
    let transferred = by(OwnershipTransferred);
    assert_eq!(transferred.subject_email, heir.email);
    assert_eq!(
        (transferred.role_before, transferred.role_after),
        (Some(Role::Member), Some(Role::Owner))
    );
    assert_eq!(trail[0].subject_email, owner.email, "the former owner became an admin");
    assert_eq!((trail[0].role_before, trail[0].role_after), (Some(Role::Owner), Some(Role::Admin)));
    let invited = trail.last().expect("the first event");
    assert_eq!(
        (invited.subject_name.as_deref(), invited.subject_email.as_str()),
        (None, withdrawn.email.as_str())
    );
    assert!(trail.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
}

#[tokio::test]
async fn only_owners_read_the_trail() {
    let app = TestApp::spawn().await;
    let (owner, globex) = app.two_orgs().await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let _: Invitation = invite(&owner, &unique_email("someone"), Role::Member).await;
    let _: Invitation = invite(&globex, &unique_email("elsewhere"), Role::Member).await;

    for who in [&admin, &viewer] {
        let res = who.client.get("/api/membership-events").await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let trail: Vec<MembershipEvent> =
        json(owner.client.get("/api/membership-events").await, StatusCode::OK).await;
    assert_eq!(trail.len(), 1, "only this organization's: {trail:?}");
    let anonymous = app.client().get("/api/membership-events").await;
    error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}
