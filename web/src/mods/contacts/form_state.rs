//! The contact forms' values as plain data: a new contact (its name, a phone and an email) and
//! a contact's name, each turned into the `ContactInput` the server takes and checked by the
//! server's rules.

use loquent_shared::validation::FieldError;
use loquent_shared::{Contact, ContactEmailInput, ContactInput, ContactPhoneInput};

use super::entry::Kind;
use crate::form_rules::{about, error_for, sentence};
use crate::util;

/// A contact with nothing in it, whose fields stand in for all but the one being checked.
fn blank() -> ContactInput {
    ContactInput {
        first_name: String::new(),
        last_name: String::new(),
        phones: Vec::new(),
        emails: Vec::new(),
    }
}

/// The first and last name's problems, named as the server names them.
fn name_errors(first_name: &str, last_name: &str) -> Vec<FieldError> {
    let first_alone = ContactInput { first_name: first_name.to_owned(), ..blank() };
    let last_alone = ContactInput { last_name: last_name.to_owned(), ..blank() };
    [about("first_name", first_alone.validate()), about("last_name", last_alone.validate())]
        .into_iter()
        .flatten()
        .collect()
}

/// A new contact: a name, one phone and one email, each optional (but not all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFormState {
    pub first_name: String,
    pub last_name: String,
    /// As typed; saved towards E.164.
    pub number: String,
    pub phone_label: String,
    pub email: String,
    pub email_label: String,
    /// The number was left filled in: its problems show before a save.
    pub number_touched: bool,
    /// The email was left filled in: its problems show before a save.
    pub email_touched: bool,
    /// The member tried to save: from then on every problem shows.
    pub submitted: bool,
}

impl Default for ContactFormState {
    fn default() -> Self {
        ContactFormState {
            first_name: String::new(),
            last_name: String::new(),
            number: String::new(),
            phone_label: "mobile".to_owned(),
            email: String::new(),
            email_label: "work".to_owned(),
            number_touched: false,
            email_touched: false,
            submitted: false,
        }
    }
}

impl From<&ContactInput> for ContactFormState {
    /// The form holds one phone and one email: the input's first of each.
    fn from(input: &ContactInput) -> Self {
        let empty = ContactFormState::default();
        let phone = input.phones.first();
        let email = input.emails.first();
        ContactFormState {
            first_name: input.first_name.clone(),
            last_name: input.last_name.clone(),
            number: phone.map(|p| p.number.clone()).unwrap_or_default(),
            phone_label: phone.map_or(empty.phone_label, |p| p.label.clone()),
            email: email.map(|e| e.email.clone()).unwrap_or_default(),
            email_label: email.map_or(empty.email_label, |e| e.label.clone()),
            ..ContactFormState::default()
        }
    }
}

impl ContactFormState {
    /// The contact as it will be created: names trimmed, the number towards E.164 and the email
    /// trimmed, each only when typed (and then preferred, being the contact's only one).
    pub fn to_input(&self) -> ContactInput {
        let number = util::normalize_phone_input(&self.number);
        let email = self.email.trim().to_owned();
        ContactInput {
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            phones: (!self.number.trim().is_empty())
                .then(|| ContactPhoneInput {
                    number,
                    label: self.phone_label.clone(),
                    is_preferred: true,
                })
                .into_iter()
                .collect(),
            emails: (!email.is_empty())
                .then(|| ContactEmailInput {
                    email,
                    label: self.email_label.clone(),
                    is_preferred: true,
                })
                .into_iter()
                .collect(),
        }
    }

    /// Every problem the server would refuse the contact for, named as the server names it.
    pub fn errors(&self) -> Vec<FieldError> {
        let input = self.to_input();
        let mut errors = name_errors(&input.first_name, &input.last_name);
        errors.extend(input.phones.iter().filter_map(|p| p.validate().err()));
        errors.extend(input.emails.iter().filter_map(|e| e.validate().err()));
        errors
    }

    /// Once a save was tried, a contact with nothing in it: the form asks for something.
    pub fn blank_message(&self) -> Option<String> {
        let values = [&self.first_name, &self.last_name, &self.number, &self.email];
        (self.submitted && values.iter().all(|v| v.trim().is_empty()))
            .then(|| "Give the contact a name, a number or an email".to_owned())
    }

