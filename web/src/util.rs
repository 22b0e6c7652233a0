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

/// Names the browser tab: "Settings · Loquent".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Loquent"));
    }
}

#[cfg(test)]
mod tests {
    use super::{first_name, initials};

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
