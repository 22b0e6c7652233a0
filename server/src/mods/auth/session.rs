//! Session rows and the cookie that carries their token.

use std::time::Duration;

use actix_web::HttpResponseBuilder;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::token;
use crate::config::Config;
use crate::db::schema::{member, organization, person, session};
use crate::error::ApiResult;
use crate::mods::organization::OrganizationRow;
use crate::mods::team::MemberRow;

pub const SESSION_COOKIE: &str = "loquent_session";

pub struct NewSession {
    pub person_id: Uuid,
    /// The membership the session starts in.
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
            session::person_id.eq(new.person_id),
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

/// The live (unexpired, unrevoked) session holding this token, with the membership it works in
/// and that organization.
pub async fn find_live(
    conn: &mut AsyncPgConnection,
    token: &str,
) -> QueryResult<Option<(Uuid, MemberRow, OrganizationRow)>> {
    session::table
        .inner_join(member::table.inner_join(person::table).inner_join(organization::table))
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
    me: &loquent_shared::Me,
    config: &Config,
) -> ApiResult<actix_web::HttpResponse> {
    Ok(HttpResponseBuilder::new(status).cookie(cookie(token, config)).json(me))
}

/// Moves the session to another membership of its person; false if the session is gone or the
/// membership isn't the same person's (then nothing changes).
pub async fn switch_membership(
    conn: &mut AsyncPgConnection,
    session_id: Uuid,
    person_id: Uuid,
    member_id: Uuid,
) -> QueryResult<bool> {
    let theirs = member::table
        .filter(member::id.eq(member_id))
        .filter(member::person_id.eq(person_id))
        .select(member::id);
    let moved = diesel::update(
        session::table
            .filter(session::id.eq(session_id))
            .filter(session::person_id.eq(person_id))
            .filter(diesel::dsl::exists(theirs)),
    )
    .set(session::member_id.eq(member_id))
    .execute(conn)
    .await?;
    Ok(moved == 1)
}

/// One of a person's live sessions, for the account page.
#[derive(Debug, Clone, Queryable)]
pub struct LiveSession {
    pub id: Uuid,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The person's live sessions, newest first.
pub async fn live_for_person(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
) -> QueryResult<Vec<LiveSession>> {
    session::table
        .filter(session::person_id.eq(person_id))
        .filter(session::revoked_at.is_null())
        .filter(session::expires_at.gt(Utc::now()))
        .order((session::created_at.desc(), session::id))
        .select((
            session::id,
            session::user_agent,
            session::ip_address,
            session::created_at,
            session::expires_at,
        ))
        .load(conn)
        .await
}

/// Which of a person's sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Ending {
    /// This one session.
    One(Uuid),
    /// Every session but this one (after a password change).
    AllBut(Uuid),
    /// Every session (after a password reset).
    All,
}

/// Revokes the person's sessions `which`; how many were live.
pub async fn revoke_for_person(
    conn: &mut AsyncPgConnection,
    person_id: Uuid,
    which: Ending,
) -> QueryResult<usize> {
    let live = session::table
        .filter(session::person_id.eq(person_id))
        .filter(session::revoked_at.is_null())
        .into_boxed();
    let chosen = match which {
        Ending::One(id) => live.filter(session::id.eq(id)),
        Ending::AllBut(id) => live.filter(session::id.ne(id)),
        Ending::All => live,
    };
    let ids: Vec<Uuid> = chosen.select(session::id).load(conn).await?;
    diesel::update(session::table.filter(session::id.eq_any(&ids)))
        .set(session::revoked_at.eq(Utc::now()))
        .execute(conn)
        .await
}
