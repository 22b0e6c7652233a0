//! The new API key form's values as plain data, checked by the server's rule for key names.

use loquent_shared::CreateApiKeyRequest;
use loquent_shared::validation::FieldError;

use crate::form_rules::worded;

/// The name of the key being created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiKeyFormState {
    pub name: String,
    /// The member tried to create it: from then on a problem shows.
    pub submitted: bool,
}

impl From<&CreateApiKeyRequest> for ApiKeyFormState {
    fn from(request: &CreateApiKeyRequest) -> Self {
        ApiKeyFormState { name: request.name.clone(), submitted: false }
    }
}

impl ApiKeyFormState {
    /// The request as it will be sent, the name trimmed.
    pub fn to_input(&self) -> CreateApiKeyRequest {
        CreateApiKeyRequest {
            name: self.name.trim().to_owned(),
            expires_at: None,
            scope: Default::default(),
        }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        loquent_shared::validation::validate_name("name", &self.name).err().into_iter().collect()
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

    #[test]
    fn the_name_is_sent_trimmed() {
        let request = CreateApiKeyRequest {
            name: "CRM sync".to_owned(),
            expires_at: None,
            scope: Default::default(),
        };
        assert_eq!(ApiKeyFormState::from(&request).to_input(), request);
        let typed = ApiKeyFormState { name: "  CRM sync ".to_owned(), submitted: false };
        assert_eq!(typed.to_input(), request);
        assert_eq!(typed.errors(), []);
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
