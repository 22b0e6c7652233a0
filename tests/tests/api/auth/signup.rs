use loquent_shared::{Me, Role};
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use reqwest::StatusCode;
use serde_json::json;

fn body(email: &str, password: &str) -> serde_json::Value {
    json!({"name": "Ada Lovelace", "email": email, "password": password, "organization_name": "Acme Dental"})
}

#[tokio::test]
async fn sign_up_creates_the_organization_and_its_owner_and_signs_in() {
    let app = TestApp::spawn().await;
    let client = app.client();

    let res = client.post("/api/auth/signup", &body(" Ada@Example.COM ", "12345678")).await;
    let cookie =
        res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let me: Me = json(res, StatusCode::CREATED).await;

    assert_eq!(me.member.email, "ada@example.com");
    assert_eq!(me.member.role, Role::Owner);
    assert_eq!(me.organization.name, "Acme Dental");
    assert!(cookie.starts_with("loquent_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain-http deployments can't use Secure cookies: {cookie}"
    );
    let again: Me = json(client.get("/api/me").await, StatusCode::OK).await;
    assert_eq!(again, me);
}

#[tokio::test]
async fn session_cookie_is_secure_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(&[("APP_HOST", "https://voice.example.com")]).await;
    let res = app.client().post("/api/auth/signup", &body("ada@example.com", "12345678")).await;
    let cookie =
        res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_duplicate_email_is_a_conflict_whatever_its_case() {
    let app = TestApp::spawn().await;
    let first = app.client().post("/api/auth/signup", &body("ada@example.com", "12345678")).await;
    assert_eq!(first.status(), StatusCode::CREATED);

    let res = app.client().post("/api/auth/signup", &body("ADA@example.com", "87654321")).await;

    let err = error(res, StatusCode::CONFLICT, "email_taken").await;
    assert!(err.error.message.starts_with("email"), "{err:?}");
    // Nothing half-written: the refused sign-up left no organization behind.
    let mut conn = app.conn().await;
    use diesel_async::RunQueryDsl;
    let orgs: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM organization)",
    ))
    .get_result(&mut conn)
    .await
    .expect("count");
    assert_eq!(orgs, 1);
}

#[tokio::test]
async fn invalid_fields_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let cases = [
        (body("ada@example.com", "short"), "password_too_short", "password"),
        (body("not-an-email", "12345678"), "invalid_email", "email"),
        (
            json!({"name": " ", "email": "a@b.co", "password": "12345678", "organization_name": "X"}),
            "required",
            "name",
        ),
        (
            json!({"name": "Ada", "email": "a@b.co", "password": "12345678", "organization_name": ""}),
            "required",
            "organization_name",
        ),
    ];
    for (req, code, field) in cases {
        let res = app.client().post("/api/auth/signup", &req).await;
        let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert!(err.error.message.starts_with(field), "{err:?}");
    }
    let res = app.client().post("/api/auth/signup", &json!({"name": "Ada"})).await;
    let err = error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert!(err.error.message.contains("email"), "{err:?}");
}
