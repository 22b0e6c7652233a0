use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{ApiKey, ApiKeyScope};
use uuid::Uuid;

use super::error::ApiKeyError;
use crate::db::schema::{api_key, member, organization, person};
use crate::mods::auth::token;
use crate::mods::organization::OrganizationRow;
use crate::mods::team::MemberRow;

/// Every key starts with this, so leaked keys are recognisable (and scannable) as Loquent's.
pub const KEY_PREFIX: &str = "lq_";
/// How much of the key is kept in clear to tell keys apart in listings.
const SHOWN_PREFIX_LEN: usize = 10;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_key, check_for_backend(diesel::pg::Pg))]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub created_by: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub scope: String,
}

impl ApiKeyRow {
    pub fn scope(&self) -> Result<ApiKeyScope, ApiKeyError> {
        ApiKeyScope::parse(&self.scope)
            .ok_or_else(|| ApiKeyError::UnknownScope { id: self.id, value: self.scope.clone() })
    }

    /// Whether the key has stopped working by `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// The key as listed, `expired` as of `now`.
    pub fn to_dto(&self, now: DateTime<Utc>) -> Result<ApiKey, ApiKeyError> {
        Ok(ApiKey {
            id: self.id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            created_by: self.created_by,
            scope: self.scope()?,
            created_at: self.created_at,
            expires_at: self.expires_at,
            expired: self.is_expired(now),
            last_used_at: self.last_used_at,
        })
    }
}

/// What a new key is called, how long it lasts and what it may do.
#[derive(Debug, Clone)]
pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
    pub scope: ApiKeyScope,
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<ApiKeyRow>> {
    api_key::table
        .filter(api_key::organization_id.eq(organization_id))
        .order((api_key::created_at.desc(), api_key::id))
        .select(ApiKeyRow::as_select())
        .load(conn)
        .await
}

/// Creates a key; returns the row and the secret, which is never stored.
pub async fn create(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    created_by: Uuid,
    new: &NewApiKey<'_>,
) -> anyhow::Result<(ApiKeyRow, String)> {
    let secret = format!("{KEY_PREFIX}{}", token::random_token()?);
    let row = diesel::insert_into(api_key::table)
        .values((
            api_key::organization_id.eq(organization_id),
            api_key::created_by.eq(created_by),
            api_key::name.eq(new.name),
            api_key::prefix.eq(&secret[..SHOWN_PREFIX_LEN]),
            api_key::key_hash.eq(token::hash_token(&secret)),
            api_key::expires_at.eq(new.expires_at),
            api_key::scope.eq(new.scope.as_str()),
        ))
        .returning(ApiKeyRow::as_returning())
        .get_result(conn)
        .await?;
    Ok((row, secret))
}

/// Deletes one of the organization's keys; `false` when it has no such key.
pub async fn delete(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> QueryResult<bool> {
    let deleted = diesel::delete(
        api_key::table
            .filter(api_key::id.eq(id))
            .filter(api_key::organization_id.eq(organization_id)),
    )
    .execute(conn)
    .await?;
    Ok(deleted > 0)
}

/// What a bearer secret turned out to be.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "made once per request and taken apart at once: a box would only add an allocation"
)]
pub enum KeyCheck {
    /// A live key: the member it acts as, their organization, and what it may do.
    Valid { id: Uuid, scope: ApiKeyScope, member: MemberRow, organization: OrganizationRow },
    /// A key of ours that stopped working at `expired_at`.
    Expired { expired_at: DateTime<Utc> },
    /// Not a key (any more): never issued, revoked, or its creator left the organization.
    Unknown,
}

/// Checks a bearer secret; a live key's use is noted (at most once a minute, so busy
/// integrations don't turn every read into a write).
pub async fn authenticate(
    conn: &mut AsyncPgConnection,
    secret: &str,
) -> Result<KeyCheck, ApiKeyError> {
    if !secret.starts_with(KEY_PREFIX) {
        return Ok(KeyCheck::Unknown);
    }
    let found = api_key::table
        .inner_join(
            member::table
                .on(member::id.eq(api_key::created_by))
                .inner_join(person::table.on(person::id.eq(member::person_id))),
        )
        .inner_join(organization::table.on(organization::id.eq(api_key::organization_id)))
        .filter(api_key::key_hash.eq(token::hash_token(secret)))
        // A key acts within its own organization only, even if its creator's changes.
        .filter(member::organization_id.eq(api_key::organization_id))
        .select((ApiKeyRow::as_select(), MemberRow::as_select(), OrganizationRow::as_select()))
        .first::<(ApiKeyRow, MemberRow, OrganizationRow)>(conn)
        .await
        .optional()?;
    let Some((key, member, organization)) = found else { return Ok(KeyCheck::Unknown) };
    let now = Utc::now();
    if let Some(expired_at) = key.expires_at.filter(|_| key.is_expired(now)) {
        return Ok(KeyCheck::Expired { expired_at });
    }
    let scope = key.scope()?;
    let stale = now - chrono::Duration::minutes(1);
    diesel::update(
        api_key::table
            .filter(api_key::id.eq(key.id))
            .filter(api_key::last_used_at.is_null().or(api_key::last_used_at.lt(stale))),
    )
    .set(api_key::last_used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(KeyCheck::Valid { id: key.id, scope, member, organization })
}
