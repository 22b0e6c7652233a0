//! The agent form's values as plain data: made from an `AgentInput`, turned back into the one
//! the server takes, and checked by the server's own rules (`loquent_shared`), worded for the
//! form. The form component holds one of these in a signal and renders it.

use loquent_shared::agent::{MAX_INSTRUCTIONS_LEN, MAX_TRANSFER_NUMBERS};
use loquent_shared::validation::{FieldError, validate_e164, validate_name};
use loquent_shared::{AgentInput, AgentTools, RealtimeConfig, RealtimeProvider, TransferTarget};

use crate::form_rules::{about, error_for, worded};
use crate::util::normalize_phone_input;

/// Everything the agent form edits.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentFormState {
    pub name: String,
    pub instructions: String,
    /// The Voice panel's settings, the model as typed (it is trimmed when saved).
    pub realtime_config: RealtimeConfig,
    pub end_call: bool,
    pub transfers: Vec<TransferRowState>,
    /// The member tried to save: from then on every problem shows, not only those shown as typed.
    pub submitted: bool,
    next_key: u64,
}

/// A transfer destination being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRowState {
    /// Tells rows apart as they come and go (the list's key, the inputs' ids).
    pub key: u64,
    pub label: String,
    /// As typed; saved towards E.164 ([`normalize_phone_input`]).
    pub number: String,
    /// The number was left filled in: the row's problems show before a save.
    pub touched: bool,
}

impl From<&AgentInput> for AgentFormState {
    fn from(input: &AgentInput) -> Self {
        let transfers: Vec<TransferRowState> = input
            .tools
            .transfer_call
            .iter()
            .zip(0..)
            .map(|(target, key)| TransferRowState {
                key,
                label: target.label.clone(),
                number: target.number.clone(),
                touched: false,
            })
            .collect();
        AgentFormState {
            name: input.name.clone(),
            instructions: input.instructions.clone(),
            realtime_config: input.realtime_config.clone(),
            end_call: input.tools.end_call,
            next_key: transfers.len() as u64,
            transfers,
            submitted: false,
        }
    }
}

impl Default for AgentFormState {
    /// A new agent: no name yet, the default provider's settings, hanging up allowed.
    fn default() -> Self {
        AgentFormState::from(&AgentInput {
            name: String::new(),
            instructions: String::new(),
            realtime_config: RealtimeConfig::default(),
            tools: AgentTools::default(),
        })
    }
}

/// A valid agent whose fields stand in for all but the one being checked (see
/// [`crate::form_rules::about`]).
fn stand_in() -> AgentInput {
    AgentInput {
        name: "Agent".to_owned(),
        instructions: String::new(),
        realtime_config: RealtimeConfig::default(),
        tools: AgentTools::default(),
    }
}

/// The input to focus for a problem the server names.
pub fn input_for(field: &str) -> &'static str {
    match field {
        "name" => "name",
        "instructions" => "instructions",
        "realtime_config.model" => "model",
        "realtime_config.voice" => "voice",
        "realtime_config.speed" => "speed",
        _ => "end_call",
    }
}

/// What is wrong with a model name for this provider, in the member's terms.
pub fn model_problem(provider: RealtimeProvider, model: &str) -> Option<String> {
    let config =
        RealtimeConfig { model: model.to_owned(), ..RealtimeConfig::for_provider(provider) };
    let invalid = about("realtime_config.model", config.validate())?;
    Some(if invalid.code == "wrong_provider" {
        invalid.message
    } else {
        format!("Enter the provider's model name, e.g. {}", provider.default_model())
    })
}

impl AgentFormState {
    /// The agent as it will be saved: names and instructions trimmed, the model trimmed,
    /// transfer numbers towards E.164.
    pub fn to_input(&self) -> AgentInput {
        AgentInput {
            name: self.name.trim().to_owned(),
            instructions: self.instructions.trim().to_owned(),
            realtime_config: RealtimeConfig {
                model: self.realtime_config.model.trim().to_owned(),
                ..self.realtime_config.clone()
            },
            tools: AgentTools {
                end_call: self.end_call,
                transfer_call: self.transfers.iter().map(TransferRowState::target).collect(),
            },
        }
    }

