//! Reporting: who hears about an organization's calls by email, with a report after each call
//! and a digest of each day, sent at an hour of the organization's time zone.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{FieldError, normalize_email, validate_email};

/// More addresses than this is a mailing list's job, not Loquent's.
pub const MAX_REPORT_EMAILS: usize = 20;
/// Recipients among the members; more than any organization has of staff reading reports.
pub const MAX_REPORT_MEMBERS: usize = 100;
/// The hour an organization starts with, in its time zone.
pub const DEFAULT_DIGEST_HOUR: u8 = 8;

/// The organization's reporting settings. An organization that never saved any has the
/// defaults: no recipients, nothing sent, digest hour 8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSettings {
    /// Members who receive reports, at their sign-in email as it is when a report is sent.
    pub member_ids: Vec<Uuid>,
    /// Other addresses that receive reports, lowercased.
    #[cfg_attr(feature = "openapi", schema(example = json!(["frontdesk@acme.example"])))]
    pub emails: Vec<String>,
    /// Send a report after each call, once its analysis and to-dos are ready.
    pub call_reports: bool,
    /// Send a digest of the day's calls every day at `digest_hour`.
    pub daily_digest: bool,
    /// The hour (0–23, in `timezone`) the digest is sent; it covers the 24 hours before it.
    #[cfg_attr(feature = "openapi", schema(example = 8, minimum = 0, maximum = 23))]
    pub digest_hour: u8,
    /// The organization's time zone (IANA name), which `digest_hour` and the times in reports
    /// are in; change it on the organization.
    #[cfg_attr(feature = "openapi", schema(example = "America/New_York"))]
    pub timezone: String,
}

/// The reporting settings, replaced entirely (`PUT`): a field left out takes its default.
/// Fields it doesn't know (such as `timezone`, from `GET`) are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSettingsInput {
    /// Members of the organization who receive reports (at most 100).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub member_ids: Vec<Uuid>,
    /// Other addresses that receive reports (at most 20); stored trimmed, lowercased, once each.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = json!(["frontdesk@acme.example"]),
            max_items = 20,
            value_type = Vec<crate::patterns::items::EmailAddress>
        )
    )]
    pub emails: Vec<String>,
    /// Send a report after each call.
    #[serde(default)]
    pub call_reports: bool,
    /// Send a digest of the day's calls every day at `digest_hour`.
    #[serde(default)]
    pub daily_digest: bool,
    /// The hour the digest is sent, 0–23, in the organization's time zone (default 8).
    #[serde(default = "default_digest_hour", deserialize_with = "crate::number::whole_u8")]
    #[cfg_attr(feature = "openapi", schema(example = 8, minimum = 0, maximum = 23))]
    pub digest_hour: u8,
}

fn default_digest_hour() -> u8 {
    DEFAULT_DIGEST_HOUR
}

impl ReportSettingsInput {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.digest_hour > 23 {
            return Err(FieldError::new("digest_hour", "out_of_range", "must be from 0 to 23"));
        }
        for email in &self.emails {
            validate_email("emails", email).map_err(|e| FieldError {
                message: format!("{:?} {}", email.trim(), e.message),
                ..e
            })?;
        }
        if self.emails.len() > MAX_REPORT_EMAILS {
            return Err(FieldError::new(
                "emails",
                "too_many",
                format!("at most {MAX_REPORT_EMAILS} addresses"),
            ));
        }
        if self.member_ids.len() > MAX_REPORT_MEMBERS {
            return Err(FieldError::new(
                "member_ids",
                "too_many",
                format!("at most {MAX_REPORT_MEMBERS} members"),
            ));
        }
        Ok(())
    }

    /// The addresses as stored: trimmed, lowercased, each once, in the order given.
    pub fn unique_emails(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for email in self.emails.iter().map(|e| normalize_email(e)) {
            if !out.contains(&email) {
                out.push(email);
            }
        }
        out
    }

    /// The member ids, each once, in the order given.
    pub fn unique_member_ids(&self) -> Vec<Uuid> {
        let mut out: Vec<Uuid> = Vec::new();
        for id in &self.member_ids {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(emails: &[&str], hour: u8) -> ReportSettingsInput {
        ReportSettingsInput {
            member_ids: vec![],
            emails: emails.iter().map(|e| e.to_string()).collect(),
            call_reports: true,
            daily_digest: true,
            digest_hour: hour,
        }
    }

    #[test]
    fn addresses_are_checked_and_stored_once_lowercased() {
        let ok = input(&[" Desk@Acme.example ", "desk@acme.example", "boss@acme.example"], 8);
        assert!(ok.validate().is_ok());
        assert_eq!(ok.unique_emails(), ["desk@acme.example", "boss@acme.example"]);
        let bad = input(&["desk@acme.example", "not an address"], 8);
        let err = bad.validate().err();
        assert_eq!(err.as_ref().map(|e| e.field), Some("emails"));
        assert!(err.is_some_and(|e| e.message.contains("\"not an address\"")));
        let many: Vec<String> = (0..21).map(|n| format!("r{n}@acme.example")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            input(&many, 8).validate().map_err(|e| (e.field, e.code)),
            Err(("emails", "too_many"))
        );
    }

    #[test]
    fn the_hour_is_of_a_day() {
        assert!(input(&[], 0).validate().is_ok() && input(&[], 23).validate().is_ok());
        assert_eq!(input(&[], 24).validate().map_err(|e| e.field), Err("digest_hour"));
    }

    #[test]
    fn absent_fields_take_the_defaults() {
        let parsed: ReportSettingsInput = serde_json::from_str("{}").expect("parses");
        assert_eq!(parsed.digest_hour, DEFAULT_DIGEST_HOUR);
        assert!(!parsed.call_reports && !parsed.daily_digest && parsed.emails.is_empty());
    }
}
