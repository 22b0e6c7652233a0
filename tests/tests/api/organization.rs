use loquent_shared::{Me, Organization, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn patch(org: &SignedIn, body: serde_json::Value) -> reqwest::Response {
    org.client.request(Method::PATCH, "/api/organization").json(&body).send().await.expect("PATCH")
}

async fn me(org: &SignedIn) -> Me {
    json(org.client.get("/api/me").await, StatusCode::OK).await
}

#[tokio::test]
async fn a_new_organization_counts_in_utc_until_told_otherwise() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    assert_eq!(owner.me.organization.timezone, "UTC");

    let changed: Organization =
        json(patch(&owner, json!({"timezone": "America/New_York"})).await, StatusCode::OK).await;
    assert_eq!(changed.timezone, "America/New_York");
    assert_eq!(changed.name, "Acme Dental", "a field left out stays");
    assert_eq!(me(&owner).await.organization, changed);

    let renamed: Organization =
        json(patch(&owner, json!({"name": "  Acme Dental Group "})).await, StatusCode::OK).await;
    assert_eq!(
        (renamed.name.as_str(), renamed.timezone.as_str()),
        ("Acme Dental Group", "America/New_York")
    );

    let both: Organization =
        json(patch(&owner, json!({"name": "Acme", "timezone": "Etc/GMT+5"})).await, StatusCode::OK)
            .await;
    assert_eq!((both.name.as_str(), both.timezone.as_str()), ("Acme", "Etc/GMT+5"));
}

#[tokio::test]
async fn a_time_zone_must_be_one_the_database_knows_and_nothing_changes_otherwise() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    for zone in ["Mars/Olympus_Mons", "America/Nowhere"] {
        field_error(
            patch(&owner, json!({"name": "Renamed", "timezone": zone})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_timezone",
            "timezone",
        )
        .await;
    }
    for zone in ["", "Europe/Paris; DROP TABLE call", "../etc/passwd"] {
        field_error(
            patch(&owner, json!({"timezone": zone})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_timezone",
            "timezone",
        )
        .await;
    }
    let after = me(&owner).await.organization;
    assert_eq!((after.name.as_str(), after.timezone.as_str()), ("Acme Dental", "UTC"));
}

#[tokio::test]
async fn bad_bodies_name_their_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    field_error(
        patch(&owner, json!({"name": "  "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
        "name",
    )
    .await;
    field_error(
        patch(&owner, json!({"timezone": 5})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        "timezone",
    )
    .await;
    field_error(
        patch(&owner, json!({"name": null})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        "name",
    )
    .await;
    whole_error(patch(&owner, json!({})).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
        .await;
}

#[tokio::test]
async fn only_admins_and_owners_change_the_organization_and_only_their_own() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    for role in [Role::Viewer, Role::Member] {
        let someone = app.add_member(&acme, role).await;
        error(
            patch(&someone, json!({"name": "Mine now"})).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let admin = app.add_member(&acme, Role::Admin).await;
    json::<Organization>(patch(&admin, json!({"timezone": "Europe/Paris"})).await, StatusCode::OK)
        .await;

    // There is no organization id to aim at another: each changes its own, and only its own.
    json::<Organization>(patch(&globex, json!({"timezone": "Asia/Tokyo"})).await, StatusCode::OK)
        .await;
    assert_eq!(me(&acme).await.organization.timezone, "Europe/Paris");
    assert_eq!(me(&acme).await.organization.name, "Acme Dental");
    assert_eq!(me(&globex).await.organization.timezone, "Asia/Tokyo");
}

#[tokio::test]
async fn without_credentials_it_is_401() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .request(Method::PATCH, "/api/organization")
        .json(&json!({"name": "x"}))
        .send()
        .await
        .expect("PATCH");
    error(res, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn sign_up_takes_the_browsers_time_zone_when_the_database_knows_it() {
    let app = TestApp::spawn().await;
    let signup = |zone: serde_json::Value| {
        json!({
            "name": "Ada Lovelace",
            "email": format!("ada-{}@example.com", uuid::Uuid::new_v4().simple()),
            "password": "correct horse battery",
            "organization_name": "Acme Dental",
            "timezone": zone,
        })
    };
    let known: Me = json(
        app.client().post("/api/auth/signup", &signup(json!("Europe/Paris"))).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(known.organization.timezone, "Europe/Paris");
    // A zone this database doesn't know doesn't stop anyone signing up: UTC until it's set.
    let unknown: Me = json(
        app.client().post("/api/auth/signup", &signup(json!("Mars/Olympus_Mons"))).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(unknown.organization.timezone, "UTC");
    field_error(
        app.client().post("/api/auth/signup", &signup(json!("Europe/Paris; DROP"))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_timezone",
        "timezone",
    )
    .await;
}
