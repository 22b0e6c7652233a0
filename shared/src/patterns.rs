//! The OpenAPI spec's `pattern`s: each is exactly what one validator of [`crate::validation`]
//! (or a DTO's own check) accepts, so an integrator's client can check a value before sending
//! it. utoipa takes only literals in `#[schema(pattern = …)]`, so the attributes repeat these;
//! the server's tests check that every pattern in the spec is one of them, and the tests below
//! that each matches exactly what its validator accepts.
//!
//! Written for ECMA-262 and Python alike (the spec's readers): no look-around, `\xNN` and
//! `\uNNNN` escapes. And linear for backtracking engines (most of them): where a pattern has
//! runs in a row, no character can belong to two neighbouring ones — "leading spaces, the first
//! other character, the rest" rather than "anything, a non-space, anything", which a backtracking
//! engine takes quadratic time to refuse on a 20 000-character prompt. The spaces listed are
//! Unicode's White_Space that aren't control characters, what `\s` and `char::is_whitespace`
//! agree on.

/// [`crate::validation::validate_name`]: something besides spaces, no control characters.
pub const NAME: &str = r"^[ \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$";

/// A line of text that may be empty: no control characters (contacts' names, labels).
pub const PRINTABLE: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";

/// Free text with something besides spaces: no control characters but tabs and line breaks.
pub const NOT_BLANK_TEXT: &str = r"^[\t\n\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

/// Free text: no control characters but tabs and line breaks.
pub const TEXT: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

/// Any text PostgreSQL can hold: everything but U+0000, which every JSON body is refused with
/// (passwords, link tokens, a sign-in's email, an agent's instructions).
pub const ANY_TEXT: &str = r"^[^\x00]*$";

/// [`crate::validation::validate_email`], spaces around it allowed (they are trimmed), but for
/// the local part's length ([`EMAIL_LOCAL_PART`]).
pub const EMAIL: &str = r"^[\t\n\f\r ]*[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+[\t\n\f\r ]*$";

/// [`crate::validation::validate_e164`].
pub const E164: &str = r"^\+[1-9][0-9]{7,14}$";

/// [`crate::validation::validate_area_code`].
pub const AREA_CODE: &str = r"^[2-9][0-9]{2}$";

/// [`crate::validation::validate_timezone_name`] (with `maxLength: 64`).
pub const TIMEZONE: &str = r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*/?$";

/// [`crate::profile::validate_website`]: empty, or an `http(s)://` address whose host has a
/// dot, without spaces or control characters; spaces around it allowed (they are trimmed).
pub const WEBSITE: &str =
    r"^[\t\n\r ]*(https?://[^/?#\s\x00-\x1F\x7F-\x9F]*\.[^\s\x00-\x1F\x7F-\x9F]*)?[\t\n\r ]*$";

/// A Twilio account SID ([`crate::twilio::is_sid`] with `AC`).
pub const ACCOUNT_SID: &str = r"^AC[0-9a-fA-F]{32}$";

/// A Twilio IncomingPhoneNumber SID ([`crate::twilio::is_sid`] with `PN`).
pub const PHONE_NUMBER_SID: &str = r"^PN[0-9a-fA-F]{32}$";

/// A Twilio call SID ([`crate::twilio::is_sid`] with `CA`).
pub const CALL_SID: &str = r"^CA[0-9a-fA-F]{32}$";

/// A Twilio recording SID ([`crate::twilio::is_sid`] with `RE`).
pub const RECORDING_SID: &str = r"^RE[0-9a-fA-F]{32}$";

/// A Twilio TwiML Application SID ([`crate::twilio::is_sid`] with `AP`).
pub const APPLICATION_SID: &str = r"^AP[0-9a-fA-F]{32}$";

/// A whole number of seconds, as Twilio writes durations in its webhooks
/// ([`crate::twilio::parse_seconds`]).
pub const SECONDS: &str = r"^([0-9]{1,9})?$";

/// A Twilio auth token: 32 hexadecimal digits.
pub const AUTH_TOKEN: &str = r"^[0-9a-fA-F]{32}$";

/// A provider's model or voice name, as [`crate::agent::RealtimeConfig::validate`] checks its
/// form (with `maxLength: 100`).
pub const PROVIDER_NAME: &str = r"^[A-Za-z0-9_.:/-]+$";

