use loquent_shared::{Me, Member, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{members, patch, set_role};

#[tokio::test]
async fn an_owner_changes_roles_and_the_member_acts_with_the_new_one_at_once() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    assert_eq!(viewer.client.get("/api/api-keys").await.status(), StatusCode::FORBIDDEN);

    let changed: Member =
        json(set_role(&owner, viewer.me.member.id, Role::Admin).await, StatusCode::OK).await;

    assert_eq!((changed.id, changed.role), (viewer.me.member.id, Role::Admin));
    assert_eq!(viewer.client.get("/api/api-keys").await.status(), StatusCode::OK);
    let me: Me = json(viewer.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.member.role, Role::Admin);
    let listed = members(&owner).await;
    assert!(listed.iter().any(|m| m.id == changed.id && m.role == Role::Admin));
}

#[tokio::test]
async fn the_team_lists_everyones_role_and_last_activity() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;

    let seen_by_viewer = members(&viewer).await;

    assert_eq!(seen_by_viewer.len(), 2);
    let me = seen_by_viewer.iter().find(|m| m.id == viewer.me.member.id).expect("listed");
    assert_eq!(me.role, Role::Viewer);
    assert!(me.last_active_at.is_some(), "their requests are noted");
}

#[tokio::test]
async fn an_admin_manages_roles_below_owner_only() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let member = app.add_member(&owner, Role::Member).await;

    let to_viewer = set_role(&admin, member.me.member.id, Role::Viewer).await;
    let to_owner = set_role(&admin, member.me.member.id, Role::Owner).await;
    let self_to_owner = set_role(&admin, admin.me.member.id, Role::Owner).await;
    let demote_owner = set_role(&admin, owner.me.member.id, Role::Admin).await;

    assert_eq!(json::<Member>(to_viewer, StatusCode::OK).await.role, Role::Viewer);
    let err = error(to_owner, StatusCode::FORBIDDEN, "owner_required").await;
    assert!(err.error.message.contains("only an owner"), "{}", err.error.message);
    error(self_to_owner, StatusCode::FORBIDDEN, "owner_required").await;
    error(demote_owner, StatusCode::FORBIDDEN, "owner_required").await;
    let roles: Vec<_> = members(&owner).await.iter().map(|m| (m.id, m.role)).collect();
    assert!(roles.contains(&(owner.me.member.id, Role::Owner)));
    assert!(roles.contains(&(admin.me.member.id, Role::Admin)));
}

#[tokio::test]
async fn members_and_viewers_cant_change_roles() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let member = app.add_member(&owner, Role::Member).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;

    for who in [&member, &viewer] {
        let res = set_role(who, who.me.member.id, Role::Admin).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = set_role(who, owner.me.member.id, Role::Viewer).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let anonymous = app
        .client()
        .request(Method::PATCH, &format!("/api/members/{}", owner.me.member.id))
        .json(&json!({"role": "viewer"}))
        .send()
        .await
        .expect("PATCH");
    error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn the_last_owner_keeps_the_role() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let alone = set_role(&owner, owner.me.member.id, Role::Admin).await;

    let err = error(alone, StatusCode::CONFLICT, "last_owner").await;
    assert!(err.error.message.contains("last owner"), "{}", err.error.message);
    let second = app.add_member(&owner, Role::Admin).await;
    json::<Member>(set_role(&owner, second.me.member.id, Role::Owner).await, StatusCode::OK).await;
    let now_allowed = set_role(&owner, owner.me.member.id, Role::Admin).await;
    assert_eq!(json::<Member>(now_allowed, StatusCode::OK).await.role, Role::Admin);
    let last_again = set_role(&second, second.me.member.id, Role::Member).await;
    error(last_again, StatusCode::CONFLICT, "last_owner").await;
}

#[tokio::test]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    let app = TestApp::spawn().await;
    let first = app.sign_up("Acme Dental").await;
    let second = app.add_member(&first, Role::Owner).await;

    let (a, b) = tokio::join!(
        set_role(&first, second.me.member.id, Role::Admin),
        set_role(&second, first.me.member.id, Role::Admin),
    );

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    // The one who went second was no longer an owner, or would have removed the last one.
    assert_eq!(statuses[0], StatusCode::OK);
    assert!(matches!(statuses[1], StatusCode::FORBIDDEN | StatusCode::CONFLICT), "{statuses:?}");
    // Both are still members (admins at least), so either may list the team.
    let owners = members(&first).await;
    assert_eq!(owners.iter().filter(|m| m.role == Role::Owner).count(), 1);
}

#[tokio::test]
async fn bad_role_changes_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let member = app.add_member(&owner, Role::Member).await;
    let path = format!("/api/members/{}", member.me.member.id);

    let unknown = patch(&owner, &path, json!({"role": "boss"})).await;
    let missing = patch(&owner, &path, json!({})).await;
    let not_uuid = patch(&owner, "/api/members/not-a-uuid", json!({"role": "viewer"})).await;
    let nobody =
        patch(&owner, &format!("/api/members/{}", uuid::Uuid::new_v4()), json!({"role": "viewer"}))
            .await;

    field_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "role").await;
    field_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "role").await;
    field_error(not_uuid, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
    error(nobody, StatusCode::NOT_FOUND, "not_found").await;
}
