//! The sign-in and sign-up forms' values as plain data, checked by the rules the server applies
//! to a new account (`loquent_shared::validation`).

use loquent_shared::validation::{FieldError, validate_email, validate_name, validate_password};
use loquent_shared::{LoginRequest, SignupRequest};

use crate::form_rules::worded;

/// A field's own problem as the sign-in forms word it.
fn worded_here(error: &FieldError) -> String {
    worded(error, "Required")
}

/// Email and password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginFormState {
    pub email: String,
    pub password: String,
    /// The member tried to sign in: from then on problems show.
    pub submitted: bool,
}

impl From<&LoginRequest> for LoginFormState {
    fn from(request: &LoginRequest) -> Self {
        LoginFormState {
            email: request.email.clone(),
            password: request.password.clone(),
            submitted: false,
        }
    }
}

impl LoginFormState {
    /// The request as it will be sent: the email trimmed, the password exactly as typed.
    pub fn to_input(&self) -> LoginRequest {
        LoginRequest { email: self.email.trim().to_owned(), password: self.password.clone() }
    }

    /// What can be told before asking the server: an email that isn't one, no password.
    pub fn errors(&self) -> Vec<FieldError> {
        let request = self.to_input();
        let password = request
            .password
            .is_empty()
            .then(|| FieldError::new("password", "required", "must not be empty"));
        validate_email("email", &request.email).err().into_iter().chain(password).collect()
    }

    /// Under `field`: shown once the member tried to sign in.
    pub fn message(&self, field: &str) -> Option<String> {
        let error = self.errors().into_iter().find(|e| e.field == field)?;
        self.submitted.then(|| worded_here(&error))
    }

    /// The field a sign-in should send the member to, or `None` when it can be sent.
    pub fn first_invalid(&self) -> Option<&'static str> {
        self.errors().first().map(|e| e.field)
    }
}

/// The new owner and their organization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignupFormState {
    pub name: String,
    pub email: String,
    pub password: String,
    pub organization_name: String,
    /// The member tried to create the account: from then on every problem shows.
    pub submitted: bool,
    /// Fields left filled in: their problems show before a submit.
    pub touched: Vec<&'static str>,
}

impl From<&SignupRequest> for SignupFormState {
    fn from(request: &SignupRequest) -> Self {
        SignupFormState {
            name: request.name.clone(),
            email: request.email.clone(),
            password: request.password.clone(),
            organization_name: request.organization_name.clone(),
            ..Default::default()
        }
    }
}

impl SignupFormState {
    /// The request as it will be sent: names and email trimmed, the password exactly as typed.
    pub fn to_input(&self) -> SignupRequest {
        SignupRequest {
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            password: self.password.clone(),
            organization_name: self.organization_name.trim().to_owned(),
            timezone: None,
        }
    }

    /// Every field's problem, in the order the server checks them.
    pub fn errors(&self) -> Vec<FieldError> {
        let request = self.to_input();
        [
            validate_name("name", &request.name).err(),
            validate_email("email", &request.email).err(),
            validate_password("password", &request.password).err(),
            validate_name("organization_name", &request.organization_name).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Under `field`: shown once it was left filled in, or after a submit.
    pub fn message(&self, field: &str) -> Option<String> {
        let error = self.errors().into_iter().find(|e| e.field == field)?;
        (self.submitted || self.touched.contains(&error.field)).then(|| worded_here(&error))
    }

    /// Leaving a field: once it holds something, its problems show.
    pub fn leave(&mut self, field: &'static str) {
        let filled = match field {
            "name" => &self.name,
            "email" => &self.email,
            "password" => &self.password,
            _ => &self.organization_name,
        };
        if !filled.is_empty() && !self.touched.contains(&field) {
            self.touched.push(field);
        }
    }

    /// The field a submit should send the member to: the one the server would refuse first.
    pub fn first_invalid(&self) -> Option<&'static str> {
        self.to_input().validate().err().map(|e| e.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> SignupRequest {
        SignupRequest {
            name: "Ada Lovelace".to_owned(),
            email: "ada@example.com".to_owned(),
            password: "correct horse".to_owned(),
            organization_name: "Acme Dental".to_owned(),
            timezone: None,
        }
    }

    #[test]
    fn sign_in_sends_the_email_trimmed_and_the_password_as_typed() {
        let request =
            LoginRequest { email: "ada@example.com".to_owned(), password: " pw ".to_owned() };
        assert_eq!(LoginFormState::from(&request).to_input(), request);
        let typed = LoginFormState { email: " ada@example.com ".to_owned(), ..Default::default() };
        assert_eq!(typed.to_input().email, "ada@example.com");
    }

    #[test]
    fn sign_in_needs_an_email_and_a_password() {
        let mut state = LoginFormState { email: "ada".to_owned(), ..Default::default() };
        let fields: Vec<_> = state.errors().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["email", "password"]);
        assert_eq!(state.message("email"), None);
        state.submitted = true;
        assert_eq!(state.message("email").as_deref(), Some("Must be an email address"));
        assert_eq!(state.message("password").as_deref(), Some("Required"));
        assert_eq!(state.first_invalid(), Some("email"));
        state.email = "ada@example.com".to_owned();
        assert_eq!(state.first_invalid(), Some("password"));
    }

    #[test]
    fn sign_up_round_trips_and_trims() {
        let request = ada();
        let state = SignupFormState::from(&request);
        assert_eq!(state.to_input(), request);
        assert_eq!(state.errors(), []);
        let typed = SignupFormState {
            name: " Ada Lovelace ".to_owned(),
            email: " ada@example.com".to_owned(),
            organization_name: "Acme Dental  ".to_owned(),
            ..state
        };
        assert_eq!(typed.to_input(), request);
    }

    #[test]
    fn sign_up_errors_follow_the_servers_order_and_show_once_left() {
        let mut state = SignupFormState {
            name: " ".to_owned(),
            email: "ada@".to_owned(),
            password: "short".to_owned(),
            ..Default::default()
        };
        let errors = state.errors();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "password", "organization_name"]);
        assert_eq!(Some(&errors[0]), state.to_input().validate().err().as_ref());
        assert_eq!(state.first_invalid(), Some("name"));

        assert_eq!(state.message("password"), None);
        state.leave("password");
        assert_eq!(state.message("password").as_deref(), Some("Must be at least 8 characters"));
        // An empty field left alone says nothing until a submit.
        state.leave("organization_name");
        assert_eq!(state.message("organization_name"), None);
        state.submitted = true;
        assert_eq!(state.message("organization_name").as_deref(), Some("Required"));
        assert_eq!(state.message("name").as_deref(), Some("Required"));
    }
}
