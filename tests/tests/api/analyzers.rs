use loquent_shared::{Analyzer, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

fn analyzer_body(name: &str, is_default: bool, phones: &[Uuid]) -> Value {
    json!({
        "name": name,
        "prompt": "Did the caller want to book, move or cancel an appointment?",
        "is_default": is_default,
        "phone_number_ids": phones,
    })
}

pub async fn create_analyzer(
    org: &SignedIn,
    name: &str,
    is_default: bool,
    phones: &[Uuid],
) -> Analyzer {
    json(
        org.client.post("/api/analyzers", &analyzer_body(name, is_default, phones)).await,
        StatusCode::CREATED,
    )
    .await
}

#[tokio::test]
async fn analyzers_keep_their_number_assignments() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let a = app.insert_phone(&owner, "+14155550101").await;
    let b = app.insert_phone(&owner, "+14155550102").await;

    let created = create_analyzer(&owner, "Intent", false, &[a.id]).await;
    assert!(created.is_active, "active unless said otherwise");
    assert_eq!(created.phone_number_ids, vec![a.id]);

    let path = format!("/api/analyzers/{}", created.id);
    let mut body = analyzer_body("Intent v2", true, &[b.id, a.id, b.id]);
    body["is_active"] = json!(false);
    let updated: Analyzer = json(
        owner.client.request(Method::PUT, &path).json(&body).send().await.expect("PUT"),
        StatusCode::OK,
    )
    .await;
    let mut expected = vec![a.id, b.id];
    expected.sort();
    assert_eq!(updated.phone_number_ids, expected);
    assert!(updated.is_default && !updated.is_active);
    let fetched: Analyzer = json(owner.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched, updated);
    let listed: Vec<Analyzer> =
        json(owner.client.get("/api/analyzers").await, StatusCode::OK).await;
    assert_eq!(listed, vec![updated]);

    assert_eq!(owner.client.delete(&path).await.status(), StatusCode::NO_CONTENT);
    error(owner.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn another_organizations_numbers_cannot_be_assigned_and_nothing_is_half_written() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_phone = app.insert_phone(&acme, "+14155550101").await;
    let globex_phone = app.insert_phone(&globex, "+14155550101").await;

    let res = globex
        .client
        .post("/api/analyzers", &analyzer_body("Sneaky", false, &[acme_phone.id]))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Vec<Analyzer> =
        json(globex.client.get("/api/analyzers").await, StatusCode::OK).await;
    assert!(listed.is_empty(), "the refused analyzer was not stored");

    let own = create_analyzer(&globex, "Intent", false, &[globex_phone.id]).await;
    let path = format!("/api/analyzers/{}", own.id);
    let res = globex
        .client
        .request(Method::PUT, &path)
        .json(&analyzer_body("Intent", false, &[acme_phone.id]))
        .send()
        .await
        .expect("PUT");
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let kept: Analyzer = json(globex.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(
        kept.phone_number_ids,
        vec![globex_phone.id],
        "the old assignment survived the refused update"
    );
}

#[tokio::test]
async fn another_organizations_analyzers_are_404_everywhere() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let analyzer = create_analyzer(&acme, "Intent", true, &[]).await;
    let path = format!("/api/analyzers/{}", analyzer.id);

    error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let res = globex
        .client
        .request(Method::PUT, &path)
        .json(&analyzer_body("Mine", false, &[]))
        .send()
        .await
        .expect("PUT");
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    error(globex.client.delete(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Vec<Analyzer> =
        json(globex.client.get("/api/analyzers").await, StatusCode::OK).await;
    assert!(listed.is_empty());
    assert_eq!(acme.client.get(&path).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_input_and_roles() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;

    field_error(
        owner.client.post("/api/analyzers", &json!({"name": "Intent", "prompt": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
        "prompt",
    )
    .await;
    error(
        owner.client.post("/api/analyzers", &json!({"prompt": "x"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    let res = owner
        .client
        .post(
            "/api/analyzers",
            &json!({"name": "Intent", "prompt": "x", "phone_number_ids": ["nope"]}),
        )
        .await;
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "phone_number_ids[0]").await;
    field_error(
        owner.client.delete("/api/analyzers/nope").await,
        StatusCode::BAD_REQUEST,
        "invalid_path",
        "id",
    )
    .await;

    assert_eq!(viewer.client.get("/api/analyzers").await.status(), StatusCode::OK);
    whole_error(
        viewer.client.post("/api/analyzers", &analyzer_body("Mine", false, &[])).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}
