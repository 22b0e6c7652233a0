//! `/api/todo-types`: defaults for a new organization, CRUD for admins, 404 across tenants.

use loquent_shared::{Role, TodoAction, TodoType};
use loquent_tests::TestApp;
use loquent_tests::client::{error, field_error, json};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_new_organization_starts_with_the_common_types() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Bright Smiles").await;

    let types: Vec<TodoType> =
        json(owner.client.get("/api/todo-types").await, StatusCode::OK).await;

    let names: Vec<(&str, TodoAction, bool)> =
        types.iter().map(|t| (t.name.as_str(), t.action, t.auto_approve)).collect();
    assert_eq!(
        names,
        [
            ("Book appointment", TodoAction::None, false),
            ("Call back", TodoAction::None, false),
            ("Send information", TodoAction::SendEmailToCaller, false),
        ]
    );
    assert!(types.iter().all(|t| !t.description.is_empty() && t.action_email.is_none()));
}

#[tokio::test]
async fn admins_create_change_and_delete_types() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Bright Smiles").await;
    let admin = app.add_member(&owner, Role::Admin).await;

    let res = admin
        .client
        .post(
            "/api/todo-types",
            &json!({"name": " Referral ", "description": "The caller was referred by a dentist.",
                    "action": "send_email", "action_email": "Desk@Bright.example", "auto_approve": true}),
        )
        .await;
    let created: TodoType = json(res, StatusCode::CREATED).await;
    assert_eq!(created.name, "Referral");
    assert_eq!(created.action, TodoAction::SendEmail);
    assert_eq!(created.action_email.as_deref(), Some("desk@bright.example"));
    assert!(created.auto_approve);

    let path = format!("/api/todo-types/{}", created.id);
    let res = admin
        .client
        .request(Method::PUT, &path)
        .json(&json!({"name": "Referral", "description": "Referred by anyone."}))
        .send()
        .await
        .expect("PUT");
    let updated: TodoType = json(res, StatusCode::OK).await;
    assert_eq!(
        (updated.action, updated.action_email.clone(), updated.auto_approve),
        (TodoAction::None, None, false)
    );
    let fetched: TodoType = json(admin.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(fetched, updated);

    assert_eq!(admin.client.delete(&path).await.status(), StatusCode::NO_CONTENT);
    error(admin.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    error(admin.client.delete(&path).await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn bad_types_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Bright Smiles").await;
    let post = |body: serde_json::Value| {
        let client = owner.client.clone();
        async move { client.post("/api/todo-types", &body).await }
    };

    let taken = post(json!({"name": "call BACK", "description": "Again."})).await;
    field_error(taken, StatusCode::CONFLICT, "name_taken", "name").await;
    let no_address =
        post(json!({"name": "Desk", "description": "D", "action": "send_email"})).await;
    field_error(no_address, StatusCode::UNPROCESSABLE_ENTITY, "required", "action_email").await;
    let stray =
        post(json!({"name": "Desk", "description": "D", "action_email": "a@b.example"})).await;
    field_error(stray, StatusCode::UNPROCESSABLE_ENTITY, "not_allowed", "action_email").await;
    let blank = post(json!({"name": "Desk", "description": "  "})).await;
    field_error(blank, StatusCode::UNPROCESSABLE_ENTITY, "required", "description").await;
    let action = post(json!({"name": "Desk", "description": "D", "action": "fax"})).await;
    field_error(action, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "action").await;
}

#[tokio::test]
async fn members_read_types_and_only_admins_change_them() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Bright Smiles").await;
    let member = app.add_member(&owner, Role::Member).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let types: Vec<TodoType> =
        json(viewer.client.get("/api/todo-types").await, StatusCode::OK).await;
    let path = format!("/api/todo-types/{}", types[0].id);

    let body = json!({"name": "X", "description": "Y"});
    error(member.client.post("/api/todo-types", &body).await, StatusCode::FORBIDDEN, "forbidden")
        .await;
    let put = member.client.request(Method::PUT, &path).json(&body).send().await.expect("PUT");
    error(put, StatusCode::FORBIDDEN, "forbidden").await;
    error(member.client.delete(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    json::<TodoType>(viewer.client.get(&path).await, StatusCode::OK).await;
}

#[tokio::test]
async fn another_organizations_types_are_404() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let types: Vec<TodoType> = json(acme.client.get("/api/todo-types").await, StatusCode::OK).await;
    let path = format!("/api/todo-types/{}", types[0].id);

    error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let body = json!({"name": "Stolen", "description": "Y"});
    let put = globex.client.request(Method::PUT, &path).json(&body).send().await.expect("PUT");
    error(put, StatusCode::NOT_FOUND, "not_found").await;
    error(globex.client.delete(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let theirs: Vec<TodoType> =
        json(globex.client.get("/api/todo-types").await, StatusCode::OK).await;
    assert!(theirs.iter().all(|t| t.id != types[0].id));
    // Names are per organization: Globex can have its own "Call back" renamed freely.
    let still: TodoType = json(acme.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(still, types[0]);
}
