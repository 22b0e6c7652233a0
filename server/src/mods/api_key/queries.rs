use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::ApiKey;
use uuid::Uuid;

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
}

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            created_by: row.created_by,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
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
    name: &str,
) -> anyhow::Result<(ApiKeyRow, String)> {
    let secret = format!("{KEY_PREFIX}{}", token::random_token()?);
    let row = diesel::insert_into(api_key::table)
        .values((
            api_key::organization_id.eq(organization_id),
            api_key::created_by.eq(created_by),
            api_key::name.eq(name),
            api_key::prefix.eq(&secret[..SHOWN_PREFIX_LEN]),
            api_key::key_hash.eq(token::hash_token(&secret)),
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

/// The key's id, the member it acts as, and their organization; also notes the key's use
/// (at most once a minute, so busy integrations don't turn every read into a write).
pub async fn authenticate(
    conn: &mut AsyncPgConnection,
    secret: &str,
) -> QueryResult<Option<(Uuid, MemberRow, OrganizationRow)>> {
    if !secret.starts_with(KEY_PREFIX) {
        return Ok(None);
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
        .select((api_key::id, MemberRow::as_select(), OrganizationRow::as_select()))
        .first::<(Uuid, MemberRow, OrganizationRow)>(conn)
        .await
        .optional()?;
    if let Some((id, _, _)) = &found {
        let stale = Utc::now() - chrono::Duration::minutes(1);
        diesel::update(
            api_key::table
                .filter(api_key::id.eq(id))
                .filter(api_key::last_used_at.is_null().or(api_key::last_used_at.lt(stale))),
        )
        .set(api_key::last_used_at.eq(Utc::now()))
        .execute(conn)
        .await?;
    }
    Ok(found)
}
