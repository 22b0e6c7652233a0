//! The organization's profile: what its agents are told about the business at the start of
//! each call (name, hours, address), and what the settings page edits.

use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

pub const MAX_DESCRIPTION_LEN: usize = 2000;
pub const MAX_ADDRESS_LEN: usize = 300;
pub const MAX_WEBSITE_LEN: usize = 200;
/// Two opening periods a day (a lunch break) for a week, with room to spare.
pub const MAX_HOURS: usize = 28;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// One opening period: on `day`, from `opens` to `closes` (24-hour `HH:MM`, local time in the
/// organization's time zone; `closes` may be `24:00`). A day without periods is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningHours {
    pub day: Weekday,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "08:30")
    )]
    pub opens: String,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "17:00")
    )]
    pub closes: String,
}

/// Minutes since midnight of `HH:MM` (`24:00` allowed when `end`).
pub fn minutes(value: &str, end: bool) -> Option<u32> {
    let (h, m) = value.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    match (h, m) {
        (24, 0) if end => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// Each period well-formed, opening before it closes, and no two on a day overlapping.
pub fn validate_hours(field: &'static str, hours: &[OpeningHours]) -> Result<(), FieldError> {
    if hours.len() > MAX_HOURS {
        return Err(FieldError::new(
            field,
            "too_many",
            format!("must hold at most {MAX_HOURS} opening periods"),
        ));
    }
    let mut spans = Vec::with_capacity(hours.len());
    for (i, period) in hours.iter().enumerate() {
        let bad = |what: &str| {
            FieldError::new(field, "invalid_hours", format!("period {}: {what}", i + 1))
        };
        let opens = minutes(&period.opens, false).ok_or_else(|| bad("opens must be HH:MM"))?;
        let closes =
            minutes(&period.closes, true).ok_or_else(|| bad("closes must be HH:MM or 24:00"))?;
        if opens >= closes {
            return Err(bad("must open before it closes"));
        }
        spans.push((period.day, opens, closes, i));
    }
    spans.sort_unstable();
    for pair in spans.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.0 == b.0 && b.1 < a.2 {
            return Err(FieldError::new(
                field,
                "invalid_hours",
                format!("periods {} and {} overlap on {}", a.3 + 1, b.3 + 1, a.0.label()),
            ));
        }
    }
    Ok(())
}

/// Free text of at most `max` characters, without control characters but line breaks.
pub fn validate_text(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(FieldError::new(field, "invalid", "must not contain control characters"));
    }
    Ok(())
}

/// Empty, or an `http(s)://` address with a host and no spaces; at most [`MAX_WEBSITE_LEN`]
/// characters as sent, spaces around it allowed (they are trimmed when stored).
/// [`crate::patterns::WEBSITE`] in the spec.
pub fn validate_website(field: &'static str, value: &str) -> Result<(), FieldError> {
    validate_text(field, value, MAX_WEBSITE_LEN)?;
    let value = value.trim_ascii();
    if value.is_empty() {
        return Ok(());
    }
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let printable = !value.chars().any(|c| c.is_whitespace() || c.is_control());
    match host {
        Some(host) if host.contains('.') && printable => Ok(()),
        _ => Err(FieldError::new(
            field,
            "invalid_url",
            "must be a web address starting with https:// (or http://)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(day: Weekday, opens: &str, closes: &str) -> OpeningHours {
        OpeningHours { day, opens: opens.into(), closes: closes.into() }
    }

    #[test]
    fn hours_open_before_they_close_and_never_overlap() {
        let ok = [
            period(Weekday::Monday, "08:00", "12:00"),
            period(Weekday::Monday, "13:00", "17:30"),
            period(Weekday::Saturday, "00:00", "24:00"),
        ];
        assert_eq!(validate_hours("hours", &ok), Ok(()));
        let bad = validate_hours("hours", &[period(Weekday::Monday, "17:00", "08:00")]);
        assert_eq!(bad.map_err(|e| e.code), Err("invalid_hours"));
        let overlap =
            [period(Weekday::Friday, "08:00", "12:00"), period(Weekday::Friday, "11:00", "14:00")];
        let err = validate_hours("hours", &overlap).expect_err("overlap");
        assert!(err.message.contains("overlap on Friday"), "{}", err.message);
        assert!(validate_hours("hours", &[period(Weekday::Monday, "24:00", "24:00")]).is_err());
        assert!(validate_hours("hours", &[period(Weekday::Monday, "8:00", "12:00")]).is_err());
    }

    #[test]
    fn websites_are_web_addresses() {
        assert_eq!(validate_website("website", ""), Ok(()));
        assert_eq!(validate_website("website", "https://acme.example/about"), Ok(()));
        assert!(validate_website("website", "acme.example").is_err());
        assert!(validate_website("website", "javascript:alert(1)").is_err());
        assert!(validate_website("website", "https://nohost").is_err());
    }
}
