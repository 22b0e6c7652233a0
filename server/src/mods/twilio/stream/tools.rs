//! The tools an agent may call mid-call, and what they do through Twilio's REST API.

use loquent_shared::TransferTarget;

use crate::mods::agent::for_call::CallAgent;
use serde::Deserialize;
use serde_json::json;

use crate::clients::realtime::ToolSpec;
use crate::clients::twilio::{TwilioClient, TwilioCredentials};
use crate::mods::twilio::twiml::{Element, Response};

pub const END_CALL: &str = "end_call";
pub const TRANSFER_CALL: &str = "transfer_call";

/// Whether the tool ends the agent's part in the call (the caller is hung up on or moved).
pub fn leaves_call(name: &str) -> bool {
    matches!(name, END_CALL | TRANSFER_CALL)
}

/// The agent's tools as the model sees them.
pub fn specs(agent: &CallAgent) -> Vec<ToolSpec> {
    let mut tools = Vec::new();
    if agent.tools.end_call {
        tools.push(ToolSpec {
            name: END_CALL,
            description: "Hang up once the conversation is over and you have said goodbye.".into(),
            parameters: json!({"type": "object", "properties": {}, "additionalProperties": false}),
        });
    }
    if !agent.tools.transfer_call.is_empty() {
        let labels: Vec<&str> =
            agent.tools.transfer_call.iter().map(|t| t.label.as_str()).collect();
        tools.push(ToolSpec {
            name: TRANSFER_CALL,
            description: format!(
                "Transfer the caller to a person or department. Tell the caller first. Choose one of: {}.",
                labels.join(", ")
            ),
            parameters: json!({
                "type": "object",
                "properties": {"destination": {"type": "string", "enum": labels}},
                "required": ["destination"],
                "additionalProperties": false
            }),
        });
    }
    tools
}

/// What a tool call led to.
pub enum Outcome {
    /// The call is being ended or moved: stop bridging.
    CallLeaves(String),
    /// Tell the model this and carry on.
    Reply(String),
}

#[derive(Deserialize)]
struct TransferArgs {
    destination: String,
}

pub async fn run(
    twilio: &TwilioClient,
    creds: &TwilioCredentials,
    call_sid: &str,
    our_number: &str,
    agent: &CallAgent,
    name: &str,
    arguments: &str,
) -> Outcome {
    match name {
        END_CALL if agent.tools.end_call => {
            match twilio.update_call(creds, call_sid, &[("Status", "completed")]).await {
                Ok(()) => Outcome::CallLeaves("hung up".into()),
                Err(e) => Outcome::Reply(format!("Could not hang up: {}", e.public_message())),
            }
        }
        TRANSFER_CALL => {
            let Ok(args) = serde_json::from_str::<TransferArgs>(arguments) else {
                return Outcome::Reply("The destination is missing.".into());
            };
            let Some(target) = find_target(&agent.tools.transfer_call, &args.destination) else {
                return Outcome::Reply(format!(
                    "There is no destination called {:?}.",
                    args.destination
                ));
            };
            let twiml = transfer_twiml(target, our_number);
            match twilio.update_call(creds, call_sid, &[("Twiml", twiml.as_str())]).await {
                Ok(()) => Outcome::CallLeaves(format!("transferred to {}", target.label)),
                Err(e) => Outcome::Reply(format!("The transfer failed: {}", e.public_message())),
            }
        }
        other => Outcome::Reply(format!("There is no tool called {other:?}.")),
    }
}

fn find_target<'a>(targets: &'a [TransferTarget], destination: &str) -> Option<&'a TransferTarget> {
    targets.iter().find(|t| t.label.eq_ignore_ascii_case(destination.trim()))
}

/// A cold transfer: the call dials the destination, showing the organization's number.
pub fn transfer_twiml(target: &TransferTarget, our_number: &str) -> String {
    Response::new()
        .verb(
            Element::new("Dial")
                .attr("callerId", our_number)
                .child(Element::new("Number").text(&target.number)),
        )
        .render()
}
