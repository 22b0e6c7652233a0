//! `PATCH /api/account`: the person's name, everywhere they are a member.

use loquent_shared::{Me, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{field_error, json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_rename_shows_in_every_organization() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let person = app.add_member(&acme, Role::Member).await;
    // The same person in a second organization.
    let mut conn = app.conn().await;
    loquent_server::mods::team::queries::insert_member(
        &mut conn,
        loquent_server::mods::team::queries::NewMember {
            organization_id: globex.me.organization.id,
            person_id: super::person_id(&app, person.me.member.id).await,
            role: Role::Viewer,
        },
    )
    .await
    .expect("second membership");

    let res = person.client.patch("/api/account", &json!({"name": "  Ada <Lovelace>  "})).await;

    let me: Me = json(res, StatusCode::OK).await;
    assert_eq!(me.member.name, "Ada <Lovelace>");
    assert_eq!(me.member.id, person.me.member.id);
    assert_eq!(me.memberships.len(), 2);
    let res = person
        .client
        .post("/api/me/organization", &json!({"organization_id": globex.me.organization.id}))
        .await;
    let there: Me = json(res, StatusCode::OK).await;
    assert_eq!(there.organization.id, globex.me.organization.id);
    assert_eq!(there.member.name, "Ada <Lovelace>");
}

#[tokio::test]
async fn a_blank_name_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let res = owner.client.patch("/api/account", &json!({"name": "   "})).await;

    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "required", "name").await;
    let me: Me = json(owner.client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.member.name, owner.me.member.name);
}
