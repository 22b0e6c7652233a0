//! `/api/report-settings`: defaults until saved, validation naming the field, admins only, and
//! each organization sees and sets only its own.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::db::schema::member;
use loquent_shared::{ReportSettings, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::{put_settings, save_settings};

fn defaults(timezone: &str) -> ReportSettings {
    ReportSettings {
        member_ids: vec![],
        emails: vec![],
        call_reports: false,
        daily_digest: false,
        digest_hour: 8,
        timezone: timezone.into(),
    }
}

#[tokio::test]
async fn the_defaults_until_saved_then_what_was_saved_normalised() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let (owner_id, admin_id) = (owner.me.member.id, admin.me.member.id);

    let before: ReportSettings =
        json(owner.client.get("/api/report-settings").await, StatusCode::OK).await;
    let saved = save_settings(
        &admin,
        &json!({
            "member_ids": [owner_id, admin_id, owner_id],
            "emails": [" Desk@Acme.example ", "desk@acme.example", "boss@acme.example"],
            "call_reports": true,
            "daily_digest": true,
            "digest_hour": 18,
        }),
    )
    .await;
    let after: ReportSettings =
        json(owner.client.get("/api/report-settings").await, StatusCode::OK).await;

    assert_eq!(before, defaults(&owner.me.organization.timezone));
    let expected = ReportSettings {
        member_ids: vec![owner_id, admin_id],
        emails: vec!["desk@acme.example".into(), "boss@acme.example".into()],
        call_reports: true,
        daily_digest: true,
        digest_hour: 18,
        timezone: owner.me.organization.timezone.clone(),
    };
    assert_eq!(saved, expected);
    assert_eq!(after, expected);

    // A PUT replaces everything: what it leaves out takes the defaults.
    let reset = save_settings(&owner, &json!({"emails": ["desk@acme.example"]})).await;
    assert_eq!(
        reset,
        ReportSettings { emails: vec!["desk@acme.example".into()], ..defaults(&reset.timezone) }
    );
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let kept =
        save_settings(&acme, &json!({"emails": ["desk@acme.example"], "call_reports": true})).await;

    let bad_email =
        put_settings(&acme, &json!({"emails": ["desk@acme.example", "not an address"]})).await;
    field_error(bad_email, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", "emails").await;
    let many: Vec<String> = (0..21).map(|n| format!("r{n}@acme.example")).collect();
    let too_many = put_settings(&acme, &json!({"emails": many})).await;
    field_error(too_many, StatusCode::UNPROCESSABLE_ENTITY, "too_many", "emails").await;
    let late = put_settings(&acme, &json!({"digest_hour": 24})).await;
    field_error(late, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", "digest_hour").await;
    let negative = put_settings(&acme, &json!({"digest_hour": -1})).await;
    field_error(negative, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "digest_hour").await;
    let not_a_uuid = put_settings(&acme, &json!({"member_ids": ["bob"]})).await;
    error(not_a_uuid, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let unknown = put_settings(&acme, &json!({"member_ids": [Uuid::new_v4()]})).await;
    field_error(unknown, StatusCode::NOT_FOUND, "not_found", "member_ids").await;
    let theirs = put_settings(&acme, &json!({"member_ids": [globex.me.member.id]})).await;
    field_error(theirs, StatusCode::NOT_FOUND, "not_found", "member_ids").await;
    let malformed = acme
        .client
        .request(reqwest::Method::PUT, "/api/report-settings")
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("PUT");
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);

    let now: ReportSettings =
        json(acme.client.get("/api/report-settings").await, StatusCode::OK).await;
    assert_eq!(now, kept);
}

#[tokio::test]
async fn each_organization_sees_and_sets_only_its_own() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_settings = save_settings(
        &acme,
        &json!({"member_ids": [acme.me.member.id], "emails": ["desk@acme.example"],
                "call_reports": true, "daily_digest": true, "digest_hour": 6}),
    )
    .await;

    let theirs: ReportSettings =
        json(globex.client.get("/api/report-settings").await, StatusCode::OK).await;
    let stolen = put_settings(&globex, &json!({"member_ids": [acme.me.member.id]})).await;
    field_error(stolen, StatusCode::NOT_FOUND, "not_found", "member_ids").await;
    save_settings(&globex, &json!({"emails": ["office@globex.example"]})).await;
    let ours: ReportSettings =
        json(acme.client.get("/api/report-settings").await, StatusCode::OK).await;

    assert_eq!(theirs, defaults(&globex.me.organization.timezone));
    assert_eq!(ours, acme_settings, "the other organization's save changed nothing here");
}

#[tokio::test]
async fn only_admins_and_owners_see_or_change_them() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    for role in [Role::Viewer, Role::Member] {
        let who = app.add_member(&owner, role).await;
        error(who.client.get("/api/report-settings").await, StatusCode::FORBIDDEN, "forbidden")
            .await;
        let put =
            put_settings(&who, &json!({"call_reports": true, "emails": ["me@acme.example"]})).await;
        error(put, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let anonymous = app.client().get("/api/report-settings").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let admin = app.add_member(&owner, Role::Admin).await;
    save_settings(&admin, &json!({"call_reports": true})).await;
    let seen: ReportSettings =
        json(owner.client.get("/api/report-settings").await, StatusCode::OK).await;
    assert!(seen.call_reports && !seen.daily_digest);
}

#[tokio::test]
async fn a_member_who_left_is_no_longer_listed() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let leaver = app.add_member(&owner, Role::Member).await;
    save_settings(&owner, &json!({"member_ids": [owner.me.member.id, leaver.me.member.id]})).await;

    let mut conn = app.conn().await;
    diesel::delete(member::table.find(leaver.me.member.id))
        .execute(&mut conn)
        .await
        .expect("the member leaves");
    let seen: ReportSettings =
        json(owner.client.get("/api/report-settings").await, StatusCode::OK).await;

    assert_eq!(seen.member_ids, [owner.me.member.id]);
}
