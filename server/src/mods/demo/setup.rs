//! The clinic as configured a month ago: its receptionist agent, its two numbers (fictional,
//! never at Twilio: they show as bought in Loquent, so their pages need no Twilio account) and
//! three analyzers run on every call to them.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use loquent_shared::{
    AgentInput, AgentTools, AnalyzerInput, RealtimeConfig, RealtimeProvider, TransferTarget,
};
use uuid::Uuid;

use super::error::DemoError;
use super::ids::{self, Kind};
use crate::mods::phone::queries::{NewPhone, NumberAt};
use crate::mods::{agent, analyzer, phone};

const INSTRUCTIONS: &str = "\
You are Riley, the receptionist of {clinic}, a family dental practice. You answer the phone \
for the front desk: warm, calm and brief, in plain words.

You can:
- book, move and cancel appointments (cleanings and checkups with a hygienist, exams and \
treatment with Dr. Patel or Dr. Okafor);
- answer questions about the practice from its profile below (services, opening hours, \
address, parking) and about the insurance plans we accept;
- take a message for the dentists, billing or the front desk, and promise a call back.

Always ask for the caller's name. Never give medical advice: for pain, swelling or bleeding, \
offer the next emergency slot and a call back from a dentist, and tell the caller to go to the \
emergency room if it is severe. Never quote a price you are not sure of: offer to email it. \
When the caller asks for a person, transfer them to the front desk.";

/// The clinic's two numbers: E.164 and name.
pub const NUMBERS: [(&str, &str); 2] =
    [("+16175550100", "Front desk"), ("+16175550101", "New patients")];

const ANALYZERS: [(&str, &str); 3] = [
    ("Intent", "In one sentence: what did the caller want?"),
    (
        "Outcome",
        "In one or two sentences: how did the call end? Say what was booked, answered or \
         promised, and what is still open.",
    ),
    (
        "Sentiment",
        "Was the caller's mood positive, neutral or negative? Answer with the word, then why \
         in a few words.",
    ),
];

/// What the calls are placed on: the agent, the numbers and the analyzers, by id.
pub struct Setup {
    pub agent_id: Uuid,
    /// Each number's id and E.164, in [`NUMBERS`]' order.
    pub numbers: Vec<(Uuid, &'static str)>,
    /// Each analyzer's id and name.
    pub analyzers: Vec<(Uuid, &'static str)>,
}

/// The agent as it is configured: OpenAI's realtime model with its default voice (what a new
/// agent starts with, so it is valid for its provider), and a transfer to the front desk.
pub fn agent_input(clinic: &str) -> AgentInput {
    AgentInput {
        name: "Riley (receptionist)".into(),
        instructions: INSTRUCTIONS.replace("{clinic}", clinic),
        realtime_config: RealtimeConfig::for_provider(RealtimeProvider::Openai),
        tools: AgentTools {
            end_call: true,
            transfer_call: vec![TransferTarget {
                label: "Front desk".into(),
                number: "+16175550102".into(),
            }],
        },
    }
}

/// Inserts the agent, numbers and analyzers, made at `at`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    clinic: &str,
    at: DateTime<Utc>,
) -> Result<Setup, DemoError> {
    let agent_id = ids::id(organization_id, Kind::Agent, 0);
    agent::queries::insert_at(conn, organization_id, agent_id, at, &agent_input(clinic)).await?;

    let mut numbers = Vec::new();
    for (n, (number, name)) in NUMBERS.into_iter().enumerate() {
        let id = ids::id(organization_id, Kind::Phone, n);
        let sid = ids::sid("PN", id);
        let new =
            NewPhone { number, twilio_sid: &sid, friendly_name: name, routes_to_loquent: true };
        phone::queries::insert_at(
            conn,
            organization_id,
            NumberAt { id, new, agent_id: Some(agent_id), created_at: at },
        )
        .await?;
        numbers.push((id, number));
    }

    let mut analyzers = Vec::new();
    for (n, (name, prompt)) in ANALYZERS.into_iter().enumerate() {
        let id = ids::id(organization_id, Kind::Analyzer, n);
        let input = AnalyzerInput {
            name: name.into(),
            prompt: prompt.into(),
            is_default: true,
            is_active: true,
            phone_number_ids: numbers.iter().map(|(id, _)| *id).collect(),
        };
        analyzer::queries::insert_at(conn, organization_id, id, at, &input).await?;
        analyzers.push((id, name));
    }
    Ok(Setup { agent_id, numbers, analyzers })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_agent_is_valid_input_for_its_provider() {
        assert_eq!(super::agent_input("Demo Dental Clinic").validate(), Ok(()));
    }
}
