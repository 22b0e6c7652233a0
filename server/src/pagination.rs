//! Keyset pagination for "newest first" lists: the cursor is the last item's (created_at, id),
//! opaque to clients, so pages stay stable while new rows arrive.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
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
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.created_at.timestamp_micros(), self.id))
    }

    pub fn decode(raw: &str) -> Result<Cursor, ApiError> {
        let invalid = || {
            ApiError::bad_request("invalid_cursor", "cursor: not a cursor this API returned")
                .on_field("cursor")
        };
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (micros, id) = text.split_once('|').ok_or_else(invalid)?;
        let created_at = DateTime::from_timestamp_micros(micros.parse().map_err(|_| invalid())?)
            .ok_or_else(invalid)?;
        Ok(Cursor { created_at, id: id.parse().map_err(|_| invalid())? })
    }
}

/// `?cursor=…&limit=…`, shared by every paginated list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
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
        self.cursor.as_deref().filter(|c| !c.is_empty()).map(Cursor::decode).transpose()
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
        for junk in ["", "!!", "bm9wZQ", "MTIzfG5vdC1hLXV1aWQ"] {
            assert!(Cursor::decode(junk).is_err(), "{junk}");
        }
    }
}
