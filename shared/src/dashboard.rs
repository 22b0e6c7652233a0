//! The dashboard: what an organization's calls and to-dos add up to over a range of time, with
//! days, weeks, months, weekdays and hours counted on the organization's own clocks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::todo::TodoCounts;

/// A range of at most this many local days is counted per day.
pub const MAX_DAYS_BY_DAY: i64 = 92;
/// A range of at most this many local days (two years, one of them leap) is counted per week;
/// a longer one per month.
pub const MAX_DAYS_BY_WEEK: i64 = 731;

/// The organization's calls and to-dos over a range: `from` (included) to `to` (excluded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    /// The organization's time zone (IANA name): the days, weeks, months, weekdays and hours
    /// below are its clocks'.
    #[cfg_attr(feature = "openapi", schema(example = "America/New_York"))]
    pub timezone: String,
    /// The range's start, as used: the `from` asked for, else the organization's first call;
    /// `null` for an organization without calls when no `from` was given (nothing is counted).
    #[serde(default, deserialize_with = "crate::time::rfc3339_option")]
    pub from: Option<DateTime<Utc>>,
    /// The range's end (excluded), as used: the `to` asked for, else the time of the request.
    #[serde(deserialize_with = "crate::time::rfc3339")]
    pub to: DateTime<Utc>,
    pub stats: DashboardStats,
    /// How long each `volume` bucket is, chosen from the range's length in local days.
    pub bucket: DashboardBucket,
    /// Calls per bucket, every bucket the range touches (zero-filled), oldest first.
    pub volume: Vec<VolumeBucket>,
    /// Calls per local weekday and hour: all 168 cells, Monday 00:00 first.
    pub heatmap: Vec<HeatCell>,
    /// The to-dos created in the range, per status.
    pub todos: TodoCounts,
    /// How far the organization is through getting its calls answered (whatever the range).
    pub setup: DashboardSetup,
}

/// What the organization has set up: the web app's "Get started" steps tick from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardSetup {
    /// An agent exists.
    pub has_agent: bool,
    /// A number is registered, answered or not.
    pub has_number: bool,
    /// A number has an agent and routes its calls to Loquent: only then is a line answered.
    pub has_answered_number: bool,
    /// An analyzer exists.
    pub has_analyzer: bool,
}

/// The range's headline figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardStats {
    /// Calls in the range, both directions, however they ended.
    pub calls: i64,
    /// Inbound calls that ended `completed`: the agent answered them (outbound calls are
    /// placed by people, from the dial pad).
    pub answered_by_agent: i64,
    /// The mean `duration_secs` of the range's completed calls, rounded to the second; `null`
    /// without any.
    pub avg_duration_secs: Option<i64>,
    /// To-dos created in the range that wait for review (`pending_review`).
    pub pending_todos: i64,
    /// Distinct contacts with at least one call in the range.
    pub active_contacts: i64,
}

/// How long each bucket of `volume` is: a day for a range of up to 92 local days, a week (from
/// Monday) for up to two years (731 days), a month otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DashboardBucket {
    Day,
    Week,
    Month,
}

impl DashboardBucket {
    /// The bucket for a range touching `days` local calendar days.
    pub fn for_days(days: i64) -> DashboardBucket {
        if days <= MAX_DAYS_BY_DAY {
            DashboardBucket::Day
        } else if days <= MAX_DAYS_BY_WEEK {
            DashboardBucket::Week
        } else {
            DashboardBucket::Month
        }
    }

    /// As sent, and as PostgreSQL's `date_trunc` names the unit.
    pub fn as_str(self) -> &'static str {
        match self {
            DashboardBucket::Day => "day",
            DashboardBucket::Week => "week",
            DashboardBucket::Month => "month",
        }
    }
}

/// One bucket of the call volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolumeBucket {
    /// The bucket's first local day (`YYYY-MM-DD`): the day, the week's Monday or the month's
    /// first. The first and last buckets may reach outside the range; only the range's calls
    /// are counted in them.
    #[cfg_attr(feature = "openapi", schema(example = "2026-12-01"))]
    pub start: String,
    /// The bucket's calls.
    pub calls: i64,
    /// The bucket's inbound calls that ended `completed`.
    pub answered_by_agent: i64,
}

/// The calls that started in one local hour of one weekday, over the whole range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeatCell {
    /// 0 is Monday, 6 Sunday.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 6))]
    pub weekday: u8,
    /// 0–23, on the organization's clocks.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 23))]
    pub hour: u8,
    pub calls: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bucket_follows_the_ranges_length() {
        assert_eq!(DashboardBucket::for_days(1), DashboardBucket::Day);
        assert_eq!(DashboardBucket::for_days(92), DashboardBucket::Day);
        assert_eq!(DashboardBucket::for_days(93), DashboardBucket::Week);
        assert_eq!(DashboardBucket::for_days(731), DashboardBucket::Week);
        assert_eq!(DashboardBucket::for_days(732), DashboardBucket::Month);
    }

    #[test]
    fn reads_what_it_writes() {
        let json = r#"{"timezone": "Asia/Tokyo", "from": null, "to": "2026-12-05T00:00:00Z",
            "stats": {"calls": 0, "answered_by_agent": 0, "avg_duration_secs": null,
                      "pending_todos": 0, "active_contacts": 0},
            "bucket": "week", "volume": [{"start": "2026-11-30", "calls": 2,
                                          "answered_by_agent": 1}],
            "heatmap": [{"weekday": 0, "hour": 23, "calls": 2}],
            "todos": {"pending_review": 0, "approved": 0, "in_progress": 0, "completed": 0,
                      "failed": 0, "rejected": 0, "done": 0},
            "setup": {"has_agent": true, "has_number": true, "has_answered_number": false,
                      "has_analyzer": false}}"#;
        let dashboard: Dashboard = serde_json::from_str(json).expect("a dashboard");
        assert_eq!(dashboard.bucket, DashboardBucket::Week);
        assert_eq!(dashboard.from, None);
        let again: Dashboard =
            serde_json::from_str(&serde_json::to_string(&dashboard).expect("json"))
                .expect("a dashboard");
        assert_eq!(again, dashboard);
    }
}
