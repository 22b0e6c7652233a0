//! A contact's phones and emails, which work alike ("entries"): which kind an entry is, how a
//! typed value is checked (by the server's rules) and stored, the labels offered, and the values
//! of the form that adds or edits one, as plain data.

use loquent_shared::validation::FieldError;
use loquent_shared::{Contact, ContactEmailInput, ContactPhoneInput};
use uuid::Uuid;

use crate::form_rules::{about, error_for, sentence};
use crate::util;

pub const PHONE_LABELS: [&str; 5] = ["mobile", "work", "home", "main", "other"];
pub const EMAIL_LABELS: [&str; 3] = ["work", "personal", "other"];

/// Label options for a select, keeping a label set elsewhere (e.g. by the API).
pub fn label_options(labels: &[&str], current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> =
        labels.iter().map(|l| ((*l).to_owned(), sentence(l))).collect();
    if !current.is_empty() && !labels.contains(&current) {
        options.push((current.to_owned(), sentence(current)));
    }
    options.push((String::new(), "No label".to_owned()));
    options
}

/// Phones and emails work alike; this says which one a card or form is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
}

/// A phone or an email of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: Uuid,
    pub value: String,
    pub label: String,
    pub preferred: bool,
}

/// What the server takes to add or change a phone or an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryInput {
    Phone(ContactPhoneInput),
    Email(ContactEmailInput),
}

impl EntryInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        match self {
            EntryInput::Phone(input) => input.validate(),
            EntryInput::Email(input) => input.validate(),
        }
    }
}

impl Kind {
    pub fn entries(self, contact: &Contact) -> Vec<Entry> {
        match self {
            Kind::Phone => contact
                .phones
                .iter()
                .map(|p| Entry {
                    id: p.id,
                    value: p.number.clone(),
                    label: p.label.clone(),
                    preferred: p.is_preferred,
                })
                .collect(),
            Kind::Email => contact
                .emails
                .iter()
                .map(|e| Entry {
                    id: e.id,
                    value: e.email.clone(),
                    label: e.label.clone(),
                    preferred: e.is_preferred,
                })
                .collect(),
        }
    }

    /// The field the server names in its errors about the value.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Phone => "number",
            Kind::Email => "email",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Phone => "phone",
            Kind::Email => "email",
        }
    }

    /// The value for people: a phone number formatted, an email as it is.
    pub fn shown(self, value: &str) -> String {
        match self {
            Kind::Phone => util::phone_number(value),
            Kind::Email => value.to_owned(),
        }
    }

    /// `shown` in pieces that may start a new line: after each `@`, `.` and `-` of an email, so
    /// a long one wraps at its punctuation rather than mid-word.
    pub fn shown_parts(self, value: &str) -> Vec<String> {
        let shown = self.shown(value);
        if self == Kind::Phone {
            return vec![shown];
        }
        let mut parts = vec![String::new()];
        for c in shown.chars() {
            if let Some(last) = parts.last_mut() {
                last.push(c);
            }
            if matches!(c, '@' | '.' | '-') {
                parts.push(String::new());
            }
        }
        parts.retain(|p| !p.is_empty());
        parts
    }

    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Kind::Phone => &PHONE_LABELS,
            Kind::Email => &EMAIL_LABELS,
        }
    }

    /// The label a new entry starts with.
    pub fn default_label(self) -> &'static str {
        match self {
            Kind::Phone => "mobile",
            Kind::Email => "work",
        }
    }

    /// A typed value as it is stored: a phone towards E.164, an email trimmed.
    pub fn normalize(self, value: &str) -> String {
        match self {
            Kind::Phone => util::normalize_phone_input(value),
            Kind::Email => value.trim().to_owned(),
        }
    }

    /// What to say under a value the server would refuse.
    fn problem(self) -> &'static str {
        match self {
            Kind::Phone => "Enter a number with its country code, like +14155550100",
            Kind::Email => "Enter an email address like grace@example.com",
        }
    }

    /// The message under a typed value, from the form's `errors`: once the field was left or
    /// the form sent (`shown`), and at once for letters in a phone number, which can never be
    /// right. Nothing is said about an empty value here.
    pub fn value_message(self, value: &str, errors: &[FieldError], shown: bool) -> Option<String> {
        let letters = self == Kind::Phone && value.chars().any(char::is_alphabetic);
        let said = (shown || letters) && !value.trim().is_empty();
        error_for(errors, self.field()).filter(|_| said).map(|_| self.problem().to_owned())
    }

    /// Input ids: one add form and one edit form of each kind can be open at once.
    pub fn ids(self, editing: bool) -> (&'static str, &'static str) {
        match (self, editing) {
            (Kind::Phone, false) => ("phone_number", "phone_label"),
            (Kind::Phone, true) => ("edit_phone_number", "edit_phone_label"),
            (Kind::Email, false) => ("email", "email_label"),
            (Kind::Email, true) => ("edit_email", "edit_email_label"),
        }
    }

    /// The request adding or changing an entry of this kind.
    pub fn input(self, value: String, label: String, is_preferred: bool) -> EntryInput {
        match self {
            Kind::Phone => {
                EntryInput::Phone(ContactPhoneInput { number: value, label, is_preferred })
            }
            Kind::Email => {
                EntryInput::Email(ContactEmailInput { email: value, label, is_preferred })
            }
        }
    }
}

