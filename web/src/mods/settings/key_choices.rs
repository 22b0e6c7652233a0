//! What the new key form offers (how long a key lasts, what it may do) and how a listed key's
//! scope and expiry read. Plain data and clocks passed in, so host tests cover it.

use chrono::{DateTime, TimeDelta, Utc};
use loquent_shared::ApiKeyScope;

/// How long a new key lasts, counted from when it is created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExpiryChoice {
    /// The API's default, and what keys did before they could expire: an integration doesn't
    /// stop working one day unless someone chose that.
    #[default]
    Never,
    Days30,
    Days90,
    Year,
}

impl ExpiryChoice {
    pub const ALL: [ExpiryChoice; 4] =
        [ExpiryChoice::Never, ExpiryChoice::Days30, ExpiryChoice::Days90, ExpiryChoice::Year];

    /// The `<option>` value.
    pub fn value(self) -> &'static str {
        match self {
            ExpiryChoice::Never => "never",
            ExpiryChoice::Days30 => "30d",
            ExpiryChoice::Days90 => "90d",
            ExpiryChoice::Year => "1y",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExpiryChoice::Never => "Never",
            ExpiryChoice::Days30 => "30 days",
            ExpiryChoice::Days90 => "90 days",
            ExpiryChoice::Year => "1 year",
        }
    }

    pub fn parse(value: &str) -> Option<ExpiryChoice> {
        ExpiryChoice::ALL.into_iter().find(|c| c.value() == value)
    }

    fn days(self) -> Option<i64> {
        match self {
            ExpiryChoice::Never => None,
            ExpiryChoice::Days30 => Some(30),
            ExpiryChoice::Days90 => Some(90),
            ExpiryChoice::Year => Some(365),
        }
    }

    /// The `expires_at` to send for a key created at `now`.
    pub fn expires_at(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.days().map(|days| now + TimeDelta::days(days))
    }
}

/// The `<option>` value and label of each scope, `full` first (the API's default).
pub const SCOPES: [ApiKeyScope; 2] = [ApiKeyScope::Full, ApiKeyScope::ReadOnly];

pub fn scope_label(scope: ApiKeyScope) -> &'static str {
    match scope {
        ApiKeyScope::Full => "Full access",
        ApiKeyScope::ReadOnly => "Read-only",
    }
}

/// What the form says the chosen scope means.
pub fn scope_hint(scope: ApiKeyScope) -> &'static str {
    match scope {
        ApiKeyScope::Full => "Requests can do whatever your role allows.",
        ApiKeyScope::ReadOnly => "Requests can read, as a viewer can, but change nothing.",
    }
}

/// A listed key's expiry, as of `now` (the list may have been open a while).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExpiry {
    Never,
    On(DateTime<Utc>),
    Expired(DateTime<Utc>),
}

impl KeyExpiry {
    pub fn of(expires_at: Option<DateTime<Utc>>, expired: bool, now: DateTime<Utc>) -> Self {
        match expires_at {
            None => KeyExpiry::Never,
            Some(at) if expired || at <= now => KeyExpiry::Expired(at),
            Some(at) => KeyExpiry::On(at),
        }
    }

    /// "Never expires", "Expires Mar 12, 2027", "Expired", with `date` writing the date.
    pub fn text(self, date: impl Fn(DateTime<Utc>) -> String) -> String {
        match self {
            KeyExpiry::Never => "Never expires".to_owned(),
            KeyExpiry::On(at) => format!("Expires {}", date(at)),
            KeyExpiry::Expired(_) => "Expired".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        loquent_shared::time::parse(text).expect("a time")
    }

    #[test]
    fn each_choice_is_an_expiry_counted_from_now() {
        let now = at("2026-12-08T09:30:00.250Z");
        let expiries: Vec<_> = ExpiryChoice::ALL.iter().map(|c| c.expires_at(now)).collect();
        assert_eq!(
            expiries,
            [
                None,
                Some(at("2027-01-07T09:30:00.250Z")),
                Some(at("2027-03-08T09:30:00.250Z")),
                Some(at("2027-12-08T09:30:00.250Z")),
            ]
        );
        assert_eq!(ExpiryChoice::default(), ExpiryChoice::Never);
    }

    #[test]
    fn every_choice_passes_the_servers_rule() {
        let now = at("2028-02-29T23:59:59Z");
        for choice in ExpiryChoice::ALL {
            if let Some(expires_at) = choice.expires_at(now) {
                let checked =
                    loquent_shared::api_key::validate_expires_at("expires_at", expires_at, now);
                assert_eq!(checked, Ok(()), "{}", choice.label());
            }
        }
    }

    #[test]
    fn choices_round_trip_through_their_option_values() {
        for choice in ExpiryChoice::ALL {
            assert_eq!(ExpiryChoice::parse(choice.value()), Some(choice));
        }
        assert_eq!(ExpiryChoice::parse("forever"), None);
        let labels: Vec<_> = ExpiryChoice::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels, ["Never", "30 days", "90 days", "1 year"]);
        let scopes: Vec<_> = SCOPES.iter().map(|s| scope_label(*s)).collect();
        assert_eq!(scopes, ["Full access", "Read-only"]);
    }

    #[test]
    fn a_listed_key_reads_as_never_expiring_expiring_or_expired() {
        let now = at("2026-12-08T12:00:00Z");
        let date = |at: DateTime<Utc>| at.format("%b %-d, %Y").to_string();
        let text = |expires_at, expired| KeyExpiry::of(expires_at, expired, now).text(date);
        assert_eq!(text(None, false), "Never expires");
        assert_eq!(text(Some(at("2027-03-12T00:00:00Z")), false), "Expires Mar 12, 2027");
        assert_eq!(text(Some(at("2026-12-01T00:00:00Z")), true), "Expired");
        // Expired since the list was loaded.
        assert_eq!(text(Some(at("2026-12-08T11:00:00Z")), false), "Expired");
    }
}
