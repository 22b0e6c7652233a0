//! `invitation` rows. An invitation is open until it is accepted or revoked; its emailed link
//! works while it is open and unexpired and its secret is the latest one sent.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use loquent_shared::{Invitation, InvitationStatus, Role};
use uuid::Uuid;

use super::error::TeamError;
use crate::db::schema::{invitation, member, organization, person};

/// How long a link works after it is sent.
pub const VALID_FOR: chrono::Duration = chrono::Duration::days(7);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitation, check_for_backend(diesel::pg::Pg))]
pub struct InvitationRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub role: String,
    pub secret_hash: Vec<u8>,
    pub invited_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub sent_at: DateTime<Utc>,
    pub send_count: i32,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl InvitationRow {
    pub fn role(&self) -> Result<Role, TeamError> {
        Role::parse(&self.role).ok_or_else(|| TeamError::Unreadable {
            what: "invitation",
            id: self.id,
            value: self.role.clone(),
        })
    }

    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

/// An invitation with the name of the member who sent it (while they are a member).
#[derive(Debug, Clone)]
pub struct Invited {
    pub row: InvitationRow,
    pub inviter: Option<String>,
}

impl Invited {
    /// As the Team page lists it; only open invitations are listed, so pending or expired.
    pub fn to_dto(&self, now: DateTime<Utc>) -> Result<Invitation, TeamError> {
        let row = &self.row;
        Ok(Invitation {
            id: row.id,
            email: row.email.clone(),
            role: row.role()?,
            status: if row.is_expired(now) {
                InvitationStatus::Expired
            } else {
                InvitationStatus::Pending
            },
            invited_by: self.inviter.clone(),
            created_at: row.created_at,
            sent_at: row.sent_at,
            expires_at: row.expires_at,
        })
    }
}

pub struct NewInvitation<'a> {
    /// Chosen before the row is stored: the link token names it.
    pub id: Uuid,
    pub organization_id: Uuid,
    /// Already normalized.
    pub email: &'a str,
    pub role: Role,
    pub secret_hash: &'a [u8],
    pub invited_by: Uuid,
}

/// Stores an invitation sent now, valid [`VALID_FOR`]. A unique violation means the address
/// has an open invitation to the organization already.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: NewInvitation<'_>,
) -> QueryResult<InvitationRow> {
    let now = Utc::now();
    diesel::insert_into(invitation::table)
        .values((
            invitation::id.eq(new.id),
            invitation::organization_id.eq(new.organization_id),
            invitation::email.eq(new.email),
            invitation::role.eq(new.role.as_str()),
            invitation::secret_hash.eq(new.secret_hash),
            invitation::invited_by.eq(new.invited_by),
            invitation::created_at.eq(now),
            invitation::sent_at.eq(now),
            invitation::expires_at.eq(now + VALID_FOR),
        ))
        .returning(InvitationRow::as_returning())
        .get_result(conn)
        .await
}

/// Neither accepted nor revoked (perhaps expired).
macro_rules! is_open {
    () => {
        invitation::accepted_at.is_null().and(invitation::revoked_at.is_null())
    };
}

/// The organization's open invitations, newest first, with who sent them.
pub async fn list_open(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
) -> QueryResult<Vec<Invited>> {
    let rows: Vec<(InvitationRow, Option<String>)> = invitation::table
        .left_join(member::table.inner_join(person::table))
        .filter(invitation::organization_id.eq(organization_id))
        .filter(is_open!())
        .order((invitation::created_at.desc(), invitation::id))
        .select((InvitationRow::as_select(), person::name.nullable()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|(row, inviter)| Invited { row, inviter }).collect())
}

/// The organization's open invitation `id`, if it has one.
pub async fn find_open(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<Invited>> {
    let found: Option<(InvitationRow, Option<String>)> = invitation::table
        .left_join(member::table.inner_join(person::table))
        .filter(invitation::id.eq(id))
        .filter(invitation::organization_id.eq(organization_id))
        .filter(is_open!())
        .select((InvitationRow::as_select(), person::name.nullable()))
        .first(conn)
        .await
        .optional()?;
    Ok(found.map(|(row, inviter)| Invited { row, inviter }))
}

/// Whether the organization has an open invitation for this (normalized) email.
pub async fn has_open_for(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    email: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        invitation::table
            .filter(invitation::organization_id.eq(organization_id))
            .filter(invitation::email.eq(email))
            .filter(is_open!()),
    ))
    .get_result(conn)
    .await
}

/// An invitation found by its link, in whatever state, with the organization's name: the
/// link's holder is told what became of it.
pub struct Linked {
    pub invited: Invited,
    pub organization_name: String,
}

/// The invitation a link names, whichever organization it belongs to: the link's id and
/// secret are the proof, checked by the caller ([`super::link`]).
pub async fn find_linked(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Linked>> {
    let found: Option<(InvitationRow, String, Option<String>)> = invitation::table
        .inner_join(organization::table)
        .left_join(member::table.inner_join(person::table))
        .filter(invitation::id.eq(id))
        .select((InvitationRow::as_select(), organization::name, person::name.nullable()))
        .first(conn)
        .await
        .optional()?;
    Ok(found.map(|(row, organization_name, inviter)| Linked {
        invited: Invited { row, inviter },
        organization_name,
    }))
}

/// Sends the open invitation again: a new secret (the old link stops working) and a new
/// week from now. `None` when it is no longer open.
pub async fn reissue(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
    secret_hash: &[u8],
) -> QueryResult<Option<InvitationRow>> {
    let now = Utc::now();
    diesel::update(
        invitation::table
            .filter(invitation::id.eq(id))
            .filter(invitation::organization_id.eq(organization_id))
            .filter(is_open!()),
    )
    .set((
        invitation::secret_hash.eq(secret_hash),
        invitation::sent_at.eq(now),
        invitation::expires_at.eq(now + VALID_FOR),
        invitation::send_count.eq(invitation::send_count + 1),
    ))
    .returning(InvitationRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Revokes the open invitation; `None` when it is no longer open.
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    organization_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<InvitationRow>> {
    diesel::update(
        invitation::table
            .filter(invitation::id.eq(id))
            .filter(invitation::organization_id.eq(organization_id))
            .filter(is_open!()),
    )
    .set(invitation::revoked_at.eq(Utc::now()))
    .returning(InvitationRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Marks the invitation accepted if it still is open, unexpired and holds this secret: of two
/// people accepting one link at once, exactly one gets `true`.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    secret_hash: &[u8],
) -> QueryResult<bool> {
    let now = Utc::now();
    let claimed = diesel::update(
        invitation::table
            .filter(invitation::id.eq(id))
            .filter(is_open!())
            .filter(invitation::expires_at.gt(now))
            .filter(invitation::secret_hash.eq(secret_hash)),
    )
    .set(invitation::accepted_at.eq(now))
    .execute(conn)
    .await?;
    Ok(claimed == 1)
}
