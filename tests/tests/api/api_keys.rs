use chrono::{TimeDelta, Utc};
use diesel_async::RunQueryDsl;
use loquent_shared::{ApiKey, ApiKeyScope, CreatedApiKey, Me, Role};
use loquent_tests::client::{error, field_error, json};
use loquent_tests::{ApiClient, SignedIn, TestApp};
use reqwest::StatusCode;
use serde_json::json;

async fn create(owner: &SignedIn, name: &str) -> CreatedApiKey {
    create_with(owner, json!({ "name": name })).await
}

async fn create_with(owner: &SignedIn, body: serde_json::Value) -> CreatedApiKey {
    json(owner.client.post("/api/api-keys", &body).await, StatusCode::CREATED).await
}

/// Makes the key's expiry pass, as if its time had come.
async fn expire(app: &TestApp, key: &CreatedApiKey) {
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = '{}'",
        key.api_key.id
    ))
    .execute(&mut conn)
    .await
    .expect("expiring the key");
}

#[tokio::test]
async fn a_key_is_shown_once_listed_without_its_secret_and_works_as_a_bearer() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let created = create(&owner, "CRM sync").await;

    assert!(created.secret.starts_with("lq_") && created.secret.len() > 40, "{}", created.secret);
    assert!(created.secret.starts_with(&created.api_key.prefix));
    assert_eq!(created.api_key.created_by, owner.me.member.id);
    // Left out, a key lasts and acts with its creator's role, as keys always have.
    assert_eq!(created.api_key.scope, ApiKeyScope::Full);
    assert_eq!((created.api_key.expires_at, created.api_key.expired), (None, false));
    let listed: Vec<ApiKey> = json(owner.client.get("/api/api-keys").await, StatusCode::OK).await;
    assert_eq!(listed, vec![created.api_key.clone()]);
    let raw = owner.client.get("/api/api-keys").await.text().await.expect("body");
    assert!(!raw.contains(&created.secret), "the list must not leak the secret");

    let integration = ApiClient::with_bearer(&app.base_url, &created.secret);
    let listed: Vec<ApiKey> = json(integration.get("/api/api-keys").await, StatusCode::OK).await;
    assert!(listed[0].last_used_at.is_some(), "use of the key is recorded");
}

#[tokio::test]
async fn keys_are_stored_hashed() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let created = create(&owner, "CRM sync").await;

    let mut conn = app.conn().await;
    let dump: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "(SELECT string_agg(row_to_json(api_key)::text, ',') FROM api_key)",
    ))
    .get_result(&mut conn)
    .await
    .expect("api_key rows");

    let secret_body = created.secret.trim_start_matches(&created.api_key.prefix);
    assert!(!dump.contains(secret_body), "the table holds the secret: {dump}");
}

