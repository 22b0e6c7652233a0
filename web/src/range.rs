//! The dates a page is about: a preset ("Last 7 days") or two days picked. The dashboard and
//! the call list share them, and keep them in the address: `?range=7d`, or `?from=…&to=…`.
//! Days are the browser's local days, as date inputs give them.

use crate::util;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Today,
    Yesterday,
    Last7,
    Last30,
    Last90,
    All,
    Custom,
}

impl Preset {
    /// In the order the picker offers them.
    pub const CHOICES: [Preset; 7] = [
        Preset::Today,
        Preset::Yesterday,
        Preset::Last7,
        Preset::Last30,
        Preset::Last90,
        Preset::All,
        Preset::Custom,
    ];

    /// Its name in the address.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Today => "today",
            Preset::Yesterday => "yesterday",
            Preset::Last7 => "7d",
            Preset::Last30 => "30d",
            Preset::Last90 => "90d",
            Preset::All => "all",
            Preset::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Today => "Today",
            Preset::Yesterday => "Yesterday",
            Preset::Last7 => "Last 7 days",
            Preset::Last30 => "Last 30 days",
            Preset::Last90 => "Last 90 days",
            Preset::All => "All time",
            Preset::Custom => "Custom dates",
        }
    }

    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::CHOICES.into_iter().find(|p| p.key() == key)
    }

    /// Its first and last day, counted from today (0) backwards; `None` when it has no fixed
    /// days (all time, or days picked).
    pub fn days(self) -> Option<(i32, i32)> {
        match self {
            Preset::Today => Some((0, 0)),
            Preset::Yesterday => Some((-1, -1)),
            Preset::Last7 => Some((-6, 0)),
            Preset::Last30 => Some((-29, 0)),
            Preset::Last90 => Some((-89, 0)),
            Preset::All | Preset::Custom => None,
        }
    }
}

/// A range: a preset, or (`Custom`) the days picked, `YYYY-MM-DD`, either of them open (empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub preset: Preset,
    pub from: String,
    pub to: String,
}

impl DateRange {
    pub fn preset(preset: Preset) -> DateRange {
        DateRange { preset, from: String::new(), to: String::new() }
    }

    /// As the address holds it: `range` names a preset; otherwise days in `from`/`to` are
    /// picked ones; with neither, the page's `default`.
    pub fn read(
        range: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        default: Preset,
    ) -> Self {
        let (from, to) = (from.unwrap_or_default(), to.unwrap_or_default());
        match range.and_then(Preset::from_key) {
            Some(preset) if preset != Preset::Custom => DateRange::preset(preset),
            _ if !from.is_empty() || !to.is_empty() => {
                DateRange { preset: Preset::Custom, from: from.to_owned(), to: to.to_owned() }
            }
            _ => DateRange::preset(default),
        }
    }

    /// For the address: nothing for the page's `default`, the preset's name, or the days.
    pub fn params(&self, default: Preset) -> Vec<(&'static str, String)> {
        match self.preset {
            Preset::Custom => [("from", &self.from), ("to", &self.to)]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, v.clone()))
                .collect(),
            preset if preset == default => Vec::new(),
            preset => vec![("range", preset.key().to_owned())],
        }
    }

    /// The first and last day it covers (empty when open), `day(n)` being the local day `n`
    /// days from today.
    pub fn days(&self, day: impl Fn(i32) -> String) -> (String, String) {
        match self.preset.days() {
            Some((first, last)) => (day(first), day(last)),
            None => (self.from.clone(), self.to.clone()),
        }
    }

    /// Picked days in the wrong order: nothing to search.
    pub fn backwards(&self) -> bool {
        !self.from.is_empty() && !self.to.is_empty() && self.to < self.from
    }

    /// The instants a request is bounded by (RFC 3339): the first day's start, and the start of
    /// the day after the last.
    pub fn bounds(&self) -> (Option<String>, Option<String>) {
        let (from, to) = self.days(util::local_day);
        (util::local_day_start(&from, 0), util::local_day_start(&to, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i32) -> String {
        format!("2026-12-{:02}", 10 + n)
    }

    #[test]
    fn the_address_names_a_preset_or_the_days() {
        let range = DateRange::read(Some("7d"), None, None, Preset::All);
        assert_eq!(range, DateRange::preset(Preset::Last7));
        assert_eq!(range.params(Preset::All), [("range", "7d".to_owned())]);
        assert_eq!(range.params(Preset::Last7), []);
        let picked = DateRange::read(None, Some("2026-12-01"), None, Preset::Last30);
        assert_eq!(picked.preset, Preset::Custom);
        assert_eq!(picked.params(Preset::Last30), [("from", "2026-12-01".to_owned())]);
        assert_eq!(
            DateRange::read(Some("bogus"), None, None, Preset::Last30).preset,
            Preset::Last30
        );
        assert_eq!(DateRange::read(None, None, None, Preset::All).preset, Preset::All);
    }

    #[test]
    fn presets_end_today_and_count_today_in() {
        assert_eq!(DateRange::preset(Preset::Today).days(day), (day(0), day(0)));
        assert_eq!(
            DateRange::preset(Preset::Yesterday).days(day),
            ("2026-12-09".into(), "2026-12-09".into())
        );
        assert_eq!(DateRange::preset(Preset::Last7).days(day).0, "2026-12-04");
        assert_eq!(DateRange::preset(Preset::All).days(day), (String::new(), String::new()));
        let picked = DateRange {
            preset: Preset::Custom,
            from: "2026-12-05".into(),
            to: "2026-12-01".into(),
        };
        assert!(picked.backwards());
        assert_eq!(Preset::CHOICES.map(|p| Preset::from_key(p.key())), Preset::CHOICES.map(Some));
    }
}
