//! `GET /api/account/sessions` and `DELETE /api/account/sessions/{id}`.

use loquent_shared::AccountSession;
use loquent_tests::TestApp;
use loquent_tests::client::{error, json};
use reqwest::StatusCode;

use super::sign_in;

async fn sessions(client: &loquent_tests::ApiClient) -> Vec<AccountSession> {
    json(client.get("/api/account/sessions").await, StatusCode::OK).await
}

#[tokio::test]
async fn the_list_shows_the_persons_sessions_with_the_current_one_flagged() {
    let app = TestApp::spawn().await;
    let (owner, other) = app.two_orgs().await;
    let laptop = sign_in(&app, &owner.email, &owner.password).await;

    let listed = sessions(&owner.client).await;

    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    assert!(listed.iter().all(|s| s.ip_address.as_deref() == Some("127.0.0.1")));
    let from_laptop = sessions(&laptop).await;
    let current = |l: &[AccountSession]| l.iter().find(|s| s.current).map(|s| s.id);
    assert_ne!(current(&listed), current(&from_laptop));
    assert_eq!(sessions(&other.client).await.len(), 1, "only one's own");
}

#[tokio::test]
async fn signing_out_another_session_refuses_its_next_request() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let laptop = sign_in(&app, &owner.email, &owner.password).await;
    let theirs = sessions(&laptop).await.into_iter().find(|s| s.current).expect("current").id;

    let res = owner.client.delete(&format!("/api/account/sessions/{theirs}")).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(laptop.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    assert_eq!(owner.client.get("/api/me").await.status(), StatusCode::OK);
    let left = sessions(&owner.client).await;
    assert_eq!(left.len(), 1);
    assert!(left[0].current);
    let again = owner.client.delete(&format!("/api/account/sessions/{theirs}")).await;
    error(again, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn another_persons_session_is_not_found() {
    let app = TestApp::spawn().await;
    let (owner, other) = app.two_orgs().await;
    let theirs = sessions(&other.client).await[0].id;

    let res = owner.client.delete(&format!("/api/account/sessions/{theirs}")).await;

    error(res, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(other.client.get("/api/me").await.status(), StatusCode::OK);
    let made_up =
        owner.client.delete(&format!("/api/account/sessions/{}", uuid::Uuid::new_v4())).await;
    error(made_up, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn signing_out_the_current_session_signs_the_caller_out() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let mine = sessions(&owner.client).await[0].id;

    let res = owner.client.delete(&format!("/api/account/sessions/{mine}")).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with("loquent_session=;")));
    assert!(cleared, "the cookie is cleared");
    error(owner.client.get("/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}
