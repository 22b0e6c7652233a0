//! Settings → Team: members and their roles, invitations and accepting them, removal, the
//! transfer of ownership, and the trail of changes.

mod accept;
mod events;
mod invitations;
mod members;
mod ownership;
mod removal;
mod tenancy;

use loquent_shared::{Invitation, MailMessageDetails, MailMessagePage, Me, Member, Role};
use loquent_tests::client::json;
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

pub const NEW_PASSWORD: &str = "a brand new passphrase";

pub async fn patch(who: &SignedIn, path: &str, body: Value) -> Response {
    who.client.request(Method::PATCH, path).json(&body).send().await.expect("PATCH")
}

pub async fn set_role(who: &SignedIn, member: Uuid, role: Role) -> Response {
    patch(who, &format!("/api/members/{member}"), json!({ "role": role })).await
}

pub async fn members(who: &SignedIn) -> Vec<Member> {
    json(who.client.get("/api/members").await, StatusCode::OK).await
}

pub async fn invite(who: &SignedIn, email: &str, role: Role) -> Invitation {
    let res = who.client.post("/api/invitations", &json!({ "email": email, "role": role })).await;
    json(res, StatusCode::CREATED).await
}

pub fn unique_email(name: &str) -> String {
    format!("{name}-{}@example.com", Uuid::new_v4().simple())
}

/// The latest invitation email to `email` in `admin`'s outbox.
pub async fn invitation_mail(admin: &SignedIn, email: &str) -> MailMessageDetails {
    let page: MailMessagePage =
        json(admin.client.get("/api/mail/outbox").await, StatusCode::OK).await;
    let message = page
        .items
        .iter()
        .find(|m| m.kind == "invitation" && m.to == email)
        .unwrap_or_else(|| panic!("no invitation to {email} in {page:?}"));
    json(admin.client.get(&format!("/api/mail/outbox/{}", message.id)).await, StatusCode::OK).await
}

/// The token of the latest invitation emailed to `email`, read from the link in the message as
/// sent (the outbox shows it hidden, see `the_outbox_hides_the_invitation_links_secret`).
pub async fn invitation_token(app: &TestApp, email: &str) -> String {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use loquent_server::db::schema::mail_message;
    let mut conn = app.conn().await;
    let text: String = mail_message::table
        .filter(mail_message::kind.eq("invitation"))
        .filter(mail_message::to_address.eq(email))
        .order(mail_message::created_at.desc())
        .select(mail_message::text_body)
        .first(&mut conn)
        .await
        .expect("an invitation email");
    let (_, after) = text.split_once("#token=").expect("a link with #token= in the email");
    after.split_whitespace().next().expect("the token").to_string()
}

pub async fn accept(app: &TestApp, body: Value) -> Response {
    app.client().post("/api/auth/invitation/accept", &body).await
}

/// Invites a new person to `owner`'s organization and accepts as them: they are signed in.
pub async fn join_as_new(app: &TestApp, owner: &SignedIn, role: Role) -> SignedIn {
    let email = unique_email(role.as_str());
    invite(owner, &email, role).await;
    let token = invitation_token(app, &email).await;
    let client = app.client();
    let body = json!({"token": token, "name": "Newcomer", "password": NEW_PASSWORD});
    let me: Me =
        json(client.post("/api/auth/invitation/accept", &body).await, StatusCode::CREATED).await;
    SignedIn { client, me, email, password: NEW_PASSWORD.into() }
}
