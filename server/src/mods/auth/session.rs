//! Session rows and the cookie that carries their token.

use std::time::Duration;

use actix_web::HttpResponseBuilder;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::Me;
use uuid::Uuid;

use super::token;
use crate::config::Config;
use crate::db::schema::{member, organization, session};
use crate::error::ApiResult;
use crate::mods::organization::{MemberRow, OrganizationRow};

pub const SESSION_COOKIE: &str = "loquent_session";

pub struct NewSession {
    pub member_id: Uuid,
    pub user_agent: Option<String>,
    pub ip_address: String,
}

/// Stores a new session and returns its token: the only time the token exists unhashed.
pub async fn create(
    conn: &mut AsyncPgConnection,
    new: NewSession,
    ttl: Duration,
) -> anyhow::Result<String> {
    let token = token::random_token()?;
    let expires_at = Utc::now() + chrono::Duration::from_std(ttl)?;
    diesel::insert_into(session::table)
        .values((
            session::member_id.eq(new.member_id),
            session::token_hash.eq(token::hash_token(&token)),
            session::expires_at.eq(expires_at),
            session::user_agent.eq(new.user_agent),
            session::ip_address.eq(new.ip_address),
        ))
        .execute(conn)
        .await?;
    Ok(token)
}

/// The live (unexpired, unrevoked) session holding this token, with its member and organization.
pub async fn find_live(
    conn: &mut AsyncPgConnection,
    token: &str,
) -> QueryResult<Option<(Uuid, MemberRow, OrganizationRow)>> {
    session::table
        .inner_join(member::table.inner_join(organization::table))
        .filter(session::token_hash.eq(token::hash_token(token)))
        .filter(session::revoked_at.is_null())
        .filter(session::expires_at.gt(Utc::now()))
        .select((session::id, MemberRow::as_select(), OrganizationRow::as_select()))
        .first(conn)
        .await
        .optional()
}

/// Revokes the session holding this token, if any. Revoked rows stay for the audit trail
/// until housekeeping removes them.
pub async fn revoke(conn: &mut AsyncPgConnection, token: &str) -> QueryResult<usize> {
    diesel::update(
        session::table
            .filter(session::token_hash.eq(token::hash_token(token)))
            .filter(session::revoked_at.is_null()),
    )
    .set(session::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await
}

/// Removes sessions that expired or were revoked before `cutoff`.
pub async fn purge_dead_before(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(
        session::table.filter(session::expires_at.lt(cutoff).or(session::revoked_at.lt(cutoff))),
    )
    .execute(conn)
    .await
}

pub fn cookie(token: String, config: &Config) -> Cookie<'static> {
    let max_age = actix_web::cookie::time::Duration::seconds(
        i64::try_from(config.session_ttl.as_secs()).unwrap_or(i64::MAX),
    );
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.cookies_secure())
        .max_age(max_age)
        .finish()
}

pub fn removal_cookie(config: &Config) -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.cookies_secure())
        .finish();
    c.make_removal();
    c
}

/// The answer to a successful sign-up or sign-in: the session cookie and who is now signed in.
pub fn signed_in_response(
    status: StatusCode,
    token: String,
    member: &MemberRow,
    organization: &OrganizationRow,
    config: &Config,
) -> ApiResult<actix_web::HttpResponse> {
    let me = Me { member: member.to_dto()?, organization: organization.into() };
    Ok(HttpResponseBuilder::new(status).cookie(cookie(token, config)).json(me))
}
