//! Small formatting helpers that use the browser's clock and locale.

use chrono::{DateTime, Utc};
use wasm_bindgen::JsValue;

fn js_date(at: DateTime<Utc>) -> js_sys::Date {
    // Milliseconds since the epoch fit an f64 exactly for any date we store.
    js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64))
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object.into()
}

/// "Nov 21, 2026"
pub fn date(at: DateTime<Utc>) -> String {
    js_date(at)
        .to_locale_date_string(
            "en-US",
            &options(&[("month", "short"), ("day", "numeric"), ("year", "numeric")]),
        )
        .into()
}

/// "Nov 21, 2026, 3:04 PM": for tooltips.
pub fn date_time(at: DateTime<Utc>) -> String {
    js_date(at)
        .to_locale_string(
            "en-US",
            &options(&[
                ("month", "short"),
                ("day", "numeric"),
                ("year", "numeric"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
            ]),
        )
        .into()
}

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date.
pub fn relative(at: DateTime<Utc>) -> String {
    let now_ms = js_sys::Date::now() as i64;
    let seconds = (now_ms - at.timestamp_millis()).max(0) / 1000;
    let plural = |n: i64, unit: &str| {
        if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") }
    };
    match seconds {
        0..60 => "just now".to_owned(),
        60..3_600 => plural(seconds / 60, "minute"),
        3_600..86_400 => plural(seconds / 3_600, "hour"),
        86_400..2_592_000 => plural(seconds / 86_400, "day"),
        _ => date(at),
    }
}

/// "Good morning" / "Good afternoon" / "Good evening" by the browser's clock.
pub fn greeting() -> &'static str {
    match js_sys::Date::new_0().get_hours() {
        5..=11 => "Good morning",
        12..=17 => "Good afternoon",
        _ => "Good evening",
    }
}

/// "Ada Lovelace" → "AL"; "acme" → "A".
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first.into_iter().chain(last).flat_map(char::to_uppercase).collect()
}

/// The first word of a name, for greetings.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// A phone number for people: North American numbers as "(415) 555-0123", others in E.164.
pub fn phone_number(e164: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(national) if national.len() == 10 && national.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &national[..3], &national[3..6], &national[6..])
        }
        _ => e164.to_owned(),
    }
}

/// What people type for a phone number, towards E.164: separators dropped, and a 10-digit North
/// American number (or 11 digits starting with 1) given its `+1`. Anything else is left for the
/// E.164 check to judge.
pub fn normalize_phone_input(input: &str) -> String {
    let compact: String =
        input.chars().filter(|c| !c.is_whitespace() && !"-().".contains(*c)).collect();
    let all_digits = !compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit());
    match compact.len() {
        10 if all_digits => format!("+1{compact}"),
        11 if all_digits && compact.starts_with('1') => format!("+{compact}"),
        _ => compact,
    }
}

/// "San Francisco, CA" from what Twilio knows (either part may be missing).
pub fn place(locality: Option<&str>, region: Option<&str>) -> Option<String> {
    let parts: Vec<&str> =
        [locality, region].into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "1 number", "3 numbers".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 { format!("1 {singular}") } else { format!("{n} {plural}") }
}

/// Names the browser tab: "Settings · Loquent".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Loquent"));
    }
}

#[cfg(test)]
mod tests {
    use super::{count, first_name, initials, normalize_phone_input, phone_number, place};

    #[test]
    fn typed_phone_numbers() {
        assert_eq!(normalize_phone_input("(415) 555-0100"), "+14155550100");
        assert_eq!(normalize_phone_input("1 415 555 0100"), "+14155550100");
        assert_eq!(normalize_phone_input("+44 20 7183 8750"), "+442071838750");
        assert_eq!(normalize_phone_input("555-0100"), "5550100");
        assert_eq!(normalize_phone_input(""), "");
    }

    #[test]
    fn phone_numbers_for_people() {
        assert_eq!(phone_number("+14155550123"), "(415) 555-0123");
        assert_eq!(phone_number("+442071838750"), "+442071838750");
        assert_eq!(phone_number("+1415555"), "+1415555");
        assert_eq!(place(Some("San Francisco"), Some("CA")).as_deref(), Some("San Francisco, CA"));
        assert_eq!(place(None, Some("NY")).as_deref(), Some("NY"));
        assert_eq!(place(Some(" "), None), None);
        assert_eq!(count(1, "number", "numbers"), "1 number");
        assert_eq!(count(0, "number", "numbers"), "0 numbers");
    }

    #[test]
    fn names() {
        assert_eq!(initials("Ada Lovelace"), "AL");
        assert_eq!(initials("  acme  "), "A");
        assert_eq!(initials("Jean de la Fontaine"), "JF");
        assert_eq!(initials(""), "");
        assert_eq!(first_name("Ada Lovelace"), "Ada");
        assert_eq!(first_name(""), "");
    }
}
