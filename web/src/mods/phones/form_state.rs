//! The phone pages' forms as plain data: a number's settings (its name and agent) and the
//! area-code search, checked by the server's rules.

use loquent_shared::validation::FieldError;
use loquent_shared::{Agent, Phone, SearchAvailableRequest, UpdatePhoneRequest};
use uuid::Uuid;

use crate::form_rules::{sentence, worded};

/// A number's name and the agent answering it, as edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhoneSettingsState {
    pub friendly_name: String,
    /// The agent's id as the select holds it; empty for no agent.
    pub agent: String,
    /// With a new agent on a number whose calls don't come to Loquent: route them here in the
    /// same step (on unless the member unticks it), since an agent alone answers nothing.
    pub route_calls: bool,
    /// The member tried to save: from then on every problem shows.
    pub submitted: bool,
}

/// What saving the settings changes on the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneChanges {
    /// The name and the agent, as one `PATCH` (only what differs; empty when neither does).
    pub update: UpdatePhoneRequest,
    /// Point the number's voice URL at Loquent after assigning the agent.
    pub route: bool,
}

impl PhoneChanges {
    pub fn is_empty(&self) -> bool {
        self.update.is_empty() && !self.route
    }
}

impl From<&Phone> for PhoneSettingsState {
    fn from(phone: &Phone) -> Self {
        PhoneSettingsState {
            friendly_name: phone.friendly_name.clone(),
            agent: phone.agent_id.map(|id| id.to_string()).unwrap_or_default(),
            route_calls: true,
            submitted: false,
        }
    }
}

impl PhoneSettingsState {
    /// The name as it will be sent, trimmed.
    pub fn name(&self) -> String {
        self.friendly_name.trim().to_owned()
    }

    pub fn agent_id(&self) -> Option<Uuid> {
        Uuid::parse_str(&self.agent).ok()
    }

    /// Whether the form offers to route the number's calls to Loquent: a new agent is chosen
    /// for a number whose calls go elsewhere.
    pub fn offers_routing(&self, saved: &Phone) -> bool {
        let agent = self.agent_id();
        !saved.routes_to_loquent && agent.is_some() && agent != saved.agent_id
    }

    /// What differs from `saved`: only that is sent.
    pub fn changes(&self, saved: &Phone) -> PhoneChanges {
        let name = self.name();
        let agent = self.agent_id();
        PhoneChanges {
            update: UpdatePhoneRequest {
                friendly_name: (name != saved.friendly_name).then_some(name),
                agent_id: (agent != saved.agent_id).then_some(agent),
            },
            route: self.offers_routing(saved) && self.route_calls,
        }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        let as_sent = UpdatePhoneRequest { friendly_name: Some(self.name()), agent_id: None };
        as_sent.validate().err().into_iter().collect()
    }

    /// Under the name: an emptied name at once, any other problem once a save was tried.
    pub fn name_message(&self) -> Option<String> {
        let shown = self.submitted || self.friendly_name.trim().is_empty();
        let error = self.errors().into_iter().find(|e| e.field == "friendly_name")?;
        shown.then(|| worded(&error, "Give the number a name"))
    }
}

/// The agents to choose from: none, the number's agent if it was deleted meanwhile, then every
/// agent, as `(id, name)`.
pub fn agent_options(agents: &[Agent], current: Option<Uuid>) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "No agent".to_owned())];
    if let Some(current) = current.filter(|a| !agents.iter().any(|x| x.id == *a)) {
        options.push((current.to_string(), "Unknown agent (deleted)".to_owned()));
    }
    options.extend(agents.iter().map(|a| (a.id.to_string(), a.name.clone())));
    options
}

/// The area code to search numbers in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaCodeSearchState {
    pub area_code: String,
    /// The member searched: from then on a problem shows.
    pub submitted: bool,
}

impl From<&SearchAvailableRequest> for AreaCodeSearchState {
    fn from(request: &SearchAvailableRequest) -> Self {
        AreaCodeSearchState { area_code: request.area_code.clone(), submitted: false }
    }
}

impl AreaCodeSearchState {
    /// The search as it will be sent, the code trimmed.
    pub fn to_input(&self) -> SearchAvailableRequest {
        SearchAvailableRequest { area_code: self.area_code.trim().to_owned() }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        self.to_input().validate().err().into_iter().collect()
    }

