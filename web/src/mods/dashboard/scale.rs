//! The numbers behind the dashboard's charts and cards: axis tops, heat levels, labels.

use loquent_shared::DashboardBucket;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Monday first, as the heatmap's rows.
pub const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The top of an axis holding `max`: the smallest of 1, 2, 5 × 10ⁿ (and 4, so halves stay
/// whole) at or above it, so the gridlines land on round numbers.
pub fn nice_top(max: i64) -> i64 {
    let mut unit = 1;
    loop {
        for step in [1, 2, 4, 5] {
            if step * unit >= max {
                return step * unit;
            }
        }
        unit *= 10;
    }
}

/// How dark a heatmap cell is: 0 (no calls) to 4 (the busiest hour).
pub fn heat_level(calls: i64, max: i64) -> u8 {
    if calls <= 0 || max <= 0 {
        return 0;
    }
    // Quarters of the busiest hour, rounded up, so one call still shows.
    ((calls * 4 + max - 1) / max).clamp(1, 4) as u8
}

/// `YYYY-MM-DD` → (year, month 1–12, day).
fn parts(day: &str) -> Option<(&str, usize, u32)> {
    let mut it = day.split('-');
    let year = it.next()?;
    let month: usize = it.next()?.parse().ok()?;
    let date = it.next()?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month, date))
}

/// A bucket as its axis and readout name it: "Dec 1", "Week of Nov 30", "Dec 2026".
pub fn bucket_label(start: &str, bucket: DashboardBucket) -> String {
    let Some((year, month, date)) = parts(start) else {
        return start.to_owned();
    };
    let month = MONTHS[month - 1];
    match bucket {
        DashboardBucket::Day => format!("{month} {date}"),
        DashboardBucket::Week => format!("Week of {month} {date}"),
        DashboardBucket::Month => format!("{month} {year}"),
    }
}

/// A short axis label: the week's or day's date, or the month.
pub fn axis_label(start: &str, bucket: DashboardBucket) -> String {
    bucket_label(start, bucket).trim_start_matches("Week of ").to_owned()
}

/// A mean call length as minutes and seconds: "02:05", "61:40".
pub fn mm_ss(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// "9:00–10:00", the hour a heatmap cell covers.
pub fn hour_span(hour: u8) -> String {
    format!("{hour}:00–{}:00", (hour + 1) % 24)
}

/// "1 call", "12 calls".
pub fn calls(n: i64) -> String {
    if n == 1 { "1 call".to_owned() } else { format!("{n} calls") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(
            [0, 1, 3, 4, 7, 12, 45, 101, 3999].map(nice_top),
            [1, 1, 4, 4, 10, 20, 50, 200, 4000]
        );
    }

    #[test]
    fn heat_is_in_quarters_of_the_busiest_hour() {
        assert_eq!([0, 1, 25, 26, 50, 99, 100].map(|n| heat_level(n, 100)), [0, 1, 1, 2, 2, 4, 4]);
        assert_eq!(heat_level(3, 0), 0);
    }

    #[test]
    fn buckets_are_named_as_people_say_them() {
        assert_eq!(bucket_label("2026-12-01", DashboardBucket::Day), "Dec 1");
        assert_eq!(bucket_label("2026-11-30", DashboardBucket::Week), "Week of Nov 30");
        assert_eq!(axis_label("2026-11-30", DashboardBucket::Week), "Nov 30");
        assert_eq!(bucket_label("2026-01-01", DashboardBucket::Month), "Jan 2026");
        assert_eq!(bucket_label("junk", DashboardBucket::Day), "junk");
        assert_eq!(mm_ss(125), "02:05");
        assert_eq!(mm_ss(3700), "61:40");
        assert_eq!(hour_span(23), "23:00–0:00");
        assert_eq!(calls(1), "1 call");
    }
}
