//! The Twilio credentials form's values as plain data, checked by the server's rules for an
//! account SID and an auth token.

use loquent_shared::PutTwilioSettingsRequest;
use loquent_shared::validation::FieldError;

use crate::form_rules::{about, sentence};

/// The account SID and auth token being connected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TwilioCredentialsState {
    pub account_sid: String,
    pub auth_token: String,
    /// The member tried to connect: from then on problems show.
    pub submitted: bool,
}

impl From<&PutTwilioSettingsRequest> for TwilioCredentialsState {
    fn from(request: &PutTwilioSettingsRequest) -> Self {
        TwilioCredentialsState {
            account_sid: request.account_sid.clone(),
            auth_token: request.auth_token.clone(),
            submitted: false,
        }
    }
}

impl TwilioCredentialsState {
    /// The request as it will be sent, both values trimmed.
    pub fn to_input(&self) -> PutTwilioSettingsRequest {
        PutTwilioSettingsRequest {
            account_sid: self.account_sid.trim().to_owned(),
            auth_token: self.auth_token.trim().to_owned(),
        }
    }

    /// Each field checked on its own (the other filled with a valid stand-in), named as the
    /// server names it.
    pub fn errors(&self) -> Vec<FieldError> {
        let request = self.to_input();
        let sid_alone = PutTwilioSettingsRequest { auth_token: "0".repeat(32), ..request.clone() };
        let token_alone =
            PutTwilioSettingsRequest { account_sid: format!("AC{}", "0".repeat(32)), ..request };
        [about("account_sid", sid_alone.validate()), about("auth_token", token_alone.validate())]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Under `field` (`account_sid` or `auth_token`): shown once the member tried to connect.
    pub fn message(&self, field: &str) -> Option<String> {
        if !self.submitted {
            return None;
        }
        let request = self.to_input();
        let value = if field == "account_sid" { request.account_sid } else { request.auth_token };
        if value.is_empty() {
            return Some("Required".to_owned());
        }
        self.errors().into_iter().find(|e| e.field == field).map(|e| sentence(&e.message))
    }

    /// The field a connect should send the member to, or `None` when it can be sent.
    pub fn first_invalid(&self) -> Option<&'static str> {
        ["account_sid", "auth_token"].into_iter().find(|field| self.message(field).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "AC0123456789abcdef0123456789abcdef";
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn credentials_are_sent_trimmed() {
        let request =
            PutTwilioSettingsRequest { account_sid: SID.to_owned(), auth_token: TOKEN.to_owned() };
        assert_eq!(TwilioCredentialsState::from(&request).to_input(), request);
        let typed = TwilioCredentialsState {
            account_sid: format!(" {SID} "),
            auth_token: format!("{TOKEN}\n"),
            submitted: true,
        };
        assert_eq!(typed.to_input(), request);
        assert_eq!(typed.errors(), []);
        assert_eq!(typed.first_invalid(), None);
    }

    #[test]
    fn each_field_is_checked_on_its_own() {
        let state = TwilioCredentialsState {
            account_sid: "PN0123".to_owned(),
            auth_token: "nope".to_owned(),
            submitted: false,
        };
        let errors = state.errors();
        assert_eq!(
            errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["account_sid", "auth_token"]
        );
        assert!(errors.contains(&state.to_input().validate().expect_err("invalid")));
        assert_eq!(state.message("account_sid"), None);
        let tried = TwilioCredentialsState { submitted: true, ..state };
        assert_eq!(
            tried.message("account_sid").as_deref(),
            Some("Must be AC followed by 32 hexadecimal characters")
        );
        assert_eq!(
            tried.message("auth_token").as_deref(),
            Some("Must be 32 hexadecimal characters")
        );
        assert_eq!(tried.first_invalid(), Some("account_sid"));
    }

    #[test]
    fn empty_fields_are_required() {
        let state = TwilioCredentialsState {
            account_sid: SID.to_owned(),
            auth_token: "  ".to_owned(),
            submitted: true,
        };
        assert_eq!(state.message("account_sid"), None);
        assert_eq!(state.message("auth_token").as_deref(), Some("Required"));
        assert_eq!(state.first_invalid(), Some("auth_token"));
    }
}
