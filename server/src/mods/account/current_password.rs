//! Checking the password a signed-in person types to confirm a change. A stolen session must
//! not be able to guess it, so guesses are limited like sign-in attempts.

use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use super::error::AccountError;
use super::queries as people;
use crate::config::LoginLimit;
use crate::mods::auth::{password, rate_limit};

/// `Ok` when `given` is the person's password. Every attempt counts against the person's
/// limit before the check (so guesses past it learn nothing); the right password clears it.
pub async fn check(
    conn: &mut AsyncPgConnection,
    limit: LoginLimit,
    person_id: Uuid,
    given: String,
) -> Result<(), AccountError> {
    let bucket = format!("current_password:person:{person_id}");
    rate_limit::hit(conn, &bucket, limit.per_email, limit.window).await?;
    let stored = people::password_hash(conn, person_id).await?;
    if !password::verify(given, Some(stored)).await.map_err(AccountError::Internal)? {
        tracing::info!("current password refused");
        return Err(AccountError::WrongPassword);
    }
    rate_limit::reset(conn, &bucket).await?;
    Ok(())
}
