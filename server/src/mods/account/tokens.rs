//! `account_token` rows: the single-use links mailed to a person. Only the secret's SHA-256 is
//! stored; the token exists unhashed only in the mail.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bytea, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::error::AccountError;
use crate::db::schema::{account_token, person};
use crate::mods::auth::token::link_token;

/// What a link is for; the `purpose` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    PasswordReset,
    EmailChange,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailChange => "email_change",
        }
    }

    /// How long a link stays good: a reset link is a key to the account, so it lasts an hour;
    /// a new address's confirmation may wait in an inbox the person rarely opens.
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Purpose::PasswordReset => chrono::Duration::hours(1),
            Purpose::EmailChange => chrono::Duration::hours(24),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_token, check_for_backend(diesel::pg::Pg))]
pub struct TokenRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub secret_hash: Vec<u8>,
    /// The address an email-change link confirms; `None` for a reset link.
    pub new_email: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// A link just stored.
#[derive(Debug)]
pub struct Issued {
    /// What the mail carries: the only time it exists unhashed.
    pub token: String,
    pub person_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// Stores a link confirming `new_email` (normalized) as the person's sign-in email. Their
/// older unused email-change links stop working: only the newest request counts.
pub async fn issue_email_change(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
    new_email: &str,
) -> Result<Issued, AccountError> {
    let purpose = Purpose::EmailChange;
    expire_unused(conn, person_id, purpose).await?;
    let id = Uuid::new_v4();
    let link = link_token(id).map_err(AccountError::Internal)?;
    let expires_at = Utc::now() + purpose.lifetime();
    diesel::insert_into(account_token::table)
        .values((
            account_token::id.eq(id),
            account_token::person_id.eq(person_id),
            account_token::purpose.eq(purpose.as_str()),
            account_token::secret_hash.eq(&link.secret_hash),
            account_token::new_email.eq(new_email),
            account_token::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(Issued { token: link.token, person_id, expires_at })
}

/// Stores a reset link for whoever signs in with `email` (normalized), replacing their older
/// unused ones; `None` when nobody does. The same statements run either way, so the answer
/// takes about as long for an unknown email as for a known one.
pub async fn issue_password_reset(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> Result<Option<Issued>, AccountError> {
    let purpose = Purpose::PasswordReset;
    let theirs = person::table.filter(person::email.eq(email)).select(person::id);
    diesel::update(
        account_token::table
            .filter(account_token::person_id.eq_any(theirs))
            .filter(account_token::purpose.eq(purpose.as_str()))
            .filter(account_token::used_at.is_null())
            .filter(account_token::expires_at.gt(Utc::now())),
    )
    .set(account_token::expires_at.eq(Utc::now()))
    .execute(conn)
    .await?;

    let id = Uuid::new_v4();
    let link = link_token(id).map_err(AccountError::Internal)?;
    let expires_at = Utc::now() + purpose.lifetime();
    let row = person::table.filter(person::email.eq(email)).select((
        id.into_sql::<diesel::sql_types::Uuid>(),
        person::id,
        purpose.as_str().into_sql::<Text>(),
        link.secret_hash.clone().into_sql::<Bytea>(),
        None::<String>.into_sql::<Nullable<Text>>(),
        expires_at.into_sql::<Timestamptz>(),
    ));
    let person_id: Option<Uuid> = diesel::insert_into(account_token::table)
        .values(row)
        .into_columns((
            account_token::id,
            account_token::person_id,
            account_token::purpose,
            account_token::secret_hash,
            account_token::new_email,
            account_token::expires_at,
        ))
        .returning(account_token::person_id)
        .get_result(conn)
        .await
        .optional()?;
    Ok(person_id.map(|person_id| Issued { token: link.token, person_id, expires_at }))
}

/// The link `id` of this purpose, used or not.
pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    purpose: Purpose,
) -> QueryResult<Option<TokenRow>> {
    account_token::table
        .filter(account_token::id.eq(id))
        .filter(account_token::purpose.eq(purpose.as_str()))
        .select(TokenRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks the link used if it still can be: unused and unexpired, checked in the same
/// statement, so of two requests racing with one link exactly one gets the row.
pub async fn consume(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<TokenRow>> {
    let now = Utc::now();
    diesel::update(
        account_token::table
            .filter(account_token::id.eq(id))
            .filter(account_token::used_at.is_null())
            .filter(account_token::expires_at.gt(now)),
    )
    .set(account_token::used_at.eq(now))
    .returning(TokenRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Ends the person's unused links of this purpose now (they then answer "expired"), e.g. the
/// reset links still in an inbox once the password has changed.
pub async fn expire_unused(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
    purpose: Purpose,
) -> QueryResult<usize> {
    let now = Utc::now();
    diesel::update(
        account_token::table
            .filter(account_token::person_id.eq(person_id))
            .filter(account_token::purpose.eq(purpose.as_str()))
            .filter(account_token::used_at.is_null())
            .filter(account_token::expires_at.gt(now)),
    )
    .set(account_token::expires_at.eq(now))
    .execute(conn)
    .await
}
