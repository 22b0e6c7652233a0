use loquent_shared::{Contact, ContactPage, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn create(org: &SignedIn, body: Value) -> Contact {
    json(org.client.post("/api/contacts", &body).await, StatusCode::CREATED).await
}

async fn send(org: &SignedIn, method: Method, path: &str, body: Value) -> reqwest::Response {
    org.client.request(method, path).json(&body).send().await.expect("request")
}

#[tokio::test]
async fn contacts_are_created_listed_newest_first_searched_renamed_and_deleted() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let grace = create(&owner, json!({"first_name": "Grace", "last_name": "Hopper",
        "phones": [{"number": "+14155550101", "label": "mobile"}, {"number": "+14155550102", "label": "work"}],
        "emails": [{"email": "Grace@Example.com"}]})).await;
    let ada = create(&owner, json!({"first_name": "Ada", "last_name": "Lovelace"})).await;

    assert_eq!(grace.phones.iter().filter(|p| p.is_preferred).count(), 1);
    assert!(
        grace.phones[0].is_preferred && grace.phones[0].number == "+14155550101",
        "the first is preferred"
    );
    assert_eq!(grace.emails[0].email, "grace@example.com");
    let page: ContactPage = json(owner.client.get("/api/contacts").await, StatusCode::OK).await;
    assert_eq!(page.items.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ada.id, grace.id]);
    let one: ContactPage =
        json(owner.client.get("/api/contacts?limit=1").await, StatusCode::OK).await;
    let next: ContactPage = json(
        owner
            .client
            .get(&format!("/api/contacts?limit=1&cursor={}", one.next_cursor.expect("more")))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(next.items[0].id, grace.id);
    for (q, expected) in [
        ("hopp", vec![grace.id]),
        ("5550102", vec![grace.id]),
        ("ADA", vec![ada.id]),
        ("nobody", vec![]),
    ] {
        let found: ContactPage =
            json(owner.client.get(&format!("/api/contacts?q={q}")).await, StatusCode::OK).await;
        assert_eq!(found.items.iter().map(|c| c.id).collect::<Vec<_>>(), expected, "{q}");
    }

    let path = format!("/api/contacts/{}", grace.id);
    let renamed: Contact = json(
        send(
            &owner,
            Method::PUT,
            &path,
            json!({"first_name": "Rear Admiral Grace", "last_name": "Hopper"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed.first_name, "Rear Admiral Grace");
    assert_eq!(renamed.phones, grace.phones, "PUT renames only");
    assert_eq!(owner.client.delete(&path).await.status(), StatusCode::NO_CONTENT);
    whole_error(owner.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn exactly_one_phone_and_one_email_stay_preferred() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let c = create(&owner, json!({"first_name": "Grace"})).await;
    let phones = format!("/api/contacts/{}/phones", c.id);
    let emails = format!("/api/contacts/{}/emails", c.id);

    let c1: Contact = json(
        send(&owner, Method::POST, &phones, json!({"number": "+14155550101"})).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(c1.phones[0].is_preferred, "the only phone is preferred");
    let c2: Contact = json(
        send(
            &owner,
            Method::POST,
            &phones,
            json!({"number": "+14155550102", "is_preferred": true}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let preferred: Vec<_> =
        c2.phones.iter().filter(|p| p.is_preferred).map(|p| p.number.as_str()).collect();
    assert_eq!(preferred, ["+14155550102"]);
    let second = c2.phones.iter().find(|p| p.number == "+14155550102").expect("second").id;
    let c3: Contact =
        json(owner.client.delete(&format!("{phones}/{second}")).await, StatusCode::OK).await;
    assert_eq!(c3.phones.len(), 1);
    assert!(c3.phones[0].is_preferred, "the remaining phone took over");
    let first = c3.phones[0].id;
    let c4: Contact = json(
        send(
            &owner,
            Method::PUT,
            &format!("{phones}/{first}"),
            json!({"number": "+14155550109", "label": "home", "is_preferred": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (c4.phones[0].number.as_str(), c4.phones[0].label.as_str(), c4.phones[0].is_preferred),
        ("+14155550109", "home", true)
    );

    let e1: Contact = json(
        send(&owner, Method::POST, &emails, json!({"email": "A@Example.com"})).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(e1.emails[0].is_preferred && e1.emails[0].email == "a@example.com");
    let e2: Contact = json(
        send(
            &owner,
            Method::POST,
            &emails,
            json!({"email": "b@example.com", "is_preferred": true}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        e2.emails.iter().filter(|e| e.is_preferred).map(|e| e.email.as_str()).collect::<Vec<_>>(),
        ["b@example.com"]
    );
    field_error(
        send(&owner, Method::POST, &emails, json!({"email": "B@EXAMPLE.com"})).await,
        StatusCode::CONFLICT,
        "email_exists",
        "email",
    )
    .await;
    let b = e2.emails.iter().find(|e| e.email == "b@example.com").expect("b").id;
    let e3: Contact =
        json(owner.client.delete(&format!("{emails}/{b}")).await, StatusCode::OK).await;
    assert!(e3.emails[0].is_preferred);
}

#[tokio::test]
async fn a_number_belongs_to_one_contact_and_the_conflict_names_it() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let grace = create(&owner, json!({"first_name": "Grace", "last_name": "Hopper", "phones": [{"number": "+14155550101"}]})).await;
    let ada = create(&owner, json!({"first_name": "Ada"})).await;

    let res = send(
        &owner,
        Method::POST,
        &format!("/api/contacts/{}/phones", ada.id),
        json!({"number": "+14155550101"}),
    )
    .await;
    let err = field_error(res, StatusCode::CONFLICT, "phone_taken", "number").await;
    assert!(
        err.error.message.contains("Grace Hopper")
            && err.error.message.contains(&grace.id.to_string()),
        "{err:?}"
    );
    let res = owner
        .client
        .post(
            "/api/contacts",
            &json!({"first_name": "Dup", "phones": [{"number": "+14155550101"}]}),
        )
        .await;
    error(res, StatusCode::CONFLICT, "phone_taken").await;
    let page: ContactPage =
        json(owner.client.get("/api/contacts?q=Dup").await, StatusCode::OK).await;
    assert!(page.items.is_empty(), "the refused contact was not half-created");
    // Changing a number into one another contact has is refused the same way, and nothing of
    // the change is kept (the preferred mark included).
    let ada = create(&owner, json!({"first_name": "Lin", "phones": [{"number": "+14155550102"}], "emails": [{"email": "lin@example.com"}, {"email": "lin@work.example.com"}]})).await;
    let res = send(
        &owner,
        Method::PUT,
        &format!("/api/contacts/{}/phones/{}", ada.id, ada.phones[0].id),
        json!({"number": "+14155550101", "label": "mobile", "is_preferred": true}),
    )
    .await;
    let err = field_error(res, StatusCode::CONFLICT, "phone_taken", "number").await;
    assert!(err.error.message.contains("Grace Hopper"), "{err:?}");
    let second = ada.emails.iter().find(|e| !e.is_preferred).expect("a second email");
    let res = send(
        &owner,
        Method::PUT,
        &format!("/api/contacts/{}/emails/{}", ada.id, second.id),
        json!({"email": "LIN@example.com", "is_preferred": true}),
    )
    .await;
    field_error(res, StatusCode::CONFLICT, "email_exists", "email").await;
    let unchanged: Contact =
        json(owner.client.get(&format!("/api/contacts/{}", ada.id)).await, StatusCode::OK).await;
    assert_eq!(unchanged, ada, "a refused change leaves the contact as it was");
    // Another organization may have the same number.
    let globex = app.sign_up("Globex").await;
    assert_eq!(
        globex
            .client
            .post("/api/contacts", &json!({"phones": [{"number": "+14155550101"}]}))
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn invalid_numbers_and_emails_are_400() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let c = create(&owner, json!({"first_name": "Grace"})).await;
    let res = send(
        &owner,
        Method::POST,
        &format!("/api/contacts/{}/phones", c.id),
        json!({"number": "415-555-0101"}),
    )
    .await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_phone_number", "number").await;
    let res = send(
        &owner,
        Method::POST,
        &format!("/api/contacts/{}/emails", c.id),
        json!({"email": "not an email"}),
    )
    .await;
    field_error(res, StatusCode::BAD_REQUEST, "invalid_email", "email").await;
    let res = owner.client.post("/api/contacts", &json!({"phones": [{"number": "12"}]})).await;
    error(res, StatusCode::BAD_REQUEST, "invalid_phone_number").await;
    let res = send(
        &owner,
        Method::PUT,
        &format!("/api/contacts/{}", c.id),
        json!({"first_name": "x".repeat(500)}),
    )
    .await;
    field_error(res, StatusCode::BAD_REQUEST, "too_long", "first_name").await;
    error(owner.client.get("/api/contacts/nope").await, StatusCode::BAD_REQUEST, "invalid_path")
        .await;
    error(
        owner.client.get("/api/contacts?cursor=bad").await,
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    )
    .await;
    let res = owner
        .client
        .delete(&format!("/api/contacts/{}/phones/{}", c.id, uuid::Uuid::new_v4()))
        .await;
    error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn another_organizations_contacts_phones_and_emails_are_404_everywhere() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let c = create(&acme, json!({"first_name": "Grace", "phones": [{"number": "+14155550101"}], "emails": [{"email": "g@example.com"}]})).await;
    let (phone, email) = (c.phones[0].id, c.emails[0].id);
    let base = format!("/api/contacts/{}", c.id);
    let own = create(&globex, json!({"first_name": "Mine"})).await;

    whole_error(globex.client.get(&base).await, StatusCode::NOT_FOUND, "not_found").await;
    error(
        send(&globex, Method::PUT, &base, json!({"first_name": "Hijacked"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(globex.client.delete(&base).await, StatusCode::NOT_FOUND, "not_found").await;
    error(
        send(&globex, Method::POST, &format!("{base}/phones"), json!({"number": "+14155550999"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        send(
            &globex,
            Method::PUT,
            &format!("{base}/phones/{phone}"),
            json!({"number": "+14155550999"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        globex.client.delete(&format!("{base}/phones/{phone}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        send(&globex, Method::POST, &format!("{base}/emails"), json!({"email": "x@example.com"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        send(
            &globex,
            Method::PUT,
            &format!("{base}/emails/{email}"),
            json!({"email": "x@example.com"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        globex.client.delete(&format!("{base}/emails/{email}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Acme's phone and email ids under Globex's own contact: 404 too.
    let mine = format!("/api/contacts/{}", own.id);
    error(
        globex.client.delete(&format!("{mine}/phones/{phone}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    error(
        send(
            &globex,
            Method::PUT,
            &format!("{mine}/emails/{email}"),
            json!({"email": "x@example.com"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let listed: ContactPage = json(globex.client.get("/api/contacts").await, StatusCode::OK).await;
    assert_eq!(listed.items.len(), 1);

    let untouched: Contact = json(acme.client.get(&base).await, StatusCode::OK).await;
    assert_eq!(untouched, c);
}

#[tokio::test]
async fn viewers_read_contacts_and_members_edit_them() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let member = app.add_member(&owner, Role::Member).await;
    assert_eq!(viewer.client.get("/api/contacts").await.status(), StatusCode::OK);
    error(
        viewer.client.post("/api/contacts", &json!({"first_name": "X"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        member.client.post("/api/contacts", &json!({"first_name": "X"})).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn twenty_simultaneous_first_calls_from_one_number_make_one_contact() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let org = owner.me.organization.id;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let url = app.db.url.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = loquent_tests::db::connect(&url).await;
            loquent_server::mods::contact::resolve_contact(&mut conn, "+14155550177", org)
                .await
                .expect("resolve")
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.expect("task"));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every call resolved to the same contact");
    let page: ContactPage = json(owner.client.get("/api/contacts").await, StatusCode::OK).await;
    assert_eq!(page.items.len(), 1);
    let stub = &page.items[0];
    assert_eq!((stub.first_name.as_str(), stub.last_name.as_str()), ("", ""));
    assert_eq!(stub.phones.len(), 1);
    assert!(stub.phones[0].is_preferred && stub.phones[0].number == "+14155550177");
}
