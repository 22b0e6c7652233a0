//! What every form's state (`mods/*/form_state.rs`) shares. Plain Rust, no Leptos: the form
//! states and their tests run on the host.
//!
//! A form state checks its values with `loquent_shared`'s validation, the rules the server
//! applies, and words the problems for people here.

use loquent_shared::validation::FieldError;

/// Turns a validation message into a sentence: "must be …" → "Must be …".
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a field's problem reads under it: an empty required field in the form's own words
/// ("Give the agent a name"), any other problem as the rule's sentence.
pub fn worded(error: &FieldError, when_required: &str) -> String {
    if error.code == "required" { when_required.to_owned() } else { sentence(&error.message) }
}

/// The error about `field` among a form's errors.
pub fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a FieldError> {
    errors.iter().find(|e| e.field == field)
}

/// A check's error when it is about `field`. Shared validation stops at the first invalid
/// field, so a form checks one field at a time by validating a request whose other fields are
/// valid stand-ins, and keeps only what is said about that field.
pub fn about(field: &str, result: Result<(), FieldError>) -> Option<FieldError> {
    result.err().filter(|e| e.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_with_a_capital() {
        assert_eq!(sentence("must be at least 8 characters"), "Must be at least 8 characters");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn required_fields_are_worded_by_the_form() {
        let required = FieldError::new("name", "required", "must not be empty");
        assert_eq!(worded(&required, "Give the agent a name"), "Give the agent a name");
        let long = FieldError::new("name", "too_long", "must be at most 120 characters");
        assert_eq!(worded(&long, "Give the agent a name"), "Must be at most 120 characters");
        let errors = [required, long];
        assert_eq!(error_for(&errors, "name").map(|e| e.code), Some("required"));
        assert_eq!(error_for(&errors, "email"), None);
        assert_eq!(about("name", Err(errors[1].clone())).map(|e| e.code), Some("too_long"));
        assert_eq!(about("email", Err(errors[1].clone())), None);
        assert_eq!(about("name", Ok(())), None);
    }
}
