//! Field validation shared by the server (authoritative) and the web app (as-you-type feedback).

use std::fmt;

/// One invalid field: which, and why. The server turns it into a 422 naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, code, message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

pub const MIN_PASSWORD_LEN: usize = 8;
/// Long enough for any passphrase, short enough that hashing it is no denial of service.
pub const MAX_PASSWORD_LEN: usize = 256;
pub const MAX_NAME_LEN: usize = 120;
pub const MAX_EMAIL_LEN: usize = 254;

/// A display name: not blank, at most [`MAX_NAME_LEN`] characters as sent (surrounding spaces
/// count, and are trimmed when stored), no control characters. [`patterns::NAME`] in the spec.
pub fn validate_name(field: &'static str, value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "required", "must not be empty"));
    }
    if value.chars().count() > MAX_NAME_LEN {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("must be at most {MAX_NAME_LEN} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid", "must not contain control characters"));
    }
    Ok(())
}

/// A mailbox address mail can be sent to, as mail servers (and Loquent's mailer) read it: a
/// dot-atom before the `@` (letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots between them, at
/// most 64 characters), a dotted ASCII domain after it whose labels start and end with a letter
/// or digit (international domains in their `xn--` form), at most [`MAX_EMAIL_LEN`] characters
/// in all; spaces around it are trimmed. [`crate::patterns::EMAIL`] in the spec.
pub fn validate_email(field: &'static str, value: &str) -> Result<(), FieldError> {
    let invalid = || FieldError::new(field, "invalid_email", "must be an email address");
    if value.chars().count() > MAX_EMAIL_LEN {
        return Err(FieldError::new(
            field,
            "invalid_email",
            format!("must be at most {MAX_EMAIL_LEN} characters"),
        ));
    }
    let (local, domain) = value.trim_ascii().split_once('@').ok_or_else(invalid)?;
    let atom_ok = |atom: &str| {
        !atom.is_empty()
            && atom
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b))
    };
    let label_ok = |label: &str| {
        let bytes = label.as_bytes();
        (1..=63).contains(&bytes.len())
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
    };
    let local_ok = local.len() <= 64 && local.split('.').all(atom_ok);
    let domain_ok = domain.contains('.') && domain.split('.').all(label_ok);
    if local_ok && domain_ok { Ok(()) } else { Err(invalid()) }
}

/// Normalises an email for storage and lookup: trimmed and lowercased.
pub fn normalize_email(value: &str) -> String {
    value.trim_ascii().to_lowercase()
}

pub fn validate_password(field: &'static str, value: &str) -> Result<(), FieldError> {
    let len = value.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(FieldError::new(
            field,
            "password_too_short",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(FieldError::new(
            field,
            "password_too_long",
            format!("must be at most {MAX_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

/// An E.164 phone number: `+`, a country code that doesn't start with 0, 8 to 15 digits in all.
pub fn validate_e164(field: &'static str, value: &str) -> Result<(), FieldError> {
    let digits = value.strip_prefix('+').unwrap_or_default();
    let ok = value.starts_with('+')
        && (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "invalid_phone_number",
            "must be an E.164 phone number such as +14155550123",
        ))
    }
}

/// A number to dial, as E.164: digits, `+`, `-` and spaces only (anything else is refused, not
/// dropped), separators removed, and a 10-digit North American number (or 11 digits starting
/// with 1) given its `+1`. `None` when what is left isn't E.164.
pub fn dialable_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if !raw.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ')) {
        return None;
    }
    let compact: String = raw.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let all_digits = !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit());
    let number = match compact.len() {
        10 if all_digits => format!("+1{compact}"),
        11 if all_digits && compact.starts_with('1') => format!("+{compact}"),
        _ => compact,
    };
    validate_e164("to", &number).ok().map(|()| number)
}

/// Looks like an IANA time zone name (`America/Argentina/Buenos_Aires`, `Etc/GMT+5`, `UTC`):
/// letters, digits, `/`, `_`, `+` and `-`, at most 64 of them. Whether the zone exists is for
/// the server to check against the database's list.
pub fn validate_timezone_name(field: &'static str, value: &str) -> Result<(), FieldError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
        && !value.starts_with('/')
        && !value.contains("//");
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "invalid_timezone",
            "must be an IANA time zone name such as America/New_York",
        ))
    }
}

/// A North American area code: three digits, the first 2–9.
pub fn validate_area_code(field: &'static str, value: &str) -> Result<(), FieldError> {
    let ok = value.len() == 3
        && value.bytes().all(|b| b.is_ascii_digit())
        && !value.starts_with('0')
        && !value.starts_with('1');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, "invalid_area_code", "must be a 3-digit area code such as 415"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zone_names_have_the_iana_shape() {
        for zone in [
            "UTC",
            "Europe/Paris",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+5",
            "America/Port-au-Prince",
        ] {
            assert_eq!(validate_timezone_name("timezone", zone), Ok(()), "{zone}");
        }
        for zone in
            ["", "Europe/Paris; DROP", "/etc/passwd", "Europe//Paris", "Eur ope", &"A".repeat(65)]
        {
            assert!(validate_timezone_name("timezone", zone).is_err(), "{zone}");
        }
    }

    #[test]
    fn numbers_to_dial() {
        assert_eq!(dialable_number("+1 415-555-0199").as_deref(), Some("+14155550199"));
        assert_eq!(dialable_number("415 555 0199").as_deref(), Some("+14155550199"));
        assert_eq!(dialable_number("14155550199").as_deref(), Some("+14155550199"));
        assert_eq!(dialable_number("+44 20 7183 8750").as_deref(), Some("+442071838750"));
        for refused in [
            "",
            "+1<415>5550199",
            "+14155550199&",
            "(415) 555-0199",
            "client:ada",
            "911",
            "+0123456789",
        ] {
            assert_eq!(dialable_number(refused), None, "{refused}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "ada.lovelace+loquent@example.com", " Ada@Example.COM "] {
            assert!(validate_email("email", ok).is_ok(), "{ok}");
        }
        for bad in
            ["", "ada", "ada@", "@example.com", "ada@example", "a b@c.com", "a@b..com", "a@.b.com"]
        {
            assert!(validate_email("email", bad).is_err(), "{bad}");
        }
        assert_eq!(normalize_email(" Ada@Example.COM "), "ada@example.com");
    }

    #[test]
    fn passwords() {
        assert_eq!(
            validate_password("password", "short").expect_err("must be refused").code,
            "password_too_short"
        );
        assert!(validate_password("password", "12345678").is_ok());
        assert!(validate_password("password", &"x".repeat(257)).is_err());
    }

    #[test]
    fn names() {
        assert!(validate_name("name", "Acme Dental").is_ok());
        assert_eq!(validate_name("name", "   ").expect_err("must be refused").code, "required");
        assert!(validate_name("name", &"x".repeat(121)).is_err());
        assert!(validate_name("name", "bad\u{0}name").is_err());
    }

    #[test]
    fn e164() {
        for ok in ["+14155550123", "+442071838750", "+12345678"] {
            assert!(validate_e164("phone", ok).is_ok(), "{ok}");
        }
        for bad in
            ["14155550123", "+0123456789", "+1415555012a", "+1234567", "+1234567890123456", ""]
        {
            assert!(validate_e164("phone", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn area_codes() {
        assert!(validate_area_code("area_code", "415").is_ok());
        for bad in ["41", "4155", "015", "115", "4a5"] {
            assert!(validate_area_code("area_code", bad).is_err(), "{bad}");
        }
    }
}
