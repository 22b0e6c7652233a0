//! The new API key form's values as plain data, checked by the server's rule for key names.

use chrono::{DateTime, Utc};
use loquent_shared::validation::{FieldError, validate_name};
use loquent_shared::{ApiKeyScope, CreateApiKeyRequest};

use super::key_choices::ExpiryChoice;
use crate::form_rules::worded;

/// The key being created: its name, how long it lasts and what it may do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiKeyFormState {
    pub name: String,
    pub expiry: ExpiryChoice,
    pub scope: ApiKeyScope,
    /// The member tried to create it: from then on a problem shows.
    pub submitted: bool,
}

impl ApiKeyFormState {
    /// The request as it will be sent at `now`, the name trimmed.
    pub fn to_input(&self, now: DateTime<Utc>) -> CreateApiKeyRequest {
        CreateApiKeyRequest {
            name: self.name.trim().to_owned(),
            expires_at: self.expiry.expires_at(now),
            scope: self.scope,
        }
    }

    /// The name's problems; the expiry is one of the choices, each within the server's rule.
    pub fn errors(&self) -> Vec<FieldError> {
        validate_name("name", &self.name).err().into_iter().collect()
    }

    /// Under the name: shown once the member tried to create the key.
    pub fn name_message(&self) -> Option<String> {
        let error = self.errors().into_iter().find(|e| e.field == "name")?;
        self.submitted.then(|| worded(&error, "Give the key a name"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        loquent_shared::time::parse("2026-12-08T12:00:00Z").expect("a time")
    }

    #[test]
    fn the_request_carries_the_trimmed_name_the_expiry_and_the_scope() {
        let typed = ApiKeyFormState { name: "  CRM sync ".to_owned(), ..Default::default() };
        let request = typed.to_input(now());
        assert_eq!(
            request,
            CreateApiKeyRequest {
                name: "CRM sync".to_owned(),
                expires_at: None,
                scope: ApiKeyScope::Full
            }
        );
        assert_eq!(typed.errors(), []);
        assert_eq!(request.validate(now()), Ok(()));

        let chosen =
            ApiKeyFormState { expiry: ExpiryChoice::Days30, scope: ApiKeyScope::ReadOnly, ..typed };
        let request = chosen.to_input(now());
        assert_eq!(request.expires_at, loquent_shared::time::parse("2027-01-07T12:00:00Z"));
        assert_eq!(request.scope, ApiKeyScope::ReadOnly);
        assert_eq!(request.validate(now()), Ok(()));
    }

    #[test]
    fn a_missing_name_is_pointed_out_once_creating_was_tried() {
        let mut state = ApiKeyFormState::default();
        assert_eq!(state.errors().iter().map(|e| e.field).collect::<Vec<_>>(), ["name"]);
        assert_eq!(state.name_message(), None);
        state.submitted = true;
        assert_eq!(state.name_message().as_deref(), Some("Give the key a name"));
        state.name = "x".repeat(121);
        assert_eq!(state.name_message().as_deref(), Some("Must be at most 120 characters"));
    }
}
