//! A phone line answered by an agent, the way the call tests need it: the real server pointed at a
//! fake Twilio and the test's realtime provider fake, an organization with its own Twilio account,
//! one imported number, and an agent assigned to it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::client::json;
use crate::fakes::twilio::FakeTwilio;
use crate::fixtures::{OwnNumber, connect_own_number};
use crate::media_stream::{Dial, MediaStream};
use crate::{SignedIn, TestApp};

/// The number the line answers.
pub const NUMBER: &str = "+14155550123";
/// Who calls it.
pub const CALLER: &str = "+14155550199";

pub struct AgentLine {
    pub twilio: FakeTwilio,
    pub app: TestApp,
    pub owner: SignedIn,
    pub own: OwnNumber,
    pub agent_id: String,
}

/// An agent of `provider` ("openai" or "gemini") with that provider's model and voice,
/// `turn_detection` and `eagerness` as given, and `tools` (an `AgentTools` body).
pub fn agent(provider: &str, turn_detection: &str, eagerness: &str, tools: Value) -> Value {
    let (model, voice) = match provider {
        "gemini" => ("gemini-2.5-flash-native-audio-preview-09-2025", "Kore"),
        _ => ("gpt-realtime", "marin"),
    };
    json!({
        "name": "Receptionist", "instructions": "You answer for Acme Dental.",
        "realtime_config": {"provider": provider, "model": model, "voice": voice, "speed": 1.0,
            "noise_reduction": "near_field", "turn_detection": turn_detection, "eagerness": eagerness},
        "tools": tools
    })
}

/// Both tools: hang up, and transfer to Billing.
pub fn both_tools() -> Value {
    json!({"end_call": true, "transfer_call": [{"label": "Billing", "number": "+14155550100"}]})
}

impl AgentLine {
    /// Starts the server with `vars` (the provider fake's base URL and key, and any other
    /// settings) and sets the line up with `agent` answering.
    pub async fn start(vars: &[(&str, &str)], agent: &Value) -> AgentLine {
        let twilio = FakeTwilio::start().await;
        let mut all = vec![("TWILIO_API_BASE", twilio.base_url.as_str())];
        all.extend_from_slice(vars);
        let app = TestApp::spawn_with(&all).await;
        let owner = app.sign_up("Acme Dental").await;
        let own = connect_own_number(&twilio, &owner, NUMBER).await;
        let created: Value =
            json(owner.client.post("/api/agents", agent).await, StatusCode::CREATED).await;
        let agent_id = created["id"].as_str().expect("id").to_string();
        let assign = format!("/api/phones/{}/agent/{agent_id}", own.phone.id);
        let res = owner.client.request(Method::PUT, &assign).send().await.expect("PUT");
        assert!(res.status().is_success(), "assigning the agent: {}", res.status());
        AgentLine { twilio, app, owner, own, agent_id }
    }

    /// How the test, as Twilio, reaches the line.
    pub fn dial(&self) -> Dial<'_> {
        Dial {
            app: &self.app,
            phone_id: self.own.phone.id,
            number: &self.own.phone.number,
            account_sid: &self.own.account_sid,
            token: &self.own.token,
            from: CALLER,
        }
    }

    /// A new call's media stream, started.
    pub async fn stream(&self) -> MediaStream {
        MediaStream::open(&self.dial()).await
    }

    /// Replaces the agent entirely (`PUT /api/agents/{id}`).
    pub async fn replace_agent(&self, agent: &Value) {
        let path = format!("/api/agents/{}", self.agent_id);
        let res =
            self.owner.client.request(Method::PUT, &path).json(agent).send().await.expect("PUT");
        assert_eq!(res.status(), StatusCode::OK, "replacing the agent");
    }
}