    /// Every problem the server would refuse the agent for, each naming its field as the server
    /// does (`realtime_config.voice`, `tools.transfer_call.number`). Empty exactly when
    /// `to_input().validate()` passes.
    pub fn errors(&self) -> Vec<FieldError> {
        let input = self.to_input();
        let config = &input.realtime_config;
        let provider = RealtimeConfig::for_provider(config.provider);
        // The count of transfer numbers on its own: as many valid ones.
        let count = AgentTools {
            end_call: true,
            transfer_call: vec![
                TransferTarget {
                    label: "Desk".to_owned(),
                    number: "+14155550100".to_owned()
                };
                input.tools.transfer_call.len()
            ],
        };
        let mut errors: Vec<FieldError> = [
            validate_name("name", &input.name).err(),
            about(
                "instructions",
                AgentInput { instructions: input.instructions.clone(), ..stand_in() }.validate(),
            ),
            about(
                "realtime_config.model",
                RealtimeConfig { model: config.model.clone(), ..provider.clone() }.validate(),
            ),
            about(
                "realtime_config.voice",
                RealtimeConfig { voice: config.voice.clone(), ..provider.clone() }.validate(),
            ),
            about(
                "realtime_config.speed",
                RealtimeConfig { speed: config.speed, ..provider }.validate(),
            ),
            about("tools.transfer_call", count.validate()),
        ]
        .into_iter()
        .flatten()
        .collect();
        errors.extend(self.transfers.iter().flat_map(TransferRowState::errors));
        errors
    }

    /// Under the name: shown once the member tried to save.
    pub fn name_message(&self) -> Option<String> {
        let errors = self.errors();
        let error = error_for(&errors, "name").filter(|_| self.submitted)?;
        Some(worded(error, "Give the agent a name"))
    }

    /// Under the instructions: shown as soon as they are too long.
    pub fn instructions_message(&self) -> Option<String> {
        error_for(&self.errors(), "instructions")
            .map(|_| format!("Keep the instructions under {MAX_INSTRUCTIONS_LEN} characters"))
    }

    /// Under the model: shown once the member tried to save.
    pub fn model_message(&self) -> Option<String> {
        let config = &self.realtime_config;
        self.submitted.then(|| model_problem(config.provider, config.model.trim())).flatten()
    }

    /// Under the voice: shown once the member tried to save.
    pub fn voice_message(&self) -> Option<String> {
        let provider = self.realtime_config.provider;
        error_for(&self.errors(), "realtime_config.voice")
            .filter(|_| self.submitted)
            .map(|_| format!("Choose one of {}'s voices", provider.name()))
    }

    /// The input a save should send the member to, or `None` when the agent can be saved:
    /// the transfer rows first (each row's name, then its number), then the rest in the
    /// server's order.
    pub fn first_invalid_input(&self) -> Option<String> {
        for row in &self.transfers {
            if row.label_message(true).is_some() {
                return Some(row.label_input());
            }
            if row.number_message(true).is_some() {
                return Some(row.number_input());
            }
        }
        self.to_input().validate().err().map(|e| input_for(e.field).to_owned())
    }

    /// A new provider starts from its own model and voice.
    pub fn select_provider(&mut self, provider: RealtimeProvider) {
        let config = &mut self.realtime_config;
        config.provider = provider;
        config.model = provider.default_model().to_owned();
        config.voice = provider.default_voice().to_owned();
    }

    pub fn can_add_transfer(&self) -> bool {
        self.transfers.len() < MAX_TRANSFER_NUMBERS
    }

    /// Adds an empty transfer row; answers its key.
    pub fn add_transfer(&mut self) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        self.transfers.push(TransferRowState {
            key,
            label: String::new(),
            number: String::new(),
            touched: false,
        });
        key
    }

    pub fn remove_transfer(&mut self, key: u64) {
        self.transfers.retain(|row| row.key != key);
    }

    pub fn transfer(&self, key: u64) -> Option<&TransferRowState> {
        self.transfers.iter().find(|row| row.key == key)
    }

    pub fn transfer_mut(&mut self, key: u64) -> Option<&mut TransferRowState> {
        self.transfers.iter_mut().find(|row| row.key == key)
    }

    /// Shows the transfer numbers as they will be saved.
    pub fn normalize_numbers(&mut self) {
        for row in &mut self.transfers {
            row.number = normalize_phone_input(&row.number);
        }
    }
}

impl TransferRowState {
    fn target(&self) -> TransferTarget {
        TransferTarget {
            label: self.label.trim().to_owned(),
            number: normalize_phone_input(&self.number),
        }
    }

