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

/// The browser's clock (chrono's own `Utc::now` has no clock on wasm32-unknown-unknown).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
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

/// "3:04 PM"
pub fn time(at: DateTime<Utc>) -> String {
    js_date(at)
        .to_locale_time_string_with_options(
            "en-US",
            &options(&[("hour", "numeric"), ("minute", "2-digit")]),
        )
        .into()
}

/// "Today", "Yesterday", or the date, by the browser's calendar.
pub fn day(at: DateTime<Utc>) -> String {
    let then = js_date(at);
    let now = js_sys::Date::new_0();
    let same_day = |a: &js_sys::Date, b: &js_sys::Date| {
        a.get_full_year() == b.get_full_year()
            && a.get_month() == b.get_month()
            && a.get_date() == b.get_date()
    };
    if same_day(&then, &now) {
        return "Today".to_owned();
    }
    let yesterday = js_sys::Date::new_0();
    yesterday.set_date(now.get_date().saturating_sub(1));
    if same_day(&then, &yesterday) { "Yesterday".to_owned() } else { date(at) }
}

/// The instant a local calendar day (`YYYY-MM-DD`, as date inputs give it) starts, `days_later`
/// days on, in RFC 3339: the bounds of a date-range filter.
pub fn local_day_start(day: &str, days_later: u32) -> Option<String> {
    let (year, month, date) = parse_day(day)?;
    let start = js_sys::Date::new_with_year_month_day(year, month - 1, (date + days_later) as i32);
    Some(start.to_iso_string().into())
}

/// The local day `days_from_today` days from today (negative: before), `YYYY-MM-DD`.
pub fn local_day(days_from_today: i32) -> String {
    let now = js_sys::Date::new_0();
    let day = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + days_from_today,
    );
    format!("{:04}-{:02}-{:02}", day.get_full_year(), day.get_month() + 1, day.get_date())
}

/// `YYYY-MM-DD` → (year, month 1–12, day 1–31).
pub fn parse_day(day: &str) -> Option<(u32, i32, u32)> {
    let mut parts = day.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = parts.next().filter(|m| m.len() == 2)?.parse().ok()?;
    let date = parts.next().filter(|d| d.len() == 2)?.parse().ok()?;
    let valid = parts.next().is_none() && (1..=12).contains(&month) && (1..=31).contains(&date);
    valid.then_some((year, month, date))
}

/// A call's length: "0:07", "12:30", "1:02:03".
pub fn duration(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 { seconds.floor() as u64 } else { 0 };
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{secs:02}")
    } else {
        format!("{minutes}:{secs:02}")
    }
}

/// `value` with `digits` decimals ("1.25"), written by the browser's number formatting: Rust's
/// float formatting would add its own code to the bundle for this alone.
pub fn fixed(value: f64, digits: u8) -> String {
    js_sys::Number::from(value).to_fixed(digits).map(String::from).unwrap_or_default()
}

/// A number as an `<input>` holds it ("1.05"), written by the browser (see [`fixed`]).
pub fn number(value: f64) -> String {
    js_sys::Number::from(value).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// A number typed or slid into an `<input>`, read by the browser (see [`fixed`]).
pub fn parse_number(text: &str) -> Option<f64> {
    let value = js_sys::Number::parse_float(text);
    value.is_finite().then_some(value)
}

/// What to search contacts for: a typed phone number loses its punctuation so it matches the
/// stored E.164 digits ("(415) 555-01" → "41555501"); anything else is sent as typed.
pub fn contact_search(input: &str) -> String {
    let trimmed = input.trim();
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    let phone_like =
        digits >= 3 && trimmed.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like {
        let plus = if trimmed.starts_with('+') { "+" } else { "" };
        format!("{plus}{}", trimmed.chars().filter(char::is_ascii_digit).collect::<String>())
    } else {
        trimmed.to_owned()
    }
}

/// Resolves after `ms` milliseconds (for polling).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function browserTimeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined; } catch { return undefined; }
}")]
extern "C" {
    /// The IANA time zone this browser is in, if it says. (In JavaScript: the same in wasm
    /// would weigh on every page's first load.)
    #[wasm_bindgen(js_name = browserTimeZone)]
    pub fn browser_time_zone() -> Option<String>;
}

/// What this browser remembers under `key` (`localStorage`), if anything.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Remembers `value` under `key` in this browser; where storage is off, nothing is remembered.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// Names the browser tab: "Settings · Loquent".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Loquent"));
    }
}

#[cfg(test)]
mod tests {
    use super::{
        contact_search, count, duration, first_name, initials, normalize_phone_input, parse_day,
        phone_number, place,
    };

    #[test]
    fn durations_and_routes() {
        assert_eq!(duration(7.0), "0:07");
        assert_eq!(duration(7.9), "0:07");
        assert_eq!(duration(750.0), "12:30");
        assert_eq!(duration(3723.0), "1:02:03");
        assert_eq!(duration(f64::NAN), "0:00");
        assert_eq!(duration(-3.0), "0:00");
    }

    #[test]
    fn days_and_searches() {
        assert_eq!(parse_day("2026-11-21"), Some((2026, 11, 21)));
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("2026-1-01"), None);
        assert_eq!(parse_day(""), None);
        assert_eq!(contact_search("  Grace "), "Grace");
        assert_eq!(contact_search("(415) 555-01"), "41555501");
        assert_eq!(contact_search("+1 415 555"), "+1415555");
        assert_eq!(contact_search("41"), "41");
        assert_eq!(contact_search("Room 101"), "Room 101");
    }

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
