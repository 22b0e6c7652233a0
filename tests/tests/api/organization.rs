use loquent_shared::{Me, OpeningHours, Organization, Role};
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

fn profile() -> serde_json::Value {
    json!({
        "description": "  Family dental practice: checkups, cleanings and emergencies.\nSince 1998. ",
        "address": "12 Harbor Street, Boston, MA 02110",
        "website": "https://acme-dental.example/",
        "hours": [
            {"day": "monday", "opens": "08:00", "closes": "12:00"},
            {"day": "monday", "opens": "13:00", "closes": "17:00"},
            {"day": "saturday", "opens": "09:00", "closes": "24:00"}
        ]
    })
}

#[tokio::test]
async fn the_profile_is_stored_and_returned_until_cleared() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let blank = &owner.me.organization;
    assert_eq!(
        (blank.description.as_str(), blank.address.as_str(), blank.website.as_str()),
        ("", "", "")
    );
    assert!(blank.hours.is_empty());

    let changed: Organization = json(patch(&owner, profile()).await, StatusCode::OK).await;

    assert_eq!(
        changed.description,
        "Family dental practice: checkups, cleanings and emergencies.\nSince 1998.",
        "trimmed, its line breaks kept"
    );
    assert_eq!(changed.address, "12 Harbor Street, Boston, MA 02110");
    assert_eq!(changed.website, "https://acme-dental.example/");
    let hours: Vec<OpeningHours> =
        serde_json::from_value(profile()["hours"].clone()).expect("hours");
    assert_eq!(changed.hours, hours);
    assert_eq!((changed.name.as_str(), changed.timezone.as_str()), ("Acme Dental", "UTC"));
    assert_eq!(me(&owner).await.organization, changed);

    // One field at a time; the others stay.
    let moved: Organization =
        json(patch(&owner, json!({"address": "9 Pier Road"})).await, StatusCode::OK).await;
    assert_eq!(moved.address, "9 Pier Road");
    assert_eq!((&moved.description, &moved.hours), (&changed.description, &changed.hours));

    // Empty clears.
    let cleared: Organization = json(
        patch(&owner, json!({"description": "", "address": " ", "website": "", "hours": []})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (cleared.description.as_str(), cleared.address.as_str(), cleared.website.as_str()),
        ("", "", "")
    );
    assert!(cleared.hours.is_empty());
    assert_eq!(me(&owner).await.organization, cleared);
}

#[tokio::test]
async fn a_bad_profile_field_is_named_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    json::<Organization>(patch(&owner, profile()).await, StatusCode::OK).await;
    let before = me(&owner).await.organization;
    let period = |day: &str, opens: &str, closes: &str| json!({"day": day, "opens": opens, "closes": closes});

    let bad_hours = [
        ("closes before it opens", json!([period("monday", "17:00", "08:00")])),
        ("closes as it opens", json!([period("monday", "08:00", "08:00")])),
        (
            "overlap",
            json!([period("friday", "08:00", "12:00"), period("friday", "11:30", "14:00")]),
        ),
        ("one digit hour", json!([period("monday", "8:00", "12:00")])),
        ("not a time", json!([period("monday", "noon", "13:00")])),
        ("past midnight", json!([period("monday", "22:00", "24:30")])),
        ("too many", json!(vec![period("monday", "08:00", "09:00"); 29])),
    ];
    for (why, hours) in bad_hours {
        let code = if why == "too many" { "too_many" } else { "invalid_hours" };
        let body = field_error(
            patch(&owner, json!({"name": "Renamed", "hours": hours})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            "hours",
        )
        .await;
        assert!(!body.error.message.is_empty(), "{why}");
    }
    let overlap = json!([period("friday", "08:00", "12:00"), period("friday", "11:30", "14:00")]);
    let body = field_error(
        patch(&owner, json!({"hours": overlap})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_hours",
        "hours",
    )
    .await;
    assert!(body.error.message.contains("overlap on Friday"), "{body:?}");

    for website in
        ["acme-dental.example", "javascript:alert(1)", "https://nohost", "https://a b.example"]
    {
        field_error(
            patch(&owner, json!({"website": website})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_url",
            "website",
        )
        .await;
    }
    field_error(
        patch(&owner, json!({"description": "x".repeat(2001)})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too_long",
        "description",
    )
    .await;
    field_error(
        patch(&owner, json!({"address": "x".repeat(301)})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too_long",
        "address",
    )
    .await;
    field_error(
        patch(&owner, json!({"address": "12 Harbor\u{0}Street"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        // Every JSON body is refused with U+0000 anywhere in it, before any field's own rules.
        "invalid_body",
        "address",
    )
    .await;
    let unknown_day = json!({"hours": [period("funday", "08:00", "12:00")]});
    let body =
        error(patch(&owner, unknown_day).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
            .await;
    assert!(body.error.field.as_deref().is_some_and(|f| f.starts_with("hours")), "{body:?}");

    assert_eq!(me(&owner).await.organization, before, "nothing changed");
    // Exactly at the limits is fine.
    json::<Organization>(
        patch(&owner, json!({"description": "x".repeat(2000), "address": "y".repeat(300)})).await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn only_admins_and_owners_change_the_profile_and_only_their_own_organization() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    json::<Organization>(
        patch(&globex, json!({"address": "1 Globex Way", "description": "Pipes."})).await,
        StatusCode::OK,
    )
    .await;
    let globex_before = me(&globex).await.organization;
    for role in [Role::Viewer, Role::Member] {
        let someone = app.add_member(&acme, role).await;
        error(patch(&someone, profile()).await, StatusCode::FORBIDDEN, "forbidden").await;
        // They read it all the same.
        assert_eq!(me(&someone).await.organization.address, "");
    }
    assert_eq!(me(&acme).await.organization.address, "", "nothing stored by them");

    let admin = app.add_member(&acme, Role::Admin).await;
    let changed: Organization = json(patch(&admin, profile()).await, StatusCode::OK).await;
    assert_eq!(changed.address, "12 Harbor Street, Boston, MA 02110");
    assert_eq!(me(&acme).await.organization, changed);
    assert_eq!(me(&globex).await.organization, globex_before, "another organization untouched");
}
