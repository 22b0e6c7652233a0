use loquent_shared::{CreatedApiKey, Me, Role};
use loquent_tests::client::{error, json};
use loquent_tests::{ApiClient, TestApp};
use reqwest::StatusCode;
use serde_json::json;

use super::{invitation_token, invite, members, set_role};

#[tokio::test]
async fn a_removed_members_session_and_api_keys_stop_working_at_once() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let key: CreatedApiKey = json(
        admin.client.post("/api/api-keys", &json!({"name": "Their CRM sync"})).await,
        StatusCode::CREATED,
    )
    .await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);
    assert_eq!(integration.get("/api/me").await.status(), StatusCode::OK);
    assert_eq!(admin.client.get("/api/me").await.status(), StatusCode::OK);

    let res = owner.client.delete(&format!("/api/members/{}", admin.me.member.id)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(admin.client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    error(integration.get("/api/me").await, StatusCode::UNAUTHORIZED, "invalid_api_key").await;
    assert!(members(&owner).await.iter().all(|m| m.id != admin.me.member.id));
    // Their login stays, but leads nowhere.
    let login = app
        .client()
        .post("/api/auth/login", &json!({"email": admin.email, "password": admin.password}))
        .await;
    error(login, StatusCode::FORBIDDEN, "no_membership").await;
    let again = owner.client.delete(&format!("/api/members/{}", admin.me.member.id)).await;
    error(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn removal_from_one_organization_leaves_the_others() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    invite(&acme, &globex.email, Role::Member).await;
    let token = invitation_token(&app, &globex.email).await;
    let in_acme = app.client();
    let joined: Me = json(
        in_acme
            .post(
                "/api/auth/invitation/accept",
                &json!({"token": token, "password": globex.password}),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    let res = acme.client.delete(&format!("/api/members/{}", joined.member.id)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(in_acme.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let still: Me = json(globex.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(still.organization.id, globex.me.organization.id);
    assert_eq!(still.memberships.len(), 1);
}

#[tokio::test]
async fn someone_leaving_one_of_their_organizations_stays_signed_in_to_another() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    invite(&acme, &globex.email, Role::Member).await;
    let token = invitation_token(&app, &globex.email).await;
    let browser = app.client();
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
    assert_eq!(joined.organization.id, acme.me.organization.id);

    let res = browser.delete(&format!("/api/members/{}", joined.member.id)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("loquent_session="));
    assert!(!cleared, "the cookie stays");
    let now: Me = json(browser.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(now.organization.id, globex.me.organization.id);
    assert_eq!(now.memberships.len(), 1);
    assert_eq!(members(&acme).await.len(), 1);
}

#[tokio::test]
async fn anyone_may_leave_and_is_signed_out() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;

    let res = viewer.client.delete(&format!("/api/members/{}", viewer.me.member.id)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("loquent_session=;"));
    assert!(cleared, "the cookie is cleared");
    error(viewer.client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(members(&owner).await.len(), 1);
}

#[tokio::test]
async fn the_last_owner_cant_leave_but_one_of_two_can() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let mine = format!("/api/members/{}", owner.me.member.id);

    let alone = owner.client.delete(&mine).await;

    let err = error(alone, StatusCode::CONFLICT, "last_owner").await;
    assert!(err.error.message.contains("leave"), "{}", err.error.message);
    let second = app.add_member(&owner, Role::Admin).await;
    set_role(&owner, second.me.member.id, Role::Owner).await;
    assert_eq!(owner.client.delete(&mine).await.status(), StatusCode::NO_CONTENT);
    let left = members(&second).await;
    assert_eq!(
        left.iter().map(|m| (m.id, m.role)).collect::<Vec<_>>(),
        [(second.me.member.id, Role::Owner)]
    );
}

#[tokio::test]
async fn only_owners_remove_owners_and_members_remove_nobody() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let other_admin = app.add_member(&owner, Role::Admin).await;
    let member = app.add_member(&owner, Role::Member).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;

    let admin_removes_owner =
        admin.client.delete(&format!("/api/members/{}", owner.me.member.id)).await;
    let member_removes_viewer =
        member.client.delete(&format!("/api/members/{}", viewer.me.member.id)).await;
    let viewer_removes_member =
        viewer.client.delete(&format!("/api/members/{}", member.me.member.id)).await;
    let admin_removes_admin =
        admin.client.delete(&format!("/api/members/{}", other_admin.me.member.id)).await;

    error(admin_removes_owner, StatusCode::FORBIDDEN, "owner_required").await;
    error(member_removes_viewer, StatusCode::FORBIDDEN, "forbidden").await;
    error(viewer_removes_member, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(admin_removes_admin.status(), StatusCode::NO_CONTENT);
    assert_eq!(members(&owner).await.len(), 4);
}

#[tokio::test]
async fn an_api_key_cant_leave_for_its_maker() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let key: CreatedApiKey = json(
        admin.client.post("/api/api-keys", &json!({"name": "CRM sync"})).await,
        StatusCode::CREATED,
    )
    .await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);

    let res = integration.delete(&format!("/api/members/{}", admin.me.member.id)).await;

    error(res, StatusCode::FORBIDDEN, "session_required").await;
    assert_eq!(members(&owner).await.len(), 2);
}
