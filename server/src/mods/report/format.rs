//! How reports write durations, times and excerpts.

use chrono::NaiveDateTime;

/// `3:42`, `0:07`, `1:02:03`.
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// `Tue 10 Mar 2026, 14:05`.
pub fn when(local: NaiveDateTime) -> String {
    local.format("%a %-d %b %Y, %H:%M").to_string()
}

/// `Tue 14:05`: a time within a day or two, as a digest lists calls.
pub fn weekday_time(local: NaiveDateTime) -> String {
    local.format("%a %H:%M").to_string()
}

/// The beginning of `text`, at most `max` characters, cut after a whole word and marked `…`
/// when cut (mid-word only when the first word alone is longer than `max`).
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    // The character after the cut tells whether it fell between two words.
    let next = text.chars().nth(max).unwrap_or(' ');
    let whole = if next.is_whitespace() {
        cut.as_str()
    } else {
        match cut.rfind(char::is_whitespace) {
            Some(at) => &cut[..at],
            None => cut.as_str(),
        }
    };
    format!("{}…", whole.trim_end())
}

/// `1 call`, `3 calls`.
pub fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_clocks() {
        assert_eq!(duration(222), "3:42");
        assert_eq!(duration(7), "0:07");
        assert_eq!(duration(3723), "1:02:03");
        assert_eq!(duration(-5), "0:00");
    }

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("  short  ", 10), "short");
        assert_eq!(excerpt("Hello there Ada Lovelace", 13), "Hello there…");
        assert_eq!(excerpt("Hello there Ada", 11), "Hello there…");
        assert_eq!(excerpt("Supercalifragilistic", 5), "Super…");
        assert_eq!(excerpt("Zoë és café", 6), "Zoë és…");
    }

    #[test]
    fn times_are_written_for_people() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 10)
            .and_then(|d| d.and_hms_opt(14, 5, 0))
            .unwrap_or_default();
        assert_eq!(when(t), "Tue 10 Mar 2026, 14:05");
        assert_eq!(weekday_time(t), "Tue 14:05");
        assert_eq!(count(1, "call", "calls"), "1 call");
        assert_eq!(count(0, "call", "calls"), "0 calls");
    }
}
