//! Rows and requests other parts of Loquent make, for tests about what comes after them.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use loquent_server::clients::twilio::signature;
use loquent_server::db::schema::call;
use uuid::Uuid;

use crate::SignedIn;
use crate::app::TestApp;
use crate::fakes::twilio::FakeTwilio;

/// A call in progress, as the media stream records it: its caller resolved to a contact.
pub struct CallFixture {
    pub id: Uuid,
    pub call_sid: String,
    pub contact_id: Uuid,
}

pub async fn insert_call(
    app: &TestApp,
    organization_id: Uuid,
    phone_number_id: Option<Uuid>,
    from: &str,
    to: &str,
) -> CallFixture {
    let mut conn = app.conn().await;
    let contact_id =
        loquent_server::mods::contact::resolve_contact(&mut conn, from, organization_id)
            .await
            .expect("resolving the caller");
    let call_sid = format!("CA{}", Uuid::new_v4().simple());
    let id: Uuid = diesel::insert_into(call::table)
        .values((
            call::organization_id.eq(organization_id),
            call::phone_number_id.eq(phone_number_id),
            call::contact_id.eq(contact_id),
            call::call_sid.eq(&call_sid),
            call::from_number.eq(from),
            call::to_number.eq(to),
            call::direction.eq("inbound"),
            call::status.eq("completed"),
            call::duration_secs.eq(42),
        ))
        .returning(call::id)
        .get_result(&mut conn)
        .await
        .expect("inserting call");
    CallFixture { id, call_sid, contact_id }
}

/// POSTs a form to `path` signed as Twilio signs it, with `auth_token`.
pub async fn post_signed(
    app: &TestApp,
    path: &str,
    params: &[(&str, &str)],
    auth_token: &str,
) -> reqwest::Response {
    let owned: Vec<(String, String)> =
        params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let url = format!("{}{path}", app.base_url);
    let sig = signature::sign(auth_token, &url, &owned);
    post_form(app, path, params, Some(&sig)).await
}

pub async fn post_form(
    app: &TestApp,
    path: &str,
    params: &[(&str, &str)],
    signature: Option<&str>,
) -> reqwest::Response {
    let mut req = app.client().http.post(format!("{}{path}", app.base_url)).form(params);
    if let Some(sig) = signature {
        req = req.header("X-Twilio-Signature", sig);
    }
    req.send().await.expect("POST")
}

/// Waits until `check` holds, polling; panics with `what` after `secs` seconds.
pub async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// An organization's own Twilio account (in the fake) holding `number`, connected in Loquent
/// and the number imported: the starting point of every call test.
pub struct OwnNumber {
    pub account_sid: String,
    pub token: String,
    pub phone: loquent_shared::Phone,
}

pub async fn connect_own_number(
    twilio: &crate::fakes::twilio::FakeTwilio,
    owner: &crate::SignedIn,
    number: &str,
) -> OwnNumber {
    let (account_sid, token) = twilio.add_account("Acme's own");
    let pn = twilio.add_incoming_number(&account_sid, number, "Front desk", None);
    let body = serde_json::json!({"account_sid": account_sid, "auth_token": token});
    let res = owner
        .client
        .request(reqwest::Method::PUT, "/api/twilio/settings")
        .json(&body)
        .send()
        .await
        .expect("PUT");
    assert!(res.status().is_success(), "connecting the account: {}", res.status());
    let res = owner
        .client
        .post("/api/twilio/sync-numbers", &serde_json::json!({"twilio_sids": [pn]}))
        .await;
    assert!(res.status().is_success(), "importing the number: {}", res.status());
    let phones: Vec<loquent_shared::Phone> =
        crate::client::json(owner.client.get("/api/phones").await, reqwest::StatusCode::OK).await;
    let phone = phones.into_iter().find(|p| p.number == number).expect("the imported number");
    OwnNumber { account_sid, token, phone }
}

/// Gives the organization its own Twilio account (a new one in `twilio`, named `name`),
/// connected through the API as staff connect it; the account's SID and auth token.
pub async fn connect_own_twilio(
    twilio: &FakeTwilio,
    org: &SignedIn,
    name: &str,
) -> (String, String) {
    let (sid, auth_token) = twilio.add_account(name);
    let res = org
        .client
        .request(reqwest::Method::PUT, "/api/twilio/settings")
        .json(&serde_json::json!({"account_sid": sid, "auth_token": auth_token}))
        .send()
        .await
        .expect("PUT /api/twilio/settings");
    assert_eq!(res.status(), reqwest::StatusCode::OK, "connecting the account");
    (sid, auth_token)
}