/// A page cursor, as the lists return it in `next_cursor` (`crate`'s users treat it as opaque;
/// the server reads it back only in exactly this form).
pub const CURSOR: &str =
    r"^(0|-?[1-9][0-9]{0,15})_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/// Schemas of list items that carry a format: utoipa puts no `pattern` on a `Vec`'s items, so
/// such a field names one of these as its `value_type`. Built from the constants themselves.
#[cfg(feature = "openapi")]
pub mod items {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

    fn string(pattern: &str, max_length: Option<usize>, description: &str) -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(pattern))
            .max_length(max_length)
            .description(Some(description))
            .into()
    }

    /// An email address, as [`crate::validation::validate_email`] accepts it. One string
    /// schema: the other rule, at most 64 characters before the `@`, is stated in words (and as
    /// `x-max-local-part-length`) — as an `allOf` of two string schemas it would be exact, but
    /// client generators (openapi-python-client) read an `allOf` as an object and can't send it,
    /// and JSON Schema has no way to say it in one pattern without look-ahead.
    pub struct EmailAddress;

    impl utoipa::PartialSchema for EmailAddress {
        fn schema() -> RefOr<Schema> {
            let mut extensions = utoipa::openapi::extensions::Extensions::default();
            extensions.insert("x-max-local-part-length".to_string(), 64.into());
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(super::EMAIL))
                .max_length(Some(crate::validation::MAX_EMAIL_LEN))
                .description(Some(
                    "An email address mail can be sent to, with at most 64 characters before the `@`.",
                ))
                .extensions(Some(extensions))
                .into()
        }
    }

    impl utoipa::ToSchema for EmailAddress {}

    /// A Twilio IncomingPhoneNumber SID.
    pub struct PhoneNumberSid;

    impl utoipa::PartialSchema for PhoneNumberSid {
        fn schema() -> RefOr<Schema> {
            string(
                super::PHONE_NUMBER_SID,
                None,
                "A Twilio IncomingPhoneNumber SID: `PN` and 32 hex digits.",
            )
        }
    }

    impl utoipa::ToSchema for PhoneNumberSid {}
}

/// [`crate::validation::validate_email`]'s limit on the part before the `@` (64 characters),
/// which [`EMAIL`] can't state: an email's schema requires both.
pub const EMAIL_LOCAL_PART: &str = r"^[\t\n\f\r ]*[^@\t\n\f\r ]{1,64}@";

