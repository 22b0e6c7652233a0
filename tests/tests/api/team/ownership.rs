use loquent_shared::{Me, Member, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json};
use reqwest::StatusCode;
use serde_json::json;

const TRANSFER: &str = "/api/organization/transfer-ownership";

#[tokio::test]
async fn an_owner_hands_the_organization_to_a_member_and_becomes_an_admin() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let member = app.add_member(&owner, Role::Member).await;

    let team: Vec<Member> = json(
        owner.client.post(TRANSFER, &json!({"member_id": member.me.member.id})).await,
        StatusCode::OK,
    )
    .await;

    let roles: Vec<_> = team.iter().map(|m| (m.id, m.role)).collect();
    assert!(roles.contains(&(member.me.member.id, Role::Owner)), "{roles:?}");
    assert!(roles.contains(&(owner.me.member.id, Role::Admin)), "{roles:?}");
    let new_owner: Me = json(member.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(new_owner.member.role, Role::Owner);
    // The former owner can't hand it on again; the new one can hand it back.
    let again = owner.client.post(TRANSFER, &json!({"member_id": member.me.member.id})).await;
    error(again, StatusCode::FORBIDDEN, "forbidden").await;
    let back = member.client.post(TRANSFER, &json!({"member_id": owner.me.member.id})).await;
    assert_eq!(back.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_an_owner_transfers_and_only_to_someone_else_in_the_organization() {
    let app = TestApp::spawn().await;
    let (owner, globex) = app.two_orgs().await;
    let admin = app.add_member(&owner, Role::Admin).await;

    let by_admin = admin.client.post(TRANSFER, &json!({"member_id": admin.me.member.id})).await;
    let to_self = owner.client.post(TRANSFER, &json!({"member_id": owner.me.member.id})).await;
    let to_stranger = owner.client.post(TRANSFER, &json!({"member_id": globex.me.member.id})).await;
    let missing = owner.client.post(TRANSFER, &json!({})).await;

    error(by_admin, StatusCode::FORBIDDEN, "forbidden").await;
    field_error(to_self, StatusCode::UNPROCESSABLE_ENTITY, "same_member", "member_id").await;
    error(to_stranger, StatusCode::NOT_FOUND, "not_found").await;
    field_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "member_id").await;
    let me: Me = json(owner.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.member.role, Role::Owner, "nothing changed");
    let theirs: Me = json(globex.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(theirs.member.role, Role::Owner);
}