/// The values of the form adding (or editing) a phone or an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFormState {
    pub kind: Kind,
    /// As typed; stored as [`Kind::normalize`] makes it.
    pub value: String,
    pub label: String,
    /// Kept as it was: the form doesn't change which entry is preferred.
    pub preferred: bool,
    /// The value was left filled in: its problems show before a save.
    pub touched: bool,
    /// The member tried to save: from then on every problem shows.
    pub submitted: bool,
}

impl EntryFormState {
    /// An entry to add: empty, with the kind's usual label.
    pub fn new(kind: Kind) -> Self {
        EntryFormState {
            kind,
            value: String::new(),
            label: kind.default_label().to_owned(),
            preferred: false,
            touched: false,
            submitted: false,
        }
    }

    /// An entry to edit.
    pub fn editing(kind: Kind, entry: &Entry) -> Self {
        EntryFormState {
            value: entry.value.clone(),
            label: entry.label.clone(),
            preferred: entry.preferred,
            ..EntryFormState::new(kind)
        }
    }

    /// The request as it will be sent, the value normalized.
    pub fn to_input(&self) -> EntryInput {
        let kind = self.kind;
        kind.input(kind.normalize(&self.value), self.label.clone(), self.preferred)
    }

    /// The value's and the label's problems, named as the server names them.
    pub fn errors(&self) -> Vec<FieldError> {
        let kind = self.kind;
        let value = kind.normalize(&self.value);
        let stand_in = match kind {
            Kind::Phone => "+14155550100",
            Kind::Email => "grace@example.com",
        };
        let value_alone = kind.input(value, String::new(), false);
        let label_alone = kind.input(stand_in.to_owned(), self.label.clone(), false);
        [about(kind.field(), value_alone.validate()), about("label", label_alone.validate())]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Under the value: checked as typed, an empty one once a save was tried.
    pub fn message(&self) -> Option<String> {
        if self.submitted && self.value.trim().is_empty() {
            return Some(
                match self.kind {
                    Kind::Phone => "Enter a number",
                    Kind::Email => "Enter an email address",
                }
                .to_owned(),
            );
        }
        self.kind.value_message(&self.value, &self.errors(), self.touched || self.submitted)
    }

    /// Leaving a filled-in value: it is shown as it will be stored, and checked from now on.
    pub fn leave(&mut self) {
        if !self.value.trim().is_empty() {
            self.value = self.kind.normalize(&self.value);
            self.touched = true;
        }
    }

    /// A save was tried: the value is shown as it will be stored, and every problem shows.
    pub fn submit(&mut self) {
        self.submitted = true;
        self.value = self.kind.normalize(&self.value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_as_typed() {
        let typed = |kind, value: &str, shown| {
            let state = EntryFormState { value: value.to_owned(), ..EntryFormState::new(kind) };
            kind.value_message(value, &state.errors(), shown)
        };
        assert_eq!(typed(Kind::Phone, "", true), None);
        assert_eq!(typed(Kind::Phone, "+1415", false), None);
        assert!(typed(Kind::Phone, "+1415", true).is_some());
        assert!(typed(Kind::Phone, "415-abc", false).is_some());
        assert_eq!(typed(Kind::Phone, "(415) 555-0100", true), None);
        assert_eq!(typed(Kind::Email, "grace@", false), None);
        assert!(typed(Kind::Email, "grace@", true).is_some());
        assert_eq!(typed(Kind::Email, "grace@example.com", true), None);
    }

    #[test]
    fn long_emails_break_at_their_punctuation() {
        assert_eq!(
            Kind::Email.shown_parts("b.feather@long-domain.example"),
            ["b.", "feather@", "long-", "domain.", "example"]
        );
        assert_eq!(Kind::Email.shown_parts("grace@x."), ["grace@", "x."]);
        assert_eq!(Kind::Phone.shown_parts("+14155550188"), ["(415) 555-0188"]);
    }

    #[test]
    fn labels_set_elsewhere_stay_choosable() {
        let options = label_options(&["mobile", "work"], "fax");
        assert_eq!(
            options.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
            ["mobile", "work", "fax", ""]
        );
        assert_eq!(options[0].1, "Mobile");
    }

    #[test]
    fn an_edited_entry_comes_back_as_it_was() {
        let entry = Entry {
            id: Uuid::from_u128(1),
            value: "+14155550143".to_owned(),
            label: "work".to_owned(),
            preferred: true,
        };
        let state = EntryFormState::editing(Kind::Phone, &entry);
        assert_eq!(
            state.to_input(),
            EntryInput::Phone(ContactPhoneInput {
                number: "+14155550143".to_owned(),
                label: "work".to_owned(),
                is_preferred: true,
            })
        );
        assert_eq!(state.errors(), []);
    }

    #[test]
    fn new_entries_start_with_their_kinds_label_and_are_stored_normalized() {
        let mut phone = EntryFormState::new(Kind::Phone);
        assert_eq!(phone.label, "mobile");
        phone.value = "(415) 555-0100".to_owned();
        assert_eq!(
            phone.to_input(),
            EntryInput::Phone(ContactPhoneInput {
                number: "+14155550100".to_owned(),
                label: "mobile".to_owned(),
                is_preferred: false,
            })
        );
        let mut email = EntryFormState::new(Kind::Email);
        assert_eq!(email.label, "work");
        email.value = " ada@example.com ".to_owned();
        email.leave();
        assert_eq!((email.value.as_str(), email.touched), ("ada@example.com", true));
    }

    #[test]
    fn errors_name_the_fields_the_server_names() {
        let mut phone = EntryFormState::new(Kind::Phone);
        phone.value = "555".to_owned();
        phone.label = "x".repeat(41);
        let errors = phone.errors();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["number", "label"]);
        assert!(errors.contains(&phone.to_input().validate().expect_err("invalid")));
        let mut email = EntryFormState::new(Kind::Email);
        email.value = "grace@".to_owned();
        assert_eq!(email.errors().iter().map(|e| e.field).collect::<Vec<_>>(), ["email"]);
    }

    #[test]
    fn an_empty_value_is_asked_for_once_a_save_was_tried() {
        let mut phone = EntryFormState::new(Kind::Phone);
        assert_eq!(phone.message(), None);
        phone.submit();
        assert_eq!(phone.message().as_deref(), Some("Enter a number"));
        phone.value = "415 555 0100".to_owned();
        phone.submit();
        assert_eq!((phone.value.as_str(), phone.message()), ("+14155550100", None));
        let mut email = EntryFormState::new(Kind::Email);
        email.submit();
        assert_eq!(email.message().as_deref(), Some("Enter an email address"));
        email.value = "grace@".to_owned();
        assert_eq!(
            email.message().as_deref(),
            Some("Enter an email address like grace@example.com")
        );
    }
}
