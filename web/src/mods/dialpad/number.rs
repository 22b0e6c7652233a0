//! The number being typed into the dial pad: formatted as it grows, and checked before a call.

use loquent_shared::validation::dialable_number;

use crate::util::normalize_phone_input;

/// E.164 allows at most 15 digits after the `+`.
const MAX_DIGITS: usize = 15;

/// Country calling codes of one and two digits (ITU-T E.164 assignments); every other code has
/// three. Enough to put the space after the country code while the number is typed.
const ONE_DIGIT: [&str; 2] = ["1", "7"];
const TWO_DIGITS: [&str; 44] = [
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// What was typed, formatted while it is typed: a leading `+` and at most 15 digits are kept,
/// anything else is dropped. North American numbers read "(415) 555-0123" (with `+1 ` or `1 `
/// before when typed), others "+44 207 946 0958": the country code, then groups of three with
/// the last four together.
pub fn format_as_typed(typed: &str) -> String {
    let international = typed.trim_start().starts_with('+');
    let digits: String = typed.chars().filter(char::is_ascii_digit).take(MAX_DIGITS).collect();
    if !international {
        return match digits.strip_prefix('1') {
            Some(national) if digits.len() == 11 => format!("1 {}", north_american(national)),
            _ if digits.len() <= 10 => north_american(&digits),
            _ => digits,
        };
    }
    let code_len = country_code_len(&digits);
    if digits.len() <= code_len {
        return format!("+{digits}");
    }
    let (code, national) = digits.split_at(code_len);
    let national = if code == "1" { north_american(national) } else { grouped(national) };
    format!("+{code} {national}")
}

/// The number to call in E.164, or `None` when what was typed can't be dialled.
pub fn to_dial(typed: &str) -> Option<String> {
    dialable_number(&normalize_phone_input(typed))
}

fn country_code_len(digits: &str) -> usize {
    if ONE_DIGIT.iter().any(|c| digits.starts_with(c)) {
        1
    } else if TWO_DIGITS.iter().any(|c| digits.starts_with(c)) {
        2
    } else {
        3
    }
}

/// "415", "(415) 555", "(415) 555-0123"; more than ten digits stay as they are.
fn north_american(digits: &str) -> String {
    match digits.len() {
        0..=3 => digits.to_owned(),
        4..=6 => format!("({}) {}", &digits[..3], &digits[3..]),
        7..=10 => format!("({}) {}-{}", &digits[..3], &digits[3..6], &digits[6..]),
        _ => digits.to_owned(),
    }
}

/// The last four digits together, groups of three before them (counted from the right):
/// "207 946 0958", "12 345 6789".
fn grouped(digits: &str) -> String {
    if digits.len() <= 4 {
        return digits.to_owned();
    }
    let (head, last) = digits.split_at(digits.len() - 4);
    let mut groups: Vec<&str> = Vec::new();
    let mut rest = head;
    while !rest.is_empty() {
        let take = match rest.len() % 3 {
            0 => 3,
            short => short,
        };
        let (group, tail) = rest.split_at(take);
        groups.push(group);
        rest = tail;
    }
    groups.push(last);
    groups.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_american_numbers_take_shape_as_typed() {
        let typed = "4155550123";
        let shown: Vec<String> = (1..=typed.len()).map(|n| format_as_typed(&typed[..n])).collect();
        assert_eq!(
            shown,
            [
                "4",
                "41",
                "415",
                "(415) 5",
                "(415) 55",
                "(415) 555",
                "(415) 555-0",
                "(415) 555-01",
                "(415) 555-012",
                "(415) 555-0123",
            ]
        );
        assert_eq!(format_as_typed("14155550123"), "1 (415) 555-0123");
        assert_eq!(format_as_typed("+14155550123"), "+1 (415) 555-0123");
        assert_eq!(format_as_typed("+1 (415) 555-01"), "+1 (415) 555-01");
    }

    #[test]
    fn other_countries_get_their_code_then_groups() {
        assert_eq!(format_as_typed("+"), "+");
        assert_eq!(format_as_typed("+4"), "+4");
        assert_eq!(format_as_typed("+44"), "+44");
        assert_eq!(format_as_typed("+442"), "+44 2");
        assert_eq!(format_as_typed("+442079460958"), "+44 207 946 0958");
        assert_eq!(format_as_typed("+33 1 23 45 67 89"), "+33 12 345 6789");
        assert_eq!(format_as_typed("+3531234567"), "+353 123 4567");
        assert_eq!(format_as_typed("+79161234567"), "+7 916 123 4567");
    }

    #[test]
    fn only_digits_and_a_leading_plus_are_kept_and_at_most_fifteen_digits() {
        assert_eq!(format_as_typed("abc"), "");
        assert_eq!(format_as_typed("4a1b5"), "415");
        assert_eq!(format_as_typed("41+5"), "415");
        assert_eq!(format_as_typed("+1234567890123456789"), "+1 23456789012345");
        assert_eq!(format_as_typed("123456789012"), "123456789012");
    }

    #[test]
    fn what_can_be_dialled_is_e164() {
        assert_eq!(to_dial("(415) 555-0123").as_deref(), Some("+14155550123"));
        assert_eq!(to_dial("+44 207 946 0958").as_deref(), Some("+442079460958"));
        assert_eq!(to_dial("1 (415) 555-0123").as_deref(), Some("+14155550123"));
        assert_eq!(to_dial("415"), None);
        assert_eq!(to_dial(""), None);
        assert_eq!(to_dial("+0123"), None);
    }
}
