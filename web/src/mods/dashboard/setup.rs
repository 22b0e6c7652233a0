//! How far the organization is through getting its calls answered: the dashboard's "Get started"
//! steps tick from this, and the block goes once every step is done.

use loquent_shared::{Agent, Analyzer, Phone};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Setup {
    /// Step 1: an agent exists.
    pub has_agent: bool,
    /// Any number is registered, answered or not.
    pub has_number: bool,
    /// Step 2: a number has an agent and its calls reach Loquent: only then is a line answered.
    pub has_answered_number: bool,
    /// Step 3: an analyzer exists.
    pub has_analyzer: bool,
}

impl Setup {
    pub fn of(agents: &[Agent], phones: &[Phone], analyzers: &[Analyzer]) -> Setup {
        Setup {
            has_agent: !agents.is_empty(),
            has_number: !phones.is_empty(),
            has_answered_number: phones.iter().any(|p| p.agent_id.is_some() && p.routes_to_loquent),
            has_analyzer: !analyzers.is_empty(),
        }
    }

    pub fn is_complete(self) -> bool {
        self.has_agent && self.has_answered_number && self.has_analyzer
    }

    /// What the empty "Recent calls" panel says: calls only come once a number answers.
    pub fn no_calls_text(self) -> &'static str {
        if self.has_answered_number {
            "Your line is ready: the next call shows up here with its transcript and summary."
        } else if self.has_number {
            "Give a number an agent and route its calls to Loquent; every call then shows up here."
        } else {
            "Once a number is connected, every call shows up here with its transcript and summary."
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;

    fn phone(agent: bool, routed: bool) -> Phone {
        Phone {
            id: Uuid::from_u128(1),
            number: "+14155550101".into(),
            twilio_sid: "PN0123456789abcdef0123456789abcdef".into(),
            friendly_name: "Front desk".into(),
            agent_id: agent.then(|| Uuid::from_u128(2)),
            previous_voice_url: None,
            routes_to_loquent: routed,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_number_counts_only_when_it_has_an_agent_and_routes_to_loquent() {
        for (agent, routed) in [(false, true), (true, false), (false, false)] {
            let setup = Setup::of(&[], &[phone(agent, routed)], &[]);
            assert!(setup.has_number && !setup.has_answered_number, "{agent} {routed}");
        }
        assert!(Setup::of(&[], &[phone(true, false), phone(true, true)], &[]).has_answered_number);
    }

    #[test]
    fn done_means_every_step() {
        assert!(!Setup::default().is_complete());
        let all = Setup {
            has_agent: true,
            has_number: true,
            has_answered_number: true,
            has_analyzer: true,
        };
        assert!(all.is_complete());
        assert!(!Setup { has_analyzer: false, ..all }.is_complete());
    }

    #[test]
    fn the_empty_calls_text_follows_the_numbers() {
        let none = Setup::default().no_calls_text();
        let unanswered = Setup { has_number: true, ..Setup::default() }.no_calls_text();
        let ready = Setup { has_number: true, has_answered_number: true, ..Setup::default() }
            .no_calls_text();
        assert!(none.contains("Once a number is connected"));
        assert!(unanswered.contains("Give a number an agent"));
        assert!(ready.contains("ready"));
    }
}