    /// Under the first or last name: once a save was tried.
    pub fn name_message(&self, field: &str) -> Option<String> {
        let errors = self.errors();
        error_for(&errors, field).filter(|_| self.submitted).map(|e| sentence(&e.message))
    }

    /// Under the number: checked as typed.
    pub fn number_message(&self) -> Option<String> {
        let shown = self.number_touched || self.submitted;
        Kind::Phone.value_message(&self.number, &self.errors(), shown)
    }

    /// Under the email: checked once left or after a save was tried.
    pub fn email_message(&self) -> Option<String> {
        let shown = self.email_touched || self.submitted;
        Kind::Email.value_message(&self.email, &self.errors(), shown)
    }

    /// Leaving a filled-in number: shown as it will be saved, checked from now on.
    pub fn leave_number(&mut self) {
        if !self.number.trim().is_empty() {
            self.number = util::normalize_phone_input(&self.number);
            self.number_touched = true;
        }
    }

    /// Leaving a filled-in email: checked from now on.
    pub fn leave_email(&mut self) {
        if !self.email.trim().is_empty() {
            self.email_touched = true;
        }
    }

    /// A save was tried: the number and email are shown as they will be saved, and every
    /// problem shows.
    pub fn submit(&mut self) {
        self.submitted = true;
        self.number = util::normalize_phone_input(&self.number);
        self.email = self.email.trim().to_owned();
    }

    /// The input a save should send the member to, or `None` when it can be saved.
    pub fn first_invalid(&self) -> Option<&'static str> {
        if self.blank_message().is_some() {
            Some("first_name")
        } else if let Some(name) =
            ["first_name", "last_name"].into_iter().find(|f| self.name_message(f).is_some())
        {
            Some(name)
        } else if self.number_message().is_some() {
            Some("number")
        } else if self.email_message().is_some() {
            Some("email")
        } else {
            None
        }
    }
}

/// A contact's first and last name, as edited on the contact's page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameFormState {
    pub first_name: String,
    pub last_name: String,
    /// The member tried to save: from then on problems show.
    pub submitted: bool,
}

impl From<&Contact> for NameFormState {
    fn from(contact: &Contact) -> Self {
        NameFormState {
            first_name: contact.first_name.clone(),
            last_name: contact.last_name.clone(),
            submitted: false,
        }
    }
}

impl NameFormState {
    /// The rename as it will be sent (`PUT` ignores phones and emails), names trimmed.
    pub fn to_input(&self) -> ContactInput {
        ContactInput {
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            ..blank()
        }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        let input = self.to_input();
        name_errors(&input.first_name, &input.last_name)
    }

    /// Under the first or last name: once a save was tried.
    pub fn message(&self, field: &str) -> Option<String> {
        let errors = self.errors();
        error_for(&errors, field).filter(|_| self.submitted).map(|e| sentence(&e.message))
    }