    /// The row's problems, named as the server names them.
    pub fn errors(&self) -> Vec<FieldError> {
        let target = self.target();
        [
            validate_name("tools.transfer_call.label", &target.label).err(),
            validate_e164("tools.transfer_call.number", &target.number).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Under the row's name: shown once the row was left filled in or a save was tried.
    pub fn label_message(&self, submitted: bool) -> Option<String> {
        let errors = self.errors();
        let error = error_for(&errors, "tools.transfer_call.label")
            .filter(|_| submitted || self.touched)?;
        Some(worded(error, "Name who answers"))
    }

    /// Under the row's number: shown once the row was left filled in or a save was tried.
    pub fn number_message(&self, submitted: bool) -> Option<String> {
        error_for(&self.errors(), "tools.transfer_call.number")
            .filter(|_| submitted || self.touched)
            .map(|_| "Enter a number like +14155550100".to_owned())
    }

    /// Leaving a filled-in number: it is shown as it will be saved, and checked from now on.
    pub fn leave_number(&mut self) {
        if !self.number.trim().is_empty() {
            self.number = normalize_phone_input(&self.number);
            self.touched = true;
        }
    }

    pub fn label_input(&self) -> String {
        format!("transfer-label-{}", self.key)
    }

    pub fn number_input(&self) -> String {
        format!("transfer-number-{}", self.key)
    }
}

#[cfg(test)]
mod tests {
    use loquent_shared::{Eagerness, NoiseReduction, TurnDetection};

    use super::*;
    use crate::form_rules::sentence;

    use RealtimeProvider::{Gemini, Openai};

    fn receptionist() -> AgentInput {
        AgentInput {
            name: "Receptionist".to_owned(),
            instructions: "Be brief.".to_owned(),
            realtime_config: RealtimeConfig {
                speed: 1.25,
                noise_reduction: NoiseReduction::FarField,
                turn_detection: TurnDetection::ServerVad,
                eagerness: Eagerness::High,
                ..RealtimeConfig::for_provider(Gemini)
            },
            tools: AgentTools {
                end_call: false,
                transfer_call: vec![TransferTarget {
                    label: "Billing".to_owned(),
                    number: "+14155550100".to_owned(),
                }],
            },
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_agent_comes_back_as_it_went_in() {
        let input = receptionist();
        let state = AgentFormState::from(&input);
        assert_eq!(state.to_input(), input);
        assert_eq!(state.errors(), []);
        assert_eq!(state.first_invalid_input(), None);
        assert_eq!(state.transfers[0].key, 0);
    }

    #[test]
    fn a_new_agent_starts_from_the_defaults_and_needs_a_name() {
        let state = AgentFormState::default();
        assert_eq!(state.realtime_config, RealtimeConfig::default());
        assert!(state.end_call && state.transfers.is_empty());
        assert_eq!(fields(&state.errors()), ["name"]);
        // Nothing is said before the member tries to save.
        assert_eq!(state.name_message(), None);
        let tried = AgentFormState { submitted: true, ..state };
        assert_eq!(tried.name_message().as_deref(), Some("Give the agent a name"));
        assert_eq!(tried.first_invalid_input().as_deref(), Some("name"));
    }

    #[test]
    fn what_is_saved_is_trimmed_and_numbers_go_towards_e164() {
        let mut state = AgentFormState::from(&receptionist());
        state.name = "  Front desk ".to_owned();
        state.instructions = "\nBe warm.  ".to_owned();
        state.realtime_config.model = " gemini-live-2.5-flash-preview ".to_owned();
        state.transfers[0].label = " Billing ".to_owned();
        state.transfers[0].number = "(415) 555-0123".to_owned();
        let input = state.to_input();
        assert_eq!(input.name, "Front desk");
        assert_eq!(input.instructions, "Be warm.");
        assert_eq!(input.realtime_config.model, "gemini-live-2.5-flash-preview");
        assert_eq!(
            input.tools.transfer_call,
            [TransferTarget { label: "Billing".to_owned(), number: "+14155550123".to_owned() }]
        );
        state.normalize_numbers();
        assert_eq!(state.transfers[0].number, "+14155550123");
    }

    #[test]
    fn errors_name_the_fields_the_server_names() {
        let mut state = AgentFormState::from(&receptionist());
        state.name = "x".repeat(121);
        state.instructions = "x".repeat(MAX_INSTRUCTIONS_LEN + 1);
        state.realtime_config.model = "gpt-realtime".to_owned();
        state.realtime_config.voice = "marin".to_owned();
        state.realtime_config.speed = 2.0;
        state.transfers[0].label = String::new();
        state.transfers[0].number = "555".to_owned();
        let errors = state.errors();
        assert_eq!(
            fields(&errors),
            [
                "name",
                "instructions",
                "realtime_config.model",
                "realtime_config.voice",
                "realtime_config.speed",
                "tools.transfer_call.label",
                "tools.transfer_call.number",
            ]
        );
        // Whatever the server would say first, the form knows.
        let refused = state.to_input().validate().expect_err("invalid");
        assert!(errors.contains(&refused), "{refused:?}");
        assert_eq!(sentence(&errors[0].message), "Must be at most 120 characters");
    }

    #[test]
    fn messages_show_as_the_form_shows_them() {
        let mut state = AgentFormState::from(&receptionist());
        state.instructions = "x".repeat(MAX_INSTRUCTIONS_LEN + 1);
        state.realtime_config.model = "gpt-realtime".to_owned();
        state.realtime_config.voice = "marin".to_owned();
        // Too long is said at once; the voice and model wait for a save.
        assert_eq!(
            state.instructions_message().as_deref(),
            Some("Keep the instructions under 20000 characters")
        );
        assert_eq!((state.model_message(), state.voice_message()), (None, None));
        state.submitted = true;
        assert_eq!(
            state.model_message().as_deref(),
            Some(
                "gpt-realtime is not a Gemini Live model; use one such as \
                 gemini-2.5-flash-native-audio-preview-09-2025"
            )
        );
        assert_eq!(state.voice_message().as_deref(), Some("Choose one of Gemini's voices"));
        assert_eq!(state.first_invalid_input().as_deref(), Some("instructions"));
    }

    #[test]
    fn transfer_rows_are_checked_first_and_once_left() {
        let mut state = AgentFormState::from(&receptionist());
        state.name = String::new();
        let key = state.add_transfer();
        assert_eq!(key, 1);
        let row = state.transfer_mut(key).expect("added");
        row.number = "415 555".to_owned();
        assert_eq!((row.label_message(false), row.number_message(false)), (None, None));
        row.leave_number();
        assert_eq!(row.number, "415555");
        assert_eq!(row.label_message(false).as_deref(), Some("Name who answers"));
        assert_eq!(row.number_message(false).as_deref(), Some("Enter a number like +14155550100"));
        // The rows come before the name.
        assert_eq!(state.first_invalid_input().as_deref(), Some("transfer-label-1"));
        state.transfer_mut(key).expect("added").label = "Desk".to_owned();
        assert_eq!(state.first_invalid_input().as_deref(), Some("transfer-number-1"));
        state.remove_transfer(key);
        assert_eq!(state.transfer(key), None);
        assert_eq!(state.first_invalid_input().as_deref(), Some("name"));
        // A blank number left alone stays unchecked.
        let mut blank = TransferRowState { number: "  ".to_owned(), ..state.transfers[0].clone() };
        blank.leave_number();
        assert!(!blank.touched);
    }

    #[test]
    fn at_most_the_servers_number_of_transfer_rows() {
        let mut state = AgentFormState::default();
        for _ in 0..MAX_TRANSFER_NUMBERS {
            assert!(state.can_add_transfer());
            state.add_transfer();
        }
        assert!(!state.can_add_transfer());
        // Keys stay unique after removals.
        state.remove_transfer(0);
        assert_eq!(state.add_transfer(), MAX_TRANSFER_NUMBERS as u64);
    }

    #[test]
    fn switching_provider_starts_from_its_model_and_voice() {
        let mut state = AgentFormState::default();
        state.realtime_config.speed = 0.5;
        state.select_provider(Gemini);
        assert_eq!(state.realtime_config.model, Gemini.default_model());
        assert_eq!(state.realtime_config.voice, "Puck");
        // The other settings are kept, for a switch back.
        assert_eq!(state.realtime_config.speed, 0.5);
        state.select_provider(Openai);
        assert_eq!(state.realtime_config.voice, "marin");
        assert_eq!(state.errors(), [FieldError::new("name", "required", "must not be empty")]);
    }

    #[test]
    fn model_problems_say_what_the_provider_expects() {
        assert_eq!(model_problem(Gemini, Gemini.default_model()), None);
        assert_eq!(model_problem(Openai, "gpt-realtime-mini"), None);
        assert_eq!(
            model_problem(Gemini, "gpt-realtime").as_deref(),
            Some(
                "gpt-realtime is not a Gemini Live model; use one such as \
                 gemini-2.5-flash-native-audio-preview-09-2025"
            )
        );
        assert_eq!(
            model_problem(Openai, "").as_deref(),
            Some("Enter the provider's model name, e.g. gpt-realtime")
        );
    }
}
