//! When the demo month's calls come, in the clinic's local time: over the last 30 days, most in
//! its opening hours ([`super::profile::hours`]: Monday to Thursday 8 to 6, Friday 8 to 4,
//! Saturday 9 to 1), mornings and Mondays busiest, a few in the evening and on Sundays (the
//! agent answers around the clock).
//! Today's calls all began at least [`QUIET_BEFORE_NOW`] ago, so every call is long over.

use chrono::{Datelike, Duration, NaiveDateTime, Timelike, Weekday};

use super::rng::Rng;

/// The days the month spans, today included.
pub const DAYS: i64 = 30;
/// How long before now the newest call began: it ended well before the page is opened.
pub const QUIET_BEFORE_NOW: Duration = Duration::minutes(45);

/// How busy a day of the week is, relative to the others.
fn day_weight(day: Weekday) -> f64 {
    match day {
        Weekday::Mon => 1.25,
        Weekday::Tue => 1.05,
        Weekday::Wed | Weekday::Thu => 1.0,
        Weekday::Fri => 0.9,
        Weekday::Sat => 0.35,
        Weekday::Sun => 0.12,
    }
}

/// How busy each hour of a day of the week is, relative to the day's other hours.
fn hour_weights(day: Weekday) -> [f64; 24] {
    let mut w = [0.0; 24];
    match day {
        Weekday::Sat => {
            w[8] = 0.3;
            for (hour, weight) in [(9, 1.5), (10, 1.6), (11, 1.4), (12, 1.0), (13, 0.3)] {
                w[hour] = weight;
            }
            w[14..18].fill(0.15);
        }
        Weekday::Sun => {
            w[10..18].fill(0.2);
        }
        _ => {
            let hours = [
                (6, 0.1),
                (7, 0.4),
                (8, 2.6),
                (9, 3.0),
                (10, 2.8),
                (11, 2.3),
                (12, 1.2),
                (13, 1.6),
                (14, 1.7),
                (15, 1.5),
                (16, 1.3),
                (17, 0.8),
                (18, 0.4),
                (19, 0.25),
                (20, 0.15),
                (21, 0.1),
            ];
            for (hour, weight) in hours {
                w[hour] = weight;
            }
            if day == Weekday::Fri {
                // Closed at 4 on Fridays.
                w[16] = 0.4;
                w[17] = 0.2;
            }
        }
    }
    w
}

/// `count` call start times (local), oldest first, in the `DAYS` days up to `local_now`.
pub fn schedule(rng: &mut Rng, local_now: NaiveDateTime, count: usize) -> Vec<NaiveDateTime> {
    let latest = local_now - QUIET_BEFORE_NOW;
    let today = local_now.date();
    // Every hour of the month that can hold a call, with its weight; today's hours end at
    // `latest`, the hour it falls in counting for the part before it.
    let mut slots: Vec<(NaiveDateTime, f64, u32)> = Vec::new();
    for days_ago in 0..DAYS {
        let date = today - Duration::days(days_ago);
        let weekday = date.weekday();
        for (hour, weight) in hour_weights(weekday).into_iter().enumerate() {
            let Some(start) = date.and_hms_opt(hour as u32, 0, 0) else { continue };
            if weight <= 0.0 || start > latest {
                continue;
            }
            let minutes = if latest < start + Duration::hours(1) { latest.minute() } else { 60 };
            if minutes == 0 {
                continue;
            }
            let share = f64::from(minutes) / 60.0;
            slots.push((start, day_weight(weekday) * weight * share, minutes));
        }
    }
    let weights: Vec<f64> = slots.iter().map(|(_, w, _)| *w).collect();
    let mut times: Vec<NaiveDateTime> = (0..count)
        .filter_map(|_| {
            let (start, _, minutes) = slots.get(rng.weighted(&weights))?;
            let secs = rng.between(0, i64::from(*minutes) * 60 - 1);
            Some(*start + Duration::seconds(secs))
        })
        .collect();
    times.sort_unstable();
    times
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate, Timelike, Weekday};

    use super::*;

    #[test]
    fn calls_fill_the_month_before_now_mostly_in_weekday_opening_hours() {
        let now = NaiveDate::from_ymd_opt(2026, 12, 9)
            .and_then(|d| d.and_hms_opt(10, 20, 0))
            .unwrap_or_default();
        let times = schedule(&mut Rng::new(3), now, 300);
        assert_eq!(times.len(), 300);
        assert!(times.windows(2).all(|p| p[0] <= p[1]));
        assert!(*times.last().unwrap_or(&now) <= now - QUIET_BEFORE_NOW);
        assert!(times[0] > now - Duration::days(DAYS));
        let weekday_hours = times
            .iter()
            .filter(|t| !matches!(t.weekday(), Weekday::Sat | Weekday::Sun))
            .filter(|t| (8..18).contains(&t.hour()))
            .count();
        assert!(weekday_hours > 220, "{weekday_hours}");
        let mornings = times.iter().filter(|t| (8..12).contains(&t.hour())).count();
        let afternoons = times.iter().filter(|t| (13..17).contains(&t.hour())).count();
        assert!(mornings > afternoons, "{mornings} mornings, {afternoons} afternoons");
        let sundays = times.iter().filter(|t| t.weekday() == Weekday::Sun).count();
        assert!(sundays < 10, "{sundays}");
    }

    #[test]
    fn before_opening_today_has_no_calls_and_the_count_holds() {
        let now = NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(6, 30, 0))
            .unwrap_or_default();
        let times = schedule(&mut Rng::new(4), now, 300);
        assert_eq!(times.len(), 300);
        assert!(times.iter().all(|t| t.date() < now.date()));
    }
}
