//! The analyzer form's values as plain data: made from an `AnalyzerInput` and the numbers the
//! form offers, turned back into the input the server takes, checked by the server's rules.

use std::collections::HashSet;

use loquent_shared::AnalyzerInput;
use loquent_shared::analyzer::MAX_PROMPT_LEN;
use loquent_shared::validation::{FieldError, validate_name};
use uuid::Uuid;

use crate::form_rules::{about, error_for, worded};

/// Everything the analyzer form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzerFormState {
    pub name: String,
    pub prompt: String,
    pub is_active: bool,
    pub is_default: bool,
    /// The numbers ticked, possibly including one no longer offered.
    pub selected: HashSet<Uuid>,
    /// The organization's numbers, in the order they are listed: only these are saved (an
    /// assigned number may have been removed meanwhile).
    pub offered: Vec<Uuid>,
    /// The member tried to save: from then on every problem shows.
    pub submitted: bool,
}

impl From<&AnalyzerInput> for AnalyzerFormState {
    fn from(input: &AnalyzerInput) -> Self {
        AnalyzerFormState {
            name: input.name.clone(),
            prompt: input.prompt.clone(),
            is_active: input.is_active,
            is_default: input.is_default,
            selected: input.phone_number_ids.iter().copied().collect(),
            offered: Vec::new(),
            submitted: false,
        }
    }
}

impl Default for AnalyzerFormState {
    /// A new analyzer: active, not a default, on no number.
    fn default() -> Self {
        AnalyzerFormState::from(&AnalyzerInput {
            name: String::new(),
            prompt: String::new(),
            is_default: false,
            is_active: true,
            phone_number_ids: Vec::new(),
        })
    }
}

impl AnalyzerFormState {
    /// The numbers the form lists.
    pub fn offering(self, offered: Vec<Uuid>) -> Self {
        AnalyzerFormState { offered, ..self }
    }

    /// The analyzer as it will be saved: name and prompt trimmed, the ticked numbers that are
    /// offered, in the list's order.
    pub fn to_input(&self) -> AnalyzerInput {
        AnalyzerInput {
            name: self.name.trim().to_owned(),
            prompt: self.prompt.trim().to_owned(),
            is_default: self.is_default,
            is_active: self.is_active,
            phone_number_ids: self
                .offered
                .iter()
                .copied()
                .filter(|id| self.selected.contains(id))
                .collect(),
        }
    }

    /// Every problem the server would refuse the analyzer for, named as the server names it.
    pub fn errors(&self) -> Vec<FieldError> {
        let input = self.to_input();
        let prompt_alone = AnalyzerInput { name: "Analyzer".to_owned(), ..input.clone() };
        [validate_name("name", &input.name).err(), about("prompt", prompt_alone.validate())]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Under the name: shown once the member tried to save.
    pub fn name_message(&self) -> Option<String> {
        let errors = self.errors();
        let error = error_for(&errors, "name").filter(|_| self.submitted)?;
        Some(worded(error, "Give the analyzer a name"))
    }

    /// Under the prompt: an empty one once the member tried to save, a long one at once.
    pub fn prompt_message(&self) -> Option<String> {
        let errors = self.errors();
        let error = error_for(&errors, "prompt")?;
        match error.code {
            "required" if self.submitted => Some("Say what to look for in each call".to_owned()),
            "required" => None,
            _ => Some(format!("Keep the prompt under {MAX_PROMPT_LEN} characters")),
        }
    }

    /// The field a save should send the member to, or `None` when it can be saved.
    pub fn first_invalid(&self) -> Option<&'static str> {
        self.to_input().validate().err().map(|e| e.field)
    }

    pub fn select(&mut self, id: Uuid, on: bool) {
        if on {
            self.selected.insert(id);
        } else {
            self.selected.remove(&id);
        }
    }

    /// Ticks or clears every offered number.
    pub fn select_all(&mut self, on: bool) {
        for id in self.offered.clone() {
            self.select(id, on);
        }
    }

    pub fn all_selected(&self) -> bool {
        !self.offered.is_empty() && self.offered.iter().all(|id| self.selected.contains(id))
    }

    /// "2 of 3 selected"
    pub fn selection_summary(&self) -> String {
        format!("{} of {} selected", self.selected.len(), self.offered.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u128) -> Vec<Uuid> {
        (1..=n).map(Uuid::from_u128).collect()
    }

    fn intent(numbers: Vec<Uuid>) -> AnalyzerInput {
        AnalyzerInput {
            name: "Appointment intent".to_owned(),
            prompt: "Did the caller want to book?".to_owned(),
            is_default: true,
            is_active: false,
            phone_number_ids: numbers,
        }
    }

    #[test]
    fn an_analyzer_comes_back_as_it_went_in() {
        let input = intent(ids(2));
        let state = AnalyzerFormState::from(&input).offering(ids(3));
        assert_eq!(state.to_input(), input);
        assert_eq!(state.errors(), []);
        assert_eq!(state.first_invalid(), None);
        assert_eq!(state.selection_summary(), "2 of 3 selected");
    }

    #[test]
    fn only_offered_numbers_are_saved_in_the_lists_order() {
        let [a, b, c] = [1, 2, 3].map(Uuid::from_u128);
        let gone = Uuid::from_u128(9);
        let state = AnalyzerFormState::from(&intent(vec![c, gone, a])).offering(vec![a, b, c]);
        assert_eq!(state.to_input().phone_number_ids, [a, c]);
    }

    #[test]
    fn name_and_prompt_are_trimmed() {
        let state = AnalyzerFormState {
            name: "  Intent ".to_owned(),
            prompt: "\n Why did they call? ".to_owned(),
            ..AnalyzerFormState::default()
        };
        let input = state.to_input();
        assert_eq!((input.name.as_str(), input.prompt.as_str()), ("Intent", "Why did they call?"));
        assert!(input.is_active && !input.is_default);
    }

    #[test]
    fn errors_name_their_fields_and_show_when_the_form_says() {
        let mut state = AnalyzerFormState { prompt: "   ".to_owned(), ..Default::default() };
        let errors = state.errors();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["name", "prompt"]);
        assert!(errors.contains(&state.to_input().validate().expect_err("invalid")));
        assert_eq!((state.name_message(), state.prompt_message()), (None, None));
        state.submitted = true;
        assert_eq!(state.name_message().as_deref(), Some("Give the analyzer a name"));
        assert_eq!(state.prompt_message().as_deref(), Some("Say what to look for in each call"));
        assert_eq!(state.first_invalid(), Some("name"));

        // A prompt that is too long is said at once.
        let long = AnalyzerFormState {
            name: "Intent".to_owned(),
            prompt: "x".repeat(MAX_PROMPT_LEN + 1),
            ..Default::default()
        };
        assert_eq!(
            long.prompt_message().as_deref(),
            Some("Keep the prompt under 20000 characters")
        );
        assert_eq!(long.first_invalid(), Some("prompt"));
    }

    #[test]
    fn all_numbers_tick_and_clear_together() {
        let mut state = AnalyzerFormState::default().offering(ids(2));
        assert!(!state.all_selected());
        state.select_all(true);
        assert!(state.all_selected());
        state.select(Uuid::from_u128(1), false);
        assert!(!state.all_selected());
        assert_eq!(state.selection_summary(), "1 of 2 selected");
        state.select_all(false);
        assert!(state.selected.is_empty());
        assert!(!AnalyzerFormState::default().all_selected());
    }
}
