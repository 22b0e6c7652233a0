use loquent_shared::{Agent, Phone, RealtimeConfig, RealtimeProvider, Role};
use loquent_tests::client::{error, field_error, json, whole_error};
use loquent_tests::{SignedIn, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub fn agent_body(name: &str) -> Value {
    json!({
        "name": name,
        "instructions": "You answer calls for Acme Dental. Be brief and warm.",
        "realtime_config": {
            "provider": "gemini", "model": "gemini-2.5-flash-native-audio-preview-09-2025", "voice": "Kore",
            "speed": 1.1, "noise_reduction": "far_field", "turn_detection": "server_vad", "eagerness": "high"
        },
        "tools": {"end_call": true, "transfer_call": [{"label": "Billing", "number": "+14155550100"}]}
    })
}

pub async fn create_agent(org: &SignedIn, name: &str) -> Agent {
    json(org.client.post("/api/agents", &agent_body(name)).await, StatusCode::CREATED).await
}

#[tokio::test]
async fn agents_are_created_read_listed_replaced_and_deleted() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;

    let created = create_agent(&owner, "Receptionist").await;
    assert_eq!(created.realtime_config.provider, RealtimeProvider::Gemini);
    assert_eq!(created.tools.transfer_call[0].number, "+14155550100");
    assert_eq!(created.phone_count, 0);
    let fetched: Agent =
        json(owner.client.get(&format!("/api/agents/{}", created.id)).await, StatusCode::OK).await;
    assert_eq!(fetched, created);

    let mut replacement = agent_body("Night receptionist");
    replacement["tools"] = json!({"end_call": false, "transfer_call": []});
    let res = owner
        .client
        .request(Method::PUT, &format!("/api/agents/{}", created.id))
        .json(&replacement)
        .send()
        .await
        .expect("PUT");
    let updated: Agent = json(res, StatusCode::OK).await;
    assert_eq!(updated.name, "Night receptionist");
    assert!(!updated.tools.end_call && updated.tools.transfer_call.is_empty());
    assert!(updated.updated_at >= created.updated_at);

    let listed: Vec<Agent> = json(owner.client.get("/api/agents").await, StatusCode::OK).await;
    assert_eq!(listed, vec![updated]);
    let res = owner.client.delete(&format!("/api/agents/{}", created.id)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    error(
        owner.client.get(&format!("/api/agents/{}", created.id)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn omitted_settings_take_sensible_defaults() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let res = owner
        .client
        .post("/api/agents", &json!({"name": "Receptionist", "instructions": ""}))
        .await;
    let agent: Agent = json(res, StatusCode::CREATED).await;
    assert_eq!(agent.realtime_config.provider, RealtimeProvider::Openai);
    assert_eq!(agent.realtime_config.model, "gpt-realtime");
    assert!(agent.tools.end_call);
}

#[tokio::test]
async fn deleting_an_agent_leaves_its_numbers_without_one() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let phone = app.insert_phone(&owner, "+14155550123").await;
    let res = owner
        .client
        .request(Method::PUT, &format!("/api/phones/{}/agent/{}", phone.id, agent.id))
        .send()
        .await
        .expect("PUT");
    assert_eq!(res.status(), StatusCode::OK);
    let agent: Agent =
        json(owner.client.get(&format!("/api/agents/{}", agent.id)).await, StatusCode::OK).await;
    assert_eq!(agent.phone_count, 1);

    owner.client.delete(&format!("/api/agents/{}", agent.id)).await;

    let phone: Phone =
        json(owner.client.get(&format!("/api/phones/{}", phone.id)).await, StatusCode::OK).await;
    assert_eq!(phone.agent_id, None);
}

#[tokio::test]
async fn invalid_agents_are_refused_by_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let cases = [
        ("/name", json!(" "), "required", "name"),
        ("/realtime_config/speed", json!(3.0), "out_of_range", "realtime_config.speed"),
        ("/realtime_config/voice", json!(""), "invalid", "realtime_config.voice"),
        (
            "/tools/transfer_call",
            json!([{"label": "Billing", "number": "555-0100"}]),
            "invalid_phone_number",
            "tools.transfer_call.number",
        ),
        ("/instructions", json!("x".repeat(20_001)), "too_long", "instructions"),
    ];
    for (pointer, value, code, field) in cases {
        let mut body = agent_body("Receptionist");
        *body.pointer_mut(pointer).expect("field exists") = value;
        field_error(
            owner.client.post("/api/agents", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            field,
        )
        .await;
    }
    let mut body = agent_body("Receptionist");
    body["realtime_config"]["provider"] = json!("acme-voice");
    // A body of the wrong shape, and a path id that isn't one, name where.
    field_error(
        owner.client.post("/api/agents", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        "realtime_config.provider",
    )
    .await;
    let bad_id = owner.client.get("/api/agents/123").await;
    field_error(bad_id, StatusCode::BAD_REQUEST, "invalid_path", "id").await;
    let listed: Vec<Agent> = json(owner.client.get("/api/agents").await, StatusCode::OK).await;
    assert!(listed.is_empty(), "nothing half-written");
}

#[tokio::test]
async fn a_model_or_voice_of_another_provider_is_refused_by_field() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let cases = [
        ("gemini", "gpt-realtime", "Kore", "realtime_config.model: gpt-realtime is not a Gemini"),
        (
            "gemini",
            "gemini-2.5-flash-native-audio-preview-09-2025",
            "marin",
            "realtime_config.voice: marin is not a Gemini voice; choose one of Zephyr, Puck,",
        ),
        (
            "openai",
            "gemini-2.5-flash-native-audio-preview-09-2025",
            "marin",
            "realtime_config.model: gemini-2.5-flash-native-audio-preview-09-2025 is not an OpenAI",
        ),
        (
            "openai",
            "gpt-realtime",
            "Puck",
            "realtime_config.voice: Puck is not an OpenAI voice; choose one of alloy, ash,",
        ),
    ];
    for (provider, model, voice, message) in cases {
        let mut body = agent_body("Receptionist");
        body["realtime_config"]["provider"] = json!(provider);
        body["realtime_config"]["model"] = json!(model);
        body["realtime_config"]["voice"] = json!(voice);
        let (field, _) = message.split_once(": ").expect("the message names its field");
        let err = field_error(
            owner.client.post("/api/agents", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "wrong_provider",
            field,
        )
        .await;
        assert!(err.error.message.starts_with(message), "{err:?}");
    }
    let listed: Vec<Agent> = json(owner.client.get("/api/agents").await, StatusCode::OK).await;
    assert!(listed.is_empty(), "nothing saved");

    // Switching an agent's provider without its model and voice is refused too.
    let agent = create_agent(&owner, "Receptionist").await;
    let path = format!("/api/agents/{}", agent.id);
    let mut switched = agent_body("Receptionist");
    switched["realtime_config"]["provider"] = json!("openai");
    let res = owner.client.request(Method::PUT, &path).json(&switched).send().await.expect("PUT");
    field_error(res, StatusCode::UNPROCESSABLE_ENTITY, "wrong_provider", "realtime_config.model")
        .await;
    let unchanged: Agent = json(owner.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(unchanged, agent);
}

#[tokio::test]
async fn each_providers_defaults_are_accepted_on_create_and_update() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let mut body = agent_body("Receptionist");
    body["realtime_config"] = json!({
        "provider": "gemini", "model": "gemini-2.5-flash-native-audio-preview-09-2025",
        "voice": "Puck", "speed": 1.0, "noise_reduction": "near_field",
        "turn_detection": "semantic_vad", "eagerness": "auto"
    });
    let agent: Agent =
        json(owner.client.post("/api/agents", &body).await, StatusCode::CREATED).await;
    assert_eq!(agent.realtime_config, RealtimeConfig::for_provider(RealtimeProvider::Gemini));

    body["realtime_config"]["provider"] = json!("openai");
    body["realtime_config"]["model"] = json!("gpt-realtime");
    body["realtime_config"]["voice"] = json!("marin");
    let res = owner
        .client
        .request(Method::PUT, &format!("/api/agents/{}", agent.id))
        .json(&body)
        .send()
        .await
        .expect("PUT");
    let updated: Agent = json(res, StatusCode::OK).await;
    assert_eq!(updated.realtime_config, RealtimeConfig::for_provider(RealtimeProvider::Openai));
}

#[tokio::test]
async fn another_organizations_agents_are_404_everywhere() {
    let app = TestApp::spawn().await;
    let (acme, globex) = app.two_orgs().await;
    let agent = create_agent(&acme, "Receptionist").await;
    let path = format!("/api/agents/{}", agent.id);

    error(globex.client.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let res = globex
        .client
        .request(Method::PUT, &path)
        .json(&agent_body("Hijacked"))
        .send()
        .await
        .expect("PUT");
    error(res, StatusCode::NOT_FOUND, "not_found").await;
    error(globex.client.delete(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    let listed: Vec<Agent> = json(globex.client.get("/api/agents").await, StatusCode::OK).await;
    assert!(listed.is_empty());

    let still: Agent = json(acme.client.get(&path).await, StatusCode::OK).await;
    assert_eq!(still, agent);
}

#[tokio::test]
async fn viewers_read_agents_but_only_admins_change_them() {
    let app = TestApp::spawn().await;
    let owner = app.sign_up("Acme Dental").await;
    let agent = create_agent(&owner, "Receptionist").await;
    let viewer = app.add_member(&owner, Role::Viewer).await;
    let path = format!("/api/agents/{}", agent.id);

    assert_eq!(viewer.client.get("/api/agents").await.status(), StatusCode::OK);
    assert_eq!(viewer.client.get(&path).await.status(), StatusCode::OK);
    whole_error(
        viewer.client.post("/api/agents", &agent_body("Mine")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let res = viewer
        .client
        .request(Method::PUT, &path)
        .json(&agent_body("Mine"))
        .send()
        .await
        .expect("PUT");
    whole_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    whole_error(viewer.client.delete(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    whole_error(app.client().get("/api/agents").await, StatusCode::UNAUTHORIZED, "unauthenticated")
        .await;
}
