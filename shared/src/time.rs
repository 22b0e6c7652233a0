//! Times as the API writes them: RFC 3339 (`2026-11-30T12:34:56.789Z`), read by a small parser
//! of our own. chrono's `Deserialize` goes through its general-purpose format parser, some 13 KB
//! of wasm in the web app's first load, for strings that always have this one shape.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// `#[serde(deserialize_with = "crate::time::rfc3339")]`
pub fn rfc3339<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text:?}")))
}

/// `#[serde(default, deserialize_with = "crate::time::rfc3339_option")]`
pub fn rfc3339_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
    text.map(|text| {
        parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text:?}")))
    })
    .transpose()
}

/// `#[serde(serialize_with = "crate::time::write_rfc3339_option")]`, for DTOs the web app
/// sends: chrono's own `Serialize` brings its formatting machinery into the bundle.
pub fn write_rfc3339_option<S: Serializer>(
    at: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => serializer.serialize_str(&write(*at)),
        None => serializer.serialize_none(),
    }
}

/// `2026-11-30T12:34:56Z`, with the fraction of a second when there is one
/// (`2026-11-30T12:34:56.789Z`).
pub fn write(at: DateTime<Utc>) -> String {
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let nanos = at.nanosecond() % 1_000_000_000;
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (`t`, `z` and a space for the `T` accepted too, as
/// RFC 3339 allows), as a UTC time.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes
            .get(from..to)?
            .iter()
            .try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    };
    let at = |i: usize, allowed: &[u8]| bytes.get(i).is_some_and(|b| allowed.contains(b));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":") && at(16, b":")) {
        return None;
    }
    let date =
        NaiveDate::from_ymd_opt(i32::try_from(number(0, 4)?).ok()?, number(5, 7)?, number(8, 10)?)?;
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let mut i = 19;
    let mut nanos = 0u32;
    if at(i, b".") {
        i += 1;
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            // Nanoseconds: the first nine digits count, later ones are below chrono's precision.
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(bytes[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        nanos *= 10u32.pow(9u32.saturating_sub(u32::try_from(digits).ok()?));
    }
    let offset_minutes: i64 = match bytes.get(i)? {
        b'Z' | b'z' if i + 1 == bytes.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == bytes.len() && at(i + 3, b":") => {
            let minutes = i64::from(number(i + 1, i + 3)? * 60 + number(i + 4, i + 6)?);
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let local = date.and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?);
    let utc = local.checked_sub_signed(TimeDelta::try_minutes(offset_minutes)?)?;
    Some(utc.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn reads_what_chrono_reads() {
        for text in [
            "2026-11-30T12:34:56Z",
            "2026-11-30T12:34:56.789Z",
            "2026-11-30T12:34:56.123456789Z",
            "2026-11-30T12:34:56.1234567891Z",
            "2026-11-30t12:34:56z",
            "2026-11-30 12:34:56+00:00",
            "2026-11-30T12:34:56.5+05:30",
            "2026-01-01T00:10:00-08:00",
            "2024-02-29T23:59:59.999999Z",
        ] {
            assert_eq!(parse(text), chrono(text), "{text}");
            assert!(parse(text).is_some(), "{text}");
        }
    }

    #[test]
    fn refuses_what_isnt_rfc3339() {
        for text in [
            "",
            "2026-11-30",
            "2026-11-30T12:34:56",
            "2026-11-30T12:34:56.Z",
            "2026-13-30T12:34:56Z",
            "2025-02-29T12:34:56Z",
            "2026-11-30T24:00:00Z",
            "2026-11-30T12:34:56+0530",
            "2026-11-30T12:34:56Zjunk",
            "２026-11-30T12:34:56Z",
            "2026/11/30T12:34:56Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn writes_what_it_reads() {
        for text in [
            "2026-11-30T12:34:56Z",
            "2026-11-30T12:34:56.789Z",
            "2026-11-30T12:34:56.123456789Z",
            "0999-01-01T00:00:00.5Z",
        ] {
            let at = parse(text).expect(text);
            assert_eq!(write(at), text);
            assert_eq!(Some(at), chrono(text));
        }
    }

    #[test]
    fn as_serde_fields() {
        #[derive(Deserialize)]
        struct Times {
            #[serde(deserialize_with = "rfc3339")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "rfc3339_option")]
            until: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "rfc3339_option")]
            never: Option<DateTime<Utc>>,
        }
        let times: Times = serde_json::from_str(
            r#"{"at": "2026-11-30T12:00:00Z", "until": "2026-11-30T13:00:00+01:00"}"#,
        )
        .expect("two times");
        assert_eq!(Some(times.at), times.until);
        assert_eq!(times.never, None);
        let null: Times = serde_json::from_str(r#"{"at": "2026-11-30T12:00:00Z", "until": null}"#)
            .expect("a null");
        assert_eq!(null.until, None);
        assert!(serde_json::from_str::<Times>(r#"{"at": "yesterday"}"#).is_err());
    }
}