#[tokio::test]
async fn a_deleted_key_stops_working() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let created = create(&owner, "CRM sync").await;
    let integration = ApiClient::with_bearer(&app.base_url, &created.secret);
    assert_eq!(integration.get("/api/me").await.status(), StatusCode::OK);

    let res = owner.client.delete(&format!("/api/api-keys/{}", created.api_key.id)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // The integration is told its key is the problem, not asked to sign in.
    let refused = integration.get("/api/me").await;
    assert_eq!(
        refused.headers().get("www-authenticate").and_then(|v| v.to_str().ok()),
        Some(r#"Bearer error="invalid_token""#)
    );
    let err = error(refused, StatusCode::UNAUTHORIZED, "invalid_api_key").await;
    assert_eq!(err.error.message, "the API key is not valid");
    let listed: Vec<ApiKey> = json(owner.client.get("/api/api-keys").await, StatusCode::OK).await;
    assert!(listed.is_empty());
    let again = owner.client.delete(&format!("/api/api-keys/{}", created.api_key.id)).await;
    error(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn another_organizations_keys_are_invisible_and_untouchable() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let acme_key = create(&acme, "Acme CRM").await;
    let globex_key = create(&globex, "Globex CRM").await;

    let seen_by_globex: Vec<ApiKey> =
        json(globex.client.get("/api/api-keys").await, StatusCode::OK).await;
    let res = globex.client.delete(&format!("/api/api-keys/{}", acme_key.api_key.id)).await;

    assert_eq!(seen_by_globex, vec![globex_key.api_key]);
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    let acme_integration = ApiClient::with_bearer(&app.base_url, &acme_key.secret);
    assert_eq!(acme_integration.get("/api/me").await.status(), StatusCode::OK, "the key survived");
    // A key acts within its own organization only.
    let listed: Vec<ApiKey> =
        json(acme_integration.get("/api/api-keys").await, StatusCode::OK).await;
    assert_eq!(listed.iter().map(|k| k.id).collect::<Vec<_>>(), vec![acme_key.api_key.id]);
}

#[tokio::test]
async fn managing_keys_needs_an_admin_role() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let key = create(&owner, "CRM sync").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let member = app.add_member(&owner, Role::Member).await;

    for who in [&viewer, &member] {
        error(who.client.get("/api/api-keys").await, StatusCode::FORBIDDEN, "forbidden").await;
        let res = who.client.post("/api/api-keys", &json!({"name": "mine"})).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = who.client.delete(&format!("/api/api-keys/{}", key.api_key.id)).await;
        error(res, StatusCode::FORBIDDEN, "forbidden").await;
        // Signed in all the same: 403 is about the role, not the identity.
        assert_eq!(who.client.get("/api/me").await.status(), StatusCode::OK);
    }
    assert_eq!(admin.client.get("/api/api-keys").await.status(), StatusCode::OK);
    // 401 before 403: no credentials at all is unauthenticated, not forbidden.
    error(app.client().get("/api/api-keys").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;
}

#[tokio::test]
async fn bad_input_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let blank = owner.client.post("/api/api-keys", &json!({"name": "  "})).await;
    let err = error(blank, StatusCode::UNPROCESSABLE_ENTITY, "required").await;
    assert!(err.error.message.starts_with("name"));
    let long = owner.client.post("/api/api-keys", &json!({"name": "x".repeat(500)})).await;
    error(long, StatusCode::UNPROCESSABLE_ENTITY, "too_long").await;
    let missing = owner.client.post("/api/api-keys", &json!({})).await;
    field_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "name").await;
    let not_uuid = owner.client.delete("/api/api-keys/not-a-uuid").await;
    field_error(not_uuid, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
    let unknown = owner.client.delete(&format!("/api/api-keys/{}", uuid::Uuid::new_v4())).await;
    error(unknown, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_key_can_expire_and_the_list_says_when() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let in_30_days = Utc::now() + TimeDelta::days(30);
    let created = create_with(
        &owner,
        json!({"name": "Quarterly export", "expires_at": in_30_days.to_rfc3339(), "scope": "read_only"}),
    )
    .await;
    let never = create(&owner, "CRM sync").await;
    let integration = ApiClient::with_bearer(&app.base_url, &created.secret);

    assert_eq!(integration.get("/api/me").await.status(), StatusCode::OK);
    let listed: Vec<ApiKey> = json(owner.client.get("/api/api-keys").await, StatusCode::OK).await;
    let shown = listed.iter().find(|k| k.id == created.api_key.id).expect("listed");
    assert_eq!(shown.scope, ApiKeyScope::ReadOnly);
    assert_eq!(
        shown.expires_at.map(|at| at.timestamp_millis()),
        Some(in_30_days.timestamp_millis())
    );
    assert!(!shown.expired);

    expire(&app, &created).await;

    let refused = integration.get("/api/me").await;
    assert_eq!(
        refused.headers().get("www-authenticate").and_then(|v| v.to_str().ok()),
        Some(r#"Bearer error="invalid_token""#)
    );
    let err = error(refused, StatusCode::UNAUTHORIZED, "invalid_api_key").await;
    assert!(err.error.message.starts_with("the API key expired at "), "{}", err.error.message);
    let listed: Vec<ApiKey> = json(owner.client.get("/api/api-keys").await, StatusCode::OK).await;
    let shown = listed.iter().find(|k| k.id == created.api_key.id).expect("still listed");
    assert!(shown.expired && shown.expires_at.is_some_and(|at| at < Utc::now()));
    assert!(shown.last_used_at.is_some(), "only its use before expiring is recorded");
    let other = listed.iter().find(|k| k.id == never.api_key.id).expect("listed");
    assert!(!other.expired && other.expires_at.is_none());
    let still_works = ApiClient::with_bearer(&app.base_url, &never.secret);
    assert_eq!(still_works.get("/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_read_only_key_reads_like_a_viewer_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let key = create_with(&owner, json!({"name": "Dashboard", "scope": "read_only"})).await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);

    for path in ["/api/contacts", "/api/agents", "/api/calls"] {
        assert_eq!(integration.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let contact = json!({"phones": [{"number": "+14155550101"}]});
    let write = integration.post("/api/contacts", &contact).await;
    let err = error(write, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(err.error.message.contains("Contact:Collection:Create"), "{}", err.error.message);
    // Its creator is the owner, yet it can't manage keys, which needs an admin.
    error(integration.get("/api/api-keys").await, StatusCode::FORBIDDEN, "forbidden").await;
    let res = integration.post("/api/api-keys", &json!({"name": "escalate"})).await;
    error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let me: Me = json(integration.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.memberships.iter().map(|m| m.role).collect::<Vec<_>>(), [Role::Viewer]);
    // The owner's own session is untouched by the key's scope.
    let res = owner.client.post("/api/contacts", &contact).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_full_key_acts_with_its_creators_role_as_it_is_now() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let admin = app.add_member(&owner, Role::Admin).await;
    let key = create(&admin, "Admin's sync").await;
    let integration = ApiClient::with_bearer(&app.base_url, &key.secret);
    let contact = json!({"phones": [{"number": "+14155550102"}]});
    assert_eq!(integration.post("/api/contacts", &contact).await.status(), StatusCode::CREATED);

    // Viewers can't make keys; a key made by someone who is a viewer now acts as one.
    let res = owner
        .client
        .patch(&format!("/api/members/{}", admin.me.member.id), &json!({"role": "viewer"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    assert_eq!(integration.get("/api/contacts").await.status(), StatusCode::OK);
    let contact = json!({"phones": [{"number": "+14155550103"}]});
    error(integration.post("/api/contacts", &contact).await, StatusCode::FORBIDDEN, "forbidden")
        .await;
    let me: Me = json(integration.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(me.memberships.iter().map(|m| m.role).collect::<Vec<_>>(), [Role::Viewer]);
}

#[tokio::test]
async fn an_expiry_must_be_in_the_next_two_years_and_a_scope_known() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let post = async |body: serde_json::Value| owner.client.post("/api/api-keys", &body).await;

    let past = (Utc::now() - TimeDelta::hours(1)).to_rfc3339();
    let res = post(json!({"name": "CRM", "expires_at": past})).await;
    let err = field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "in_the_past", "expires_at").await;
    assert_eq!(err.error.message, "expires_at: must be in the future");
    let far = (Utc::now() + TimeDelta::days(800)).to_rfc3339();
    let res = post(json!({"name": "CRM", "expires_at": far})).await;
    let err = field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "too_far", "expires_at").await;
    assert!(err.error.message.contains("731 days"), "{}", err.error.message);
    let res = post(json!({"name": "CRM", "expires_at": "next tuesday"})).await;
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "expires_at").await;
    let res = post(json!({"name": "CRM", "scope": "admin"})).await;
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "scope").await;
    // Nothing was created by the refused requests.
    let listed: Vec<ApiKey> = json(owner.client.get("/api/api-keys").await, StatusCode::OK).await;
    assert!(listed.is_empty());
    let soon = (Utc::now() + TimeDelta::days(730)).to_rfc3339();
    let created = create_with(&owner, json!({"name": "CRM", "expires_at": soon})).await;
    assert!(created.api_key.expires_at.is_some());
}
