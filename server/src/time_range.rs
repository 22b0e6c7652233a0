//! `?from=…&to=…`: a range of instants asked for in a query string, read once for every endpoint
//! that takes one (`GET /api/calls`, `GET /api/dashboard`). The range includes `from` and
//! excludes `to`, so ranges that meet count every row once.
//!
//! Handlers take both as text and read them here rather than letting the query extractor parse
//! them: its errors can't say which parameter was at fault, these do (`field`).

use chrono::{DateTime, FixedOffset, Utc};

use crate::error::ApiError;

/// A range whose ends are both optional; `from` is never after `to`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRange {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeRangeError {
    #[error("{field}: not an RFC 3339 time such as 2026-12-01T00:00:00Z: {text:?}")]
    NotATime { field: &'static str, text: String },
    #[error("from: must not be after `to`")]
    FromAfterTo,
}

impl TimeRange {
    /// Reads `from` and `to` as given in the query string (absent: no bound; empty is no time,
    /// and refused like any other).
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<TimeRange, TimeRangeError> {
        let range = TimeRange { from: instant("from", from)?, to: instant("to", to)? };
        match range {
            TimeRange { from: Some(from), to: Some(to) } if from > to => {
                Err(TimeRangeError::FromAfterTo)
            }
            range => Ok(range),
        }
    }
}

/// RFC 3339, read as `chrono` reads it (which is what these parameters always accepted).
fn instant(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<DateTime<Utc>>, TimeRangeError> {
    let Some(text) = text else {
        return Ok(None);
    };
    text.parse::<DateTime<FixedOffset>>()
        .map(|t| Some(t.to_utc()))
        .map_err(|_| TimeRangeError::NotATime { field, text: text.to_string() })
}

impl From<TimeRangeError> for ApiError {
    fn from(err: TimeRangeError) -> Self {
        let field = match &err {
            TimeRangeError::NotATime { field, .. } => *field,
            TimeRangeError::FromAfterTo => "from",
        };
        ApiError::bad_request("invalid_query", err.to_string()).on_field(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_ends_and_names_the_one_at_fault() {
        let range =
            TimeRange::parse(Some("2026-12-01T00:00:00+09:00"), Some("2026-12-02T00:00:00Z"));
        assert_eq!(
            range.map(|r| r.from.map(|t| t.to_rfc3339())),
            Ok(Some("2026-11-30T15:00:00+00:00".into()))
        );
        assert_eq!(TimeRange::parse(None, None), Ok(TimeRange::default()));
        assert!(matches!(
            TimeRange::parse(None, Some("")),
            Err(TimeRangeError::NotATime { field: "to", .. })
        ));
        assert!(matches!(
            TimeRange::parse(Some("2026-12-01T00:00:00Z"), Some("yesterday")),
            Err(TimeRangeError::NotATime { field: "to", .. })
        ));
        assert!(matches!(
            TimeRange::parse(Some("2026-12-01"), None),
            Err(TimeRangeError::NotATime { field: "from", .. })
        ));
    }

    #[test]
    fn from_may_equal_to_but_not_follow_it() {
        let at = "2026-12-01T00:00:00Z";
        assert!(TimeRange::parse(Some(at), Some(at)).is_ok());
        assert_eq!(
            TimeRange::parse(Some("2026-12-01T00:00:01Z"), Some(at)),
            Err(TimeRangeError::FromAfterTo)
        );
        let err = ApiError::from(TimeRangeError::FromAfterTo);
        assert_eq!((err.code().as_ref(), err.field()), ("invalid_query", Some("from")));
    }
}