/// Every pattern above: the spec may use no other.
pub const ALL: &[&str] = &[
    NAME,
    NOT_BLANK_TEXT,
    EMAIL_LOCAL_PART,
    PRINTABLE,
    TEXT,
    ANY_TEXT,
    EMAIL,
    E164,
    AREA_CODE,
    TIMEZONE,
    WEBSITE,
    ACCOUNT_SID,
    PHONE_NUMBER_SID,
    CALL_SID,
    RECORDING_SID,
    APPLICATION_SID,
    SECONDS,
    AUTH_TOKEN,
    PROVIDER_NAME,
    CURSOR,
];

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;
    use crate::profile::validate_website;
    use crate::twilio::{is_sid, parse_seconds};
    use crate::validation::*;

    /// Strings near every edge the validators draw: blanks, control characters, lengths, `@`s,
    /// dots, signs, digits, non-ASCII letters and spaces.
    fn corpus() -> Vec<String> {
        let mut all: Vec<String> = [
            "",
            " ",
            "  a ",
            "a",
            "Acme Dental",
            "\u{0}x",
            "a\tb",
            "a\nb",
            "\u{85}",
            "\u{a0}",
            "\u{a0}x\u{a0}",
            "\u{2003}",
            "\u{3000}a",
            "\u{1680}\u{202f} a\t",
            "\u{feff}",
            "\u{200b}",
            " \u{85}a",
            "\ta",
            "\r\n a",
            "Zoë",
            "名前",
            "a@b.co",
            " a@b.co ",
            "a@b",
            "a@.b.co",
            "a@b..co",
            "a@b.co.",
            "@b.co",
            "a b@c.co",
            "a@b@c.co",
            "ada+x@ex-ample.com",
            "a@b_c.co",
            "Ada@Example.COM",
            "a.b@c.co",
            ".a@b.co",
            "a.@b.co",
            "a..b@c.co",
            "a]~;<^@j.co",
            "o'hara+x@-a.co",
            "a@a-.co",
            "a@a-b.co",
            "{x}|~@b.co",
            "é@b.co",
            "a@é.co",
            "\ta@b.co\n",
            "\u{a0}a@b.co",
            "+14155550123",
            "+1415555012",
            "+123456789012345",
            "+1234567890123456",
            "+0123456789",
            "14155550123",
            " +14155550123",
            "+1415555012a",
            "415",
            "015",
            "+5",
            "-5",
            "123456789",
            "1234567890",
            "12 ",
            "115",
            "41",
            "4155",
            "UTC",
            "Europe/Paris",
            "Etc/GMT+5",
            "/UTC",
            "Europe//Paris",
            "Europe/",
            "Eur ope",
            "America/Argentina/Buenos_Aires",
            "https://acme.example",
            " http://a.b/c?d#e ",
            "https://localhost",
            "ftp://a.b",
            "https://a.b c",
            "https://a/b.c",
            "https://.",
            "https://a.b\u{7f}",
            "gpt-realtime",
            "models/gemini-2.5:x",
            "a b",
            "-",
            "AC",
            "PN",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        all.push("x".repeat(120));
        all.push("x".repeat(121));
        all.push(format!(" {}", "x".repeat(120)));
        all.push(format!("{}@b.co", "a".repeat(64)));
        all.push(format!("{}@b.co", "a".repeat(65)));
        all.push(format!("{}.{}@b.co", "a".repeat(32), "b".repeat(32)));
        all.push(format!("{}@{}.co", "a".repeat(60), "b".repeat(63)));
        all.push(format!("a@{}.co", "b".repeat(64)));
        all.push(format!("a@{}.co", "b.".repeat(124)));
        all.push(format!("a@{}.co", "b.".repeat(125)));
        all.push("A".repeat(64));
        all.push("A".repeat(65));
        all.push(format!("https://a.b/{}", "c".repeat(188)));
        all.push(format!("https://a.b/{}", "c".repeat(189)));
        for prefix in ["AC", "PN", "ac"] {
            all.push(format!("{prefix}0123456789abcdef0123456789ABCDEF"));
            all.push(format!("{prefix}0123456789abcdef0123456789abcde"));
            all.push(format!("{prefix}0123456789abcdef0123456789abcdeg"));
        }
        all.push("0123456789abcdef0123456789abcdef".into());
        all.push("0123456789abcdef0123456789abcde".into());
        all
    }

    /// `pattern` (with `max_chars`, the spec's `maxLength`) accepts exactly what `valid` does.
    fn agrees(pattern: &str, max_chars: Option<usize>, valid: impl Fn(&str) -> bool) {
        let regex = Regex::new(pattern).expect("the pattern compiles");
        for value in corpus() {
            let by_schema =
                regex.is_match(&value) && max_chars.is_none_or(|max| value.chars().count() <= max);
            assert_eq!(by_schema, valid(&value), "{pattern} on {value:?}");
        }
    }

    #[test]
    fn each_pattern_matches_its_validator() {
        agrees(NAME, Some(MAX_NAME_LEN), |v| validate_name("f", v).is_ok());
        let local = Regex::new(EMAIL_LOCAL_PART).expect("the pattern compiles");
        let email = Regex::new(EMAIL).expect("the pattern compiles");
        for value in corpus() {
            let both = email.is_match(&value)
                && local.is_match(&value)
                && value.chars().count() <= MAX_EMAIL_LEN;
            assert_eq!(both, validate_email("f", &value).is_ok(), "email: {value:?}");
        }
        agrees(E164, None, |v| validate_e164("f", v).is_ok());
        agrees(AREA_CODE, None, |v| validate_area_code("f", v).is_ok());
        agrees(TIMEZONE, Some(64), |v| validate_timezone_name("f", v).is_ok());
        agrees(WEBSITE, Some(200), |v| validate_website("f", v).is_ok());
        agrees(ACCOUNT_SID, None, |v| is_sid(v, "AC"));
        agrees(PHONE_NUMBER_SID, None, |v| is_sid(v, "PN"));
        agrees(CALL_SID, None, |v| is_sid(v, "CA"));
        agrees(RECORDING_SID, None, |v| is_sid(v, "RE"));
        agrees(APPLICATION_SID, None, |v| is_sid(v, "AP"));
        agrees(SECONDS, None, |v| parse_seconds(v).is_some());
        agrees(PRINTABLE, None, |v| !v.chars().any(char::is_control));
        agrees(ANY_TEXT, None, |v| !v.contains('\0'));
    }

    #[test]
    fn every_pattern_compiles() {
        for pattern in ALL {
            assert!(Regex::new(pattern).is_ok(), "{pattern}");
        }
    }
}