    /// Under the code, checked as typed: letters at once, a wrong code as soon as it has three
    /// characters, anything after a search.
    pub fn message(&self) -> Option<String> {
        let value = &self.area_code;
        let typed_wrong = value.bytes().any(|b| !b.is_ascii_digit()) || value.len() >= 3;
        let shown = self.submitted || (!value.is_empty() && typed_wrong);
        let as_typed = SearchAvailableRequest { area_code: value.clone() };
        let error = as_typed.validate().err().filter(|_| shown)?;
        Some(if value.is_empty() {
            "Enter an area code".to_owned()
        } else {
            sentence(&error.message)
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use loquent_shared::{AgentTools, RealtimeConfig};

    use super::*;

    fn phone(agent_id: Option<Uuid>) -> Phone {
        Phone {
            id: Uuid::from_u128(1),
            number: "+14155550101".to_owned(),
            twilio_sid: format!("PN{}", "0".repeat(32)),
            friendly_name: "Front desk".to_owned(),
            agent_id,
            previous_voice_url: None,
            routes_to_loquent: true,
            created_at: Utc::now(),
        }
    }

    fn agent(id: u128, name: &str) -> Agent {
        Agent {
            id: Uuid::from_u128(id),
            name: name.to_owned(),
            instructions: String::new(),
            realtime_config: RealtimeConfig::default(),
            tools: AgentTools::default(),
            phone_count: 0,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_new_agent_on_an_unrouted_number_routes_it_unless_unticked() {
        let saved = Phone { routes_to_loquent: false, ..phone(None) };
        let mut state = PhoneSettingsState::from(&saved);
        assert!(!state.offers_routing(&saved), "no agent chosen yet");
        state.agent = Uuid::from_u128(7).to_string();
        assert!(state.offers_routing(&saved));
        assert!(state.changes(&saved).route);
        state.route_calls = false;
        let changes = state.changes(&saved);
        assert!(!changes.route && changes.update.agent_id == Some(Some(Uuid::from_u128(7))));
        // A routed number has nothing to offer.
        let routed = phone(None);
        let state = PhoneSettingsState {
            agent: Uuid::from_u128(7).to_string(),
            ..PhoneSettingsState::from(&routed)
        };
        assert!(!state.offers_routing(&routed) && !state.changes(&routed).route);
    }

    #[test]
    fn an_unchanged_number_has_nothing_to_save() {
        let saved = phone(Some(Uuid::from_u128(7)));
        let state = PhoneSettingsState::from(&saved);
        assert_eq!(state.agent_id(), saved.agent_id);
        assert_eq!(state.name(), "Front desk");
        assert!(state.changes(&saved).is_empty());
        // A name that differs only by spaces around it is the same name.
        let spaced = PhoneSettingsState { friendly_name: " Front desk ".to_owned(), ..state };
        assert!(spaced.changes(&saved).is_empty());
    }

    #[test]
    fn only_what_changed_is_sent() {
        let saved = phone(Some(Uuid::from_u128(7)));
        let renamed = PhoneSettingsState {
            friendly_name: "Main line".to_owned(),
            ..PhoneSettingsState::from(&saved)
        };
        assert_eq!(
            renamed.changes(&saved),
            PhoneChanges {
                update: UpdatePhoneRequest {
                    friendly_name: Some("Main line".to_owned()),
                    agent_id: None,
                },
                route: false,
            }
        );
        let unassigned =
            PhoneSettingsState { agent: String::new(), ..PhoneSettingsState::from(&saved) };
        assert_eq!(
            unassigned.changes(&saved),
            PhoneChanges {
                update: UpdatePhoneRequest { friendly_name: None, agent_id: Some(None) },
                route: false,
            }
        );
    }

    #[test]
    fn a_new_name_and_a_new_agent_are_one_request() {
        let saved = phone(None);
        let state = PhoneSettingsState {
            friendly_name: " Main line ".to_owned(),
            agent: Uuid::from_u128(7).to_string(),
            ..PhoneSettingsState::from(&saved)
        };
        assert_eq!(
            state.changes(&saved).update,
            UpdatePhoneRequest {
                friendly_name: Some("Main line".to_owned()),
                agent_id: Some(Some(Uuid::from_u128(7))),
            }
        );
    }

    #[test]
    fn an_emptied_name_is_pointed_out_at_once() {
        let mut state = PhoneSettingsState { friendly_name: "  ".to_owned(), ..Default::default() };
        assert_eq!(state.errors().iter().map(|e| e.field).collect::<Vec<_>>(), ["friendly_name"]);
        assert_eq!(state.name_message().as_deref(), Some("Give the number a name"));
        state.friendly_name = "x".repeat(121);
        assert_eq!(state.name_message(), None);
        state.submitted = true;
        assert_eq!(state.name_message().as_deref(), Some("Must be at most 120 characters"));
    }

    #[test]
    fn the_agent_choices_keep_a_deleted_agent_visible() {
        let agents = [agent(7, "Receptionist")];
        let labels = |current| {
            agent_options(&agents, current).into_iter().map(|(_, label)| label).collect::<Vec<_>>()
        };
        assert_eq!(labels(None), ["No agent", "Receptionist"]);
        assert_eq!(labels(Some(Uuid::from_u128(7))), ["No agent", "Receptionist"]);
        assert_eq!(
            labels(Some(Uuid::from_u128(8))),
            ["No agent", "Unknown agent (deleted)", "Receptionist"]
        );
    }

    #[test]
    fn area_codes_are_checked_as_typed() {
        let typed =
            |code: &str| AreaCodeSearchState { area_code: code.to_owned(), submitted: false };
        assert_eq!(typed("41").message(), None);
        assert_eq!(
            typed("4a").message().as_deref(),
            Some("Must be a 3-digit area code such as 415")
        );
        assert_eq!(
            typed("015").message().as_deref(),
            Some("Must be a 3-digit area code such as 415")
        );
        assert_eq!(typed("415").message(), None);
        assert_eq!(typed("").message(), None);
        let searched = AreaCodeSearchState { submitted: true, ..typed("") };
        assert_eq!(searched.message().as_deref(), Some("Enter an area code"));
        assert_eq!(searched.errors().iter().map(|e| e.field).collect::<Vec<_>>(), ["area_code"]);
        let request = SearchAvailableRequest { area_code: "415".to_owned() };
        assert_eq!(AreaCodeSearchState::from(&request).to_input(), request);
        assert_eq!(typed(" 415 ").to_input(), request);
    }
}