    /// The name a save should send the member to, or `None` when it can be saved.
    pub fn first_invalid(&self) -> Option<&'static str> {
        self.errors().first().map(|e| e.field)
    }

    /// Whether saving would change `saved`'s name.
    pub fn differs_from(&self, saved: &Contact) -> bool {
        let input = self.to_input();
        input.first_name != saved.first_name || input.last_name != saved.last_name
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;

    fn grace() -> ContactInput {
        ContactInput {
            first_name: "Grace".to_owned(),
            last_name: "Hopper".to_owned(),
            phones: vec![ContactPhoneInput {
                number: "+14155550199".to_owned(),
                label: "work".to_owned(),
                is_preferred: true,
            }],
            emails: vec![ContactEmailInput {
                email: "grace@example.com".to_owned(),
                label: String::new(),
                is_preferred: true,
            }],
        }
    }

    #[test]
    fn a_contact_comes_back_as_it_went_in() {
        let input = grace();
        let state = ContactFormState::from(&input);
        assert_eq!(state.to_input(), input);
        assert_eq!(state.errors(), []);
        let named_only = ContactInput { phones: Vec::new(), emails: Vec::new(), ..grace() };
        let state = ContactFormState::from(&named_only);
        assert_eq!((state.phone_label.as_str(), state.email_label.as_str()), ("mobile", "work"));
        assert_eq!(state.to_input(), named_only);
    }

    #[test]
    fn what_is_typed_is_saved_trimmed_and_normalized() {
        let mut state = ContactFormState {
            first_name: " Grace ".to_owned(),
            last_name: "Hopper ".to_owned(),
            number: "(415) 555-0199".to_owned(),
            phone_label: "work".to_owned(),
            email: " grace@example.com ".to_owned(),
            email_label: String::new(),
            ..Default::default()
        };
        assert_eq!(state.to_input(), grace());
        state.submit();
        assert_eq!(state.number, "+14155550199");
        assert_eq!(state.email, "grace@example.com");
        assert_eq!(state.first_invalid(), None);
    }

    #[test]
    fn errors_name_the_fields_the_server_names() {
        let state = ContactFormState {
            first_name: "x".repeat(121),
            last_name: "bad\u{7}".to_owned(),
            number: "555".to_owned(),
            email: "grace@".to_owned(),
            ..Default::default()
        };
        let errors = state.errors();
        assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["first_name", "last_name", "number", "email"]
        );
        assert!(errors.contains(&state.to_input().validate().expect_err("invalid")));
        // The names' problems are said once a save was tried, and come first.
        assert_eq!(state.name_message("last_name"), None);
        let tried = ContactFormState { submitted: true, ..state };
        assert_eq!(
            tried.name_message("last_name").as_deref(),
            Some("Must not contain control characters")
        );
        assert_eq!(tried.first_invalid(), Some("first_name"));
    }

    #[test]
    fn an_empty_contact_is_refused_before_it_is_sent() {
        let mut state = ContactFormState::default();
        assert_eq!(state.blank_message(), None);
        state.submit();
        assert_eq!(
            state.blank_message().as_deref(),
            Some("Give the contact a name, a number or an email")
        );
        assert_eq!(state.first_invalid(), Some("first_name"));
        // The server itself would take it: an unknown caller has no name either.
        assert_eq!(state.errors(), []);
    }

    #[test]
    fn the_number_and_email_are_checked_once_left() {
        let mut state = ContactFormState {
            number: "555 0100".to_owned(),
            email: "grace@".to_owned(),
            ..Default::default()
        };
        assert_eq!((state.number_message(), state.email_message()), (None, None));
        state.leave_number();
        state.leave_email();
        assert_eq!(state.number, "5550100");
        assert_eq!(
            state.number_message().as_deref(),
            Some("Enter a number with its country code, like +14155550100")
        );
        assert_eq!(
            state.email_message().as_deref(),
            Some("Enter an email address like grace@example.com")
        );
        assert_eq!(state.first_invalid(), Some("number"));
        // Letters in a number are pointed out at once; separators alone are dropped on leaving.
        let letters = ContactFormState { number: "415-abc".to_owned(), ..Default::default() };
        assert!(letters.number_message().is_some());
        let mut dashes = ContactFormState { number: "-".to_owned(), ..Default::default() };
        dashes.leave_number();
        assert_eq!((dashes.number.as_str(), dashes.number_message()), ("", None));
        assert!(dashes.to_input().phones.is_empty());
    }

    #[test]
    fn a_rename_sends_trimmed_names_and_knows_when_nothing_changed() {
        let contact = Contact {
            id: Uuid::from_u128(1),
            first_name: "Grace".to_owned(),
            last_name: String::new(),
            phones: Vec::new(),
            emails: Vec::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            processing: false,
        };
        let mut state = NameFormState::from(&contact);
        assert!(!state.differs_from(&contact));
        state.last_name = " Hopper ".to_owned();
        assert!(state.differs_from(&contact));
        assert_eq!(
            state.to_input(),
            ContactInput {
                first_name: "Grace".to_owned(),
                last_name: "Hopper".to_owned(),
                ..blank()
            }
        );
        state.last_name = "  ".to_owned();
        assert!(!state.differs_from(&contact));
        state.first_name = "x".repeat(121);
        assert_eq!(state.errors().iter().map(|e| e.field).collect::<Vec<_>>(), ["first_name"]);
        assert_eq!(state.message("first_name"), None);
        state.submitted = true;
        assert_eq!(state.message("first_name").as_deref(), Some("Must be at most 120 characters"));
        assert_eq!(state.first_invalid(), Some("first_name"));
    }
}
