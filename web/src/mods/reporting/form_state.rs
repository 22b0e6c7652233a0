//! The reporting form's values as plain data: what the person chose, and the settings it sends.

use loquent_shared::validation::FieldError;
use loquent_shared::{ReportSettings, ReportSettingsInput};
use uuid::Uuid;

/// The form as edited. Addresses are one text, as typed: one per line, or separated by commas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingFormState {
    pub member_ids: Vec<Uuid>,
    pub emails: String,
    pub call_reports: bool,
    pub daily_digest: bool,
    pub digest_hour: u8,
}

impl From<&ReportSettings> for ReportingFormState {
    fn from(settings: &ReportSettings) -> Self {
        ReportingFormState {
            member_ids: settings.member_ids.clone(),
            emails: settings.emails.join("\n"),
            call_reports: settings.call_reports,
            daily_digest: settings.daily_digest,
            digest_hour: settings.digest_hour,
        }
    }
}

impl ReportingFormState {
    /// Checks or unchecks a member as a recipient.
    pub fn select(&mut self, member_id: Uuid, on: bool) {
        self.member_ids.retain(|id| *id != member_id);
        if on {
            self.member_ids.push(member_id);
        }
    }

    /// The settings as they will be sent: every non-blank address typed.
    pub fn to_input(&self) -> ReportSettingsInput {
        let emails = self
            .emails
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect();
        ReportSettingsInput {
            member_ids: self.member_ids.clone(),
            emails,
            call_reports: self.call_reports,
            daily_digest: self.daily_digest,
            digest_hour: self.digest_hour,
        }
    }

    /// The server's rule, checked before sending.
    pub fn error(&self) -> Option<FieldError> {
        self.to_input().validate().err()
    }

    /// Whether it differs from what is saved (the same members in any order, the same
    /// addresses however they are spaced).
    pub fn differs_from(&self, saved: &ReportSettings) -> bool {
        let input = self.to_input();
        // The same members in any order (without sorting: its code weighs in the bundle).
        let members = input.unique_member_ids();
        let same_members = members.len() == saved.member_ids.len()
            && members.iter().all(|id| saved.member_ids.contains(id));
        !same_members
            || input.unique_emails() != saved.emails
            || input.call_reports != saved.call_reports
            || input.daily_digest != saved.daily_digest
            || input.digest_hour != saved.digest_hour
    }

    /// Reports are on but nobody would get them.
    pub fn sends_to_nobody(&self) -> bool {
        (self.call_reports || self.daily_digest)
            && self.member_ids.is_empty()
            && self.to_input().emails.is_empty()
    }
}

/// "08:00" for 8: the hour as a 24-hour clock reads it.
pub fn hour_label(hour: u8) -> String {
    format!("{hour:02}:00")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved() -> ReportSettings {
        ReportSettings {
            member_ids: vec![Uuid::from_u128(1), Uuid::from_u128(2)],
            emails: vec!["desk@acme.example".to_owned(), "boss@acme.example".to_owned()],
            call_reports: true,
            daily_digest: false,
            digest_hour: 8,
            timezone: "Europe/Paris".to_owned(),
        }
    }

    #[test]
    fn addresses_typed_on_lines_or_with_commas_are_each_sent() {
        let mut form = ReportingFormState::from(&saved());
        assert_eq!(form.emails, "desk@acme.example\nboss@acme.example");
        assert!(!form.differs_from(&saved()));
        form.emails = " desk@acme.example,boss@acme.example ;\n\n".to_owned();
        assert_eq!(form.to_input().emails, ["desk@acme.example", "boss@acme.example"]);
        assert!(!form.differs_from(&saved()), "only the spacing changed");
        form.emails.push_str(" new@acme.example");
        assert!(form.differs_from(&saved()));
    }

    #[test]
    fn members_are_chosen_in_any_order() {
        let mut form = ReportingFormState::from(&saved());
        form.select(Uuid::from_u128(1), false);
        form.select(Uuid::from_u128(1), true);
        assert_eq!(form.member_ids, [Uuid::from_u128(2), Uuid::from_u128(1)]);
        assert!(!form.differs_from(&saved()));
        form.select(Uuid::from_u128(2), false);
        assert!(form.differs_from(&saved()));
    }

    #[test]
    fn a_bad_address_is_found_before_sending_and_nobody_is_pointed_out() {
        let mut form = ReportingFormState::from(&saved());
        assert_eq!(form.error(), None);
        form.emails = "desk@acme.example, not-an-address".to_owned();
        assert_eq!(form.error().map(|e| e.field), Some("emails"));
        form.emails.clear();
        form.member_ids.clear();
        assert!(form.sends_to_nobody());
        form.call_reports = false;
        assert!(!form.sends_to_nobody());
        assert_eq!(hour_label(8), "08:00");
    }
}
