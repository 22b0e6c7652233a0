//! Opening a mailed link: which row its token names, whether the secret is that row's, and
//! whether it can still be used, told in words when it can't.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;

use super::error::AccountError;
use super::tokens::{self, Purpose, TokenRow};
use crate::mods::auth::token::{parse_link_token, secret_matches};

/// The usable link `token` names. Unknown, malformed, another purpose's and a wrong secret all
/// answer [`AccountError::LinkNotFound`]; the secret is compared in constant time.
pub async fn check(
    conn: &mut AsyncPgConnection,
    token: &str,
    purpose: Purpose,
) -> Result<TokenRow, AccountError> {
    let (id, secret) = parse_link_token(token).ok_or(AccountError::LinkNotFound)?;
    let row = tokens::find(conn, id, purpose).await?.ok_or(AccountError::LinkNotFound)?;
    if !secret_matches(secret, &row.secret_hash) {
        return Err(AccountError::LinkNotFound);
    }
    usable(&row, Utc::now())?;
    Ok(row)
}

/// Uses up a link [`check`] accepted. Call it in the transaction that does what the link is
/// for: when another request used the link first (or it expired since), this one is refused
/// and its transaction rolls back.
pub async fn redeem(
    conn: &mut AsyncPgConnection,
    checked: &TokenRow,
    purpose: Purpose,
) -> Result<TokenRow, AccountError> {
    if let Some(row) = tokens::consume(conn, checked.id).await? {
        return Ok(row);
    }
    let now = tokens::find(conn, checked.id, purpose).await?.ok_or(AccountError::LinkNotFound)?;
    usable(&now, Utc::now())?;
    Err(AccountError::LinkUsed)
}

/// Why a link can't be used, if it can't: a used link says so even once it is also past its
/// time, since that is what the person needs to know.
fn usable(row: &TokenRow, now: DateTime<Utc>) -> Result<(), AccountError> {
    if row.used_at.is_some() {
        Err(AccountError::LinkUsed)
    } else if row.expires_at <= now {
        Err(AccountError::LinkExpired)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(expires_in: i64, used: bool) -> TokenRow {
        let now = Utc::now();
        TokenRow {
            id: uuid::Uuid::new_v4(),
            person_id: uuid::Uuid::new_v4(),
            secret_hash: vec![],
            new_email: None,
            expires_at: now + chrono::Duration::minutes(expires_in),
            used_at: used.then_some(now),
        }
    }

    #[test]
    fn a_used_link_says_used_even_when_expired() {
        let now = Utc::now();
        assert!(usable(&row(10, false), now).is_ok());
        assert!(matches!(usable(&row(-10, false), now), Err(AccountError::LinkExpired)));
        assert!(matches!(usable(&row(10, true), now), Err(AccountError::LinkUsed)));
        assert!(matches!(usable(&row(-10, true), now), Err(AccountError::LinkUsed)));
    }
}
