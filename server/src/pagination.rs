//! Keyset pagination for "newest first" lists: the cursor is the last item's (created_at, id),
//! opaque to clients, so pages stay stable while new rows arrive.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    /// `<microseconds since 1970>_<id>`: opaque to clients, but a shape the spec can state
    /// ([`loquent_shared::patterns::CURSOR`]), so a client can tell a mangled one before sending.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.created_at.timestamp_micros(), self.id.hyphenated())
    }

    /// Reads a cursor back only in exactly the form [`Cursor::encode`] writes.
    pub fn decode(raw: &str) -> Result<Cursor, ApiError> {
        let invalid = || {
            ApiError::bad_request("invalid_cursor", "cursor: not a cursor this API returned")
                .on_field("cursor")
        };
        let (micros, id) = raw.split_once('_').ok_or_else(invalid)?;
        let created_at =
            micros.parse().ok().and_then(DateTime::from_timestamp_micros).ok_or_else(invalid)?;
        let cursor = Cursor { created_at, id: id.parse().map_err(|_| invalid())? };
        // One spelling per cursor: `+5`, `05` or an upper-case id are not what was handed out.
        if cursor.encode() != raw {
            return Err(invalid());
        }
        Ok(cursor)
    }
}

/// `?cursor=…&limit=…`, shared by every paginated list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `next_cursor` from the previous page.
    #[param(
        pattern = r"^(0|-?[1-9][0-9]{0,15})_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )]
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

impl PageParams {
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::bad_request(
                "invalid_query",
                format!("limit: must be between 1 and {MAX_LIMIT}"),
            )
            .on_field("limit")),
        }
    }

    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        self.cursor.as_deref().map(Cursor::decode).transpose()
    }
}

/// Splits `limit + 1` fetched rows into a page and the cursor of the next one.
pub fn page<T>(
    mut rows: Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> Cursor,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|r| key(r).encode());
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let c = Cursor { created_at: Utc::now(), id: Uuid::new_v4() };
        let decoded = Cursor::decode(&c.encode()).expect("decodes");
        assert_eq!(decoded.id, c.id);
        assert_eq!(decoded.created_at.timestamp_micros(), c.created_at.timestamp_micros());
        let id = Uuid::new_v4();
        for junk in [
            String::new(),
            "!!".into(),
            "bm9wZQ".into(),
            "123_not-a-uuid".into(),
            format!("0123_{id}"),
            format!("+123_{id}"),
            format!("123_{}", id.to_string().to_uppercase()),
            format!("123_{}", id.simple()),
            format!("99999999999999999999_{id}"),
        ] {
            assert!(Cursor::decode(&junk).is_err(), "{junk}");
        }
    }
}
